import { SafeRegex } from '../safe-regex';
import { jsonEqual, jsonTypeOf, type JsonType } from './json-values';

/**
 * The JSON Schema subset the evaluator understands (draft 2020-12 semantics for these keywords):
 * type, enum, const; minimum, maximum, exclusiveMinimum, exclusiveMaximum; minLength, maxLength,
 * pattern; items, minItems, maxItems; properties, required, additionalProperties; allOf, anyOf, oneOf;
 * boolean schemas. Annotations (title, description, $schema...) are accepted and ignored. Any other
 * keyword ($ref, if/then, format...) is refused when the schema is compiled, so a metric never
 * silently skips a constraint its author wrote.
 */
export const SUPPORTED_KEYWORDS = [
  'type', 'enum', 'const',
  'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum',
  'minLength', 'maxLength', 'pattern',
  'items', 'minItems', 'maxItems',
  'properties', 'required', 'additionalProperties',
  'allOf', 'anyOf', 'oneOf',
] as const;
const ANNOTATIONS = new Set(['$schema', '$id', '$comment', 'title', 'description', 'default', 'examples', 'deprecated', 'readOnly', 'writeOnly']);
const KNOWN = new Set<string>([...SUPPORTED_KEYWORDS, ...ANNOTATIONS]);
const TYPES: readonly JsonType[] = ['null', 'boolean', 'object', 'array', 'number', 'integer', 'string'];

/** A validation failure: where (a JSON path like $.items[2].name) and what. */
export interface SchemaViolation {
  path: string;
  message: string;
}

export type JsonValidator = (value: unknown) => SchemaViolation[];

export class InvalidSchemaError extends Error {}

/**
 * Bounds on a user's schema, checked before anything is compiled: the API compiles every schema
 * of a job on each create and dry run, and every subschema and pattern runs on every generation,
 * so the work one small request body can cause must stay bounded.
 */
export const JSON_SCHEMA_LIMITS = { maxSubschemas: 256, maxPatterns: 16, maxDepth: 16 } as const;

function checkSchemaSize(schema: unknown): void {
  let subschemas = 0;
  let patterns = 0;
  const visit = (node: unknown, depth: number): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item, depth);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    if (depth > JSON_SCHEMA_LIMITS.maxDepth) throw new InvalidSchemaError(`the schema nests deeper than ${JSON_SCHEMA_LIMITS.maxDepth} levels`);
    if (++subschemas > JSON_SCHEMA_LIMITS.maxSubschemas) throw new InvalidSchemaError(`the schema has more than ${JSON_SCHEMA_LIMITS.maxSubschemas} subschemas`);
    const record = node as Record<string, unknown>;
    if (typeof record.pattern === 'string' && ++patterns > JSON_SCHEMA_LIMITS.maxPatterns) {
      throw new InvalidSchemaError(`the schema has more than ${JSON_SCHEMA_LIMITS.maxPatterns} patterns`);
    }
    for (const [key, value] of Object.entries(record)) {
      // `properties` maps names to subschemas: its own object is not a subschema.
      if (key === 'properties' && value && typeof value === 'object' && !Array.isArray(value)) {
        for (const sub of Object.values(value)) visit(sub, depth + 1);
      } else if (typeof value === 'object') visit(value, depth + 1);
    }
  };
  visit(schema, 0);
}

/** Checks the schema once (size, keywords, types, patterns) and returns a validator for values. */
export function compileJsonSchema(schema: unknown): JsonValidator {
  checkSchemaSize(schema);
  const validate = compile(schema, '#');
  return (value) => {
    const violations: SchemaViolation[] = [];
    validate(value, '$', violations);
    return violations;
  };
}

type Check = (value: unknown, path: string, out: SchemaViolation[]) => void;

function compile(schema: unknown, at: string): Check {
  if (schema === true) return () => {};
  if (schema === false) return (_v, path, out) => void out.push({ path, message: 'no value is allowed here (schema false)' });
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) throw new InvalidSchemaError(`${at}: a schema is an object or a boolean`);
  const s = schema as Record<string, unknown>;
  const unknown = Object.keys(s).filter((k) => !KNOWN.has(k));
  if (unknown.length > 0) {
    throw new InvalidSchemaError(`${at}: unsupported keyword${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (supported: ${SUPPORTED_KEYWORDS.join(', ')})`);
  }
  const checks: Check[] = [];
  const add = (check: Check) => checks.push(check);

  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? s.type : [s.type];
    if (types.length === 0 || types.some((t) => !TYPES.includes(t as JsonType))) throw new InvalidSchemaError(`${at}/type: expected one or more of ${TYPES.join(', ')}`);
    add((v, path, out) => {
      const actual = jsonTypeOf(v);
      const ok = types.some((t) => t === actual || (t === 'number' && actual === 'integer'));
      if (!ok) out.push({ path, message: `expected ${types.join(' or ')}, got ${actual}` });
    });
  }
  if (s.enum !== undefined) {
    if (!Array.isArray(s.enum) || s.enum.length === 0) throw new InvalidSchemaError(`${at}/enum: expected a non-empty array`);
    const options = s.enum;
    add((v, path, out) => {
      if (!options.some((o) => jsonEqual(o, v))) out.push({ path, message: `must be one of ${options.map((o) => JSON.stringify(o)).join(', ')}` });
    });
  }
  if ('const' in s) {
    const expected = s.const;
    add((v, path, out) => {
      if (!jsonEqual(expected, v)) out.push({ path, message: `must equal ${JSON.stringify(expected)}` });
    });
  }

  const bound = (key: string, fails: (v: number, limit: number) => boolean, words: string) => {
    if (s[key] === undefined) return;
    const limit = number(s[key], `${at}/${key}`);
    add((v, path, out) => {
      if (typeof v === 'number' && fails(v, limit)) out.push({ path, message: `must be ${words} ${limit}` });
    });
  };
  bound('minimum', (v, m) => v < m, '>=');
  bound('maximum', (v, m) => v > m, '<=');
  bound('exclusiveMinimum', (v, m) => v <= m, '>');
  bound('exclusiveMaximum', (v, m) => v >= m, '<');

  const count = (key: string, kind: 'string' | 'array', fails: (n: number, limit: number) => boolean, words: string) => {
    if (s[key] === undefined) return;
    const limit = count0(s[key], `${at}/${key}`);
    add((v, path, out) => {
      // String lengths count Unicode code points, as JSON Schema specifies.
      const n = kind === 'string' ? (typeof v === 'string' ? [...v].length : undefined) : Array.isArray(v) ? v.length : undefined;
      if (n !== undefined && fails(n, limit)) out.push({ path, message: `must have ${words} ${limit} ${kind === 'string' ? 'characters' : 'items'}` });
    });
  };
  count('minLength', 'string', (n, m) => n < m, 'at least');
  count('maxLength', 'string', (n, m) => n > m, 'at most');
  count('minItems', 'array', (n, m) => n < m, 'at least');
  count('maxItems', 'array', (n, m) => n > m, 'at most');

  if (s.pattern !== undefined) {
    if (typeof s.pattern !== 'string') throw new InvalidSchemaError(`${at}/pattern: expected a string`);
    let regex: SafeRegex;
    try {
      regex = SafeRegex.compile(s.pattern, 'u');
    } catch (error) {
      throw new InvalidSchemaError(`${at}/pattern: ${(error as Error).message}`);
    }
    add((v, path, out) => {
      if (typeof v === 'string' && !regex.test(v)) out.push({ path, message: `does not match /${s.pattern}/` });
    });
  }

  if (s.items !== undefined) {
    const item = compile(s.items, `${at}/items`);
    add((v, path, out) => {
      if (Array.isArray(v)) v.forEach((x, i) => item(x, `${path}[${i}]`, out));
    });
  }

  const properties = new Map<string, Check>();
  if (s.properties !== undefined) {
    if (!isPlainObject(s.properties)) throw new InvalidSchemaError(`${at}/properties: expected an object`);
    for (const [name, sub] of Object.entries(s.properties)) properties.set(name, compile(sub, `${at}/properties/${name}`));
  }
  const additional = s.additionalProperties === undefined ? undefined : compile(s.additionalProperties, `${at}/additionalProperties`);
  if (properties.size > 0 || additional) {
    add((v, path, out) => {
      if (!isPlainObject(v)) return;
      for (const [name, x] of Object.entries(v)) {
        const check = properties.get(name) ?? additional;
        if (!check) continue;
        if (!properties.has(name) && s.additionalProperties === false) out.push({ path: childPath(path, name), message: 'is not an allowed property' });
        else check(x, childPath(path, name), out);
      }
    });
  }
  if (s.required !== undefined) {
    if (!Array.isArray(s.required) || s.required.some((r) => typeof r !== 'string')) throw new InvalidSchemaError(`${at}/required: expected an array of strings`);
    const required = s.required as string[];
    add((v, path, out) => {
      if (!isPlainObject(v)) return;
      for (const name of required) if (!Object.prototype.hasOwnProperty.call(v, name)) out.push({ path, message: `is missing required property '${name}'` });
    });
  }

  const branches = (key: 'allOf' | 'anyOf' | 'oneOf'): Check[] | undefined => {
    if (s[key] === undefined) return undefined;
    const list = s[key];
    if (!Array.isArray(list) || list.length === 0) throw new InvalidSchemaError(`${at}/${key}: expected a non-empty array of schemas`);
    return list.map((sub, i) => compile(sub, `${at}/${key}/${i}`));
  };
  const allOf = branches('allOf');
  if (allOf) add((v, path, out) => allOf.forEach((check) => check(v, path, out)));
  const anyOf = branches('anyOf');
  if (anyOf) {
    add((v, path, out) => {
      if (!anyOf.some((check) => passes(check, v, path))) out.push({ path, message: 'matches none of the anyOf schemas' });
    });
  }
  const oneOf = branches('oneOf');
  if (oneOf) {
    add((v, path, out) => {
      const matching = oneOf.filter((check) => passes(check, v, path)).length;
      if (matching !== 1) out.push({ path, message: `must match exactly one oneOf schema, matches ${matching}` });
    });
  }
  return (v, path, out) => checks.forEach((check) => check(v, path, out));
}

function passes(check: Check, value: unknown, path: string): boolean {
  const out: SchemaViolation[] = [];
  check(value, path, out);
  return out.length === 0;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function childPath(path: string, name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? `${path}.${name}` : `${path}[${JSON.stringify(name)}]`;
}

function number(v: unknown, at: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new InvalidSchemaError(`${at}: expected a number`);
  return v;
}

function count0(v: unknown, at: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new InvalidSchemaError(`${at}: expected a non-negative integer`);
  return v;
}
