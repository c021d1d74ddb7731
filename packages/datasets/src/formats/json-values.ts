/** Small, non-recursive helpers for talking about parsed JSON values in messages. */

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The JSON type name of a parsed value, as users know it. */
export function jsonTypeOf(value: unknown): 'null' | 'array' | 'object' | 'string' | 'number' | 'boolean' {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const type = typeof value;
  if (type === 'string' || type === 'number' || type === 'boolean') return type;
  return 'object';
}

/** A short, safe rendering of a value for an error message (never recurses). */
export function previewValue(value: unknown, maxChars = 40): string {
  if (typeof value === 'string') {
    const quoted = JSON.stringify(value.length > maxChars ? value.slice(0, maxChars) : value);
    return value.length > maxChars ? `${quoted.slice(0, -1)}…"` : quoted;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  return `an ${jsonTypeOf(value)}`;
}

/** RFC 6901 escaping of one reference token. */
export function pointerToken(key: string | number): string {
  return typeof key === 'number' ? String(key) : key.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function hasOwn(value: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(value, key);
}

/** False when a string holds a lone UTF-16 surrogate (only a JSON \uD800-style escape can produce one). */
export function isWellFormedString(value: string): boolean {
  // String.prototype.isWellFormed is in Node 20 but not in the ES2023 lib typings.
  return (value as unknown as { isWellFormed(): boolean }).isWellFormed();
}

/**
 * True when `value` nests objects/arrays deeper than maxDepth. Iterative, so a
 * hostile 100k-deep value can't overflow the stack here (or later, in a chat
 * template's recursive tojson).
 */
export function nestsDeeperThan(value: unknown, maxDepth: number): boolean {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const top = stack.pop()!;
    if (typeof top.value !== 'object' || top.value === null) continue;
    const depth = top.depth + 1;
    if (depth > maxDepth) return true;
    const children = Array.isArray(top.value) ? top.value : Object.values(top.value);
    for (const child of children) {
      if (typeof child === 'object' && child !== null) stack.push({ value: child, depth });
    }
  }
  return false;
}
