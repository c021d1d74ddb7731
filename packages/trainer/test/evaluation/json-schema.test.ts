import { compileJsonSchema, InvalidSchemaError } from '../../src/evaluation/json-schema/compile-json-schema';

const errorsOf = (schema: unknown, value: unknown) => compileJsonSchema(schema)(value).map((v) => `${v.path}: ${v.message}`);

describe('JSON Schema subset validator', () => {
  const person = {
    type: 'object',
    properties: {
      name: { type: 'string', minLength: 2, maxLength: 5, pattern: '^[A-Z]' },
      age: { type: 'integer', minimum: 0, maximum: 150 },
      score: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
      tags: { type: 'array', items: { enum: ['a', 'b'] }, minItems: 1, maxItems: 2 },
      kind: { const: 'person' },
      'odd key': { type: 'null' },
    },
    required: ['name', 'kind'],
    additionalProperties: false,
  };

  it('accepts a conforming value', () => {
    expect(errorsOf(person, { name: 'Ann', age: 30, score: 0.5, tags: ['a'], kind: 'person', 'odd key': null })).toEqual([]);
  });

  it('reports each violation with its JSON path', () => {
    expect(errorsOf(person, { name: 'a', age: 30.5, score: 1, tags: ['c', 'a', 'b'], extra: 1, 'odd key': 0 })).toEqual([
      '$.name: must have at least 2 characters',
      '$.name: does not match /^[A-Z]/',
      '$.age: expected integer, got number',
      '$.score: must be < 1',
      '$.tags: must have at most 2 items',
      '$.tags[0]: must be one of "a", "b"',
      '$.extra: is not an allowed property',
      '$["odd key"]: expected null, got integer',
      "$: is missing required property 'kind'",
    ]);
    expect(errorsOf(person, [])).toEqual(['$: expected object, got array']);
    expect(errorsOf({ type: 'object', required: ['toString'] }, {})).toEqual(["$: is missing required property 'toString'"]);
  });

  it('counts string lengths in code points and treats integers as numbers', () => {
    expect(errorsOf({ type: 'string', maxLength: 2 }, '😀😀')).toEqual([]);
    expect(errorsOf({ type: 'number', minimum: 2 }, 3)).toEqual([]);
    expect(errorsOf({ type: ['string', 'null'] }, null)).toEqual([]);
    expect(errorsOf({ minimum: 5 }, 'not a number')).toEqual([]); // numeric keywords ignore other types
  });

  it('combines schemas with allOf, anyOf and oneOf; enum and const compare structurally', () => {
    const s = { anyOf: [{ type: 'string' }, { type: 'integer', minimum: 10 }] };
    expect(errorsOf(s, 'x')).toEqual([]);
    expect(errorsOf(s, 3)).toEqual(['$: matches none of the anyOf schemas']);
    const one = { oneOf: [{ type: 'number' }, { type: 'integer' }] };
    expect(errorsOf(one, 1.5)).toEqual([]);
    expect(errorsOf(one, 2)).toEqual(['$: must match exactly one oneOf schema, matches 2']);
    expect(errorsOf({ allOf: [{ type: 'string' }, { minLength: 3 }] }, 'ab')).toEqual(['$: must have at least 3 characters']);
    expect(errorsOf({ const: { a: [1, { b: 2 }] } }, { a: [1.0, { b: 2 }] })).toEqual([]);
    expect(errorsOf({ enum: [{ x: 1, y: 2 }] }, { y: 2, x: 1 })).toEqual([]);
    expect(errorsOf({ additionalProperties: { type: 'integer' } }, { a: 1, b: 'x' })).toEqual(['$.b: expected integer, got string']);
    expect(errorsOf(true, 'anything')).toEqual([]);
    expect(errorsOf({ properties: { a: false } }, { a: 1 })).toEqual(['$.a: no value is allowed here (schema false)']);
  });

  it('refuses keywords it would otherwise silently ignore, and malformed keyword values', () => {
    expect(() => compileJsonSchema({ type: 'object', $ref: '#/x' })).toThrow(/unsupported keyword \$ref/);
    expect(() => compileJsonSchema({ properties: { a: { format: 'email' } } })).toThrow(/#\/properties\/a: unsupported keyword format/);
    expect(() => compileJsonSchema({ type: 'date' })).toThrow(InvalidSchemaError);
    expect(() => compileJsonSchema({ minLength: -1 })).toThrow(/non-negative integer/);
    expect(() => compileJsonSchema({ pattern: '(a)\\1' })).toThrow(/not supported by the linear-time regex engine/);
    expect(() => compileJsonSchema({ anyOf: [] })).toThrow(/non-empty array/);
    expect(() => compileJsonSchema({ title: 'annotations are fine', description: 'x', $schema: 'https://json-schema.org/draft/2020-12/schema' })).not.toThrow();
  });
});
