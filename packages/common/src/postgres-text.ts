// eslint-disable-next-line no-control-regex
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Postgres rejects U+0000 in text and jsonb (error 22P05), and a lone UTF-16 surrogate cannot be
 * encoded as UTF-8. Anything derived from user bytes (validation reports, error messages) goes
 * through here before it is stored, so a hostile file can never make its own outcome unstorable.
 */
export function sanitizeText(value: string): string {
  return value.replace(UNSTORABLE, '\uFFFD');
}

/** sanitizeText applied to every string (keys included) of a JSON-like value. */
export function sanitizeJson<T>(value: T): T {
  return sanitizeValue(value) as T;
}

function sanitizeValue(value: unknown): unknown {
  if (typeof value === 'string') return sanitizeText(value);
  if (Array.isArray(value)) return value.map(sanitizeValue);
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) out[sanitizeText(key)] = sanitizeValue(inner);
    return out;
  }
  return value;
}
