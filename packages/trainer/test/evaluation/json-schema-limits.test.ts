import { compileJsonSchema, InvalidSchemaError, JSON_SCHEMA_LIMITS } from '../../src/evaluation/json-schema/compile-json-schema';

/** A request body of ~32 KB once compiled hundreds of patterns, each with its own vm context. */
describe('json_schema_valid schemas are bounded before anything is compiled', () => {
  it('refuses more patterns than the limit, naming it', () => {
    const properties = Object.fromEntries(Array.from({ length: JSON_SCHEMA_LIMITS.maxPatterns + 1 }, (_, i) => [`p${i}`, { type: 'string', pattern: '^a+$' }]));
    expect(() => compileJsonSchema({ type: 'object', properties })).toThrow(InvalidSchemaError);
    expect(() => compileJsonSchema({ type: 'object', properties })).toThrow(/patterns/);
  });

  it('refuses more subschemas than the limit', () => {
    const properties = Object.fromEntries(Array.from({ length: JSON_SCHEMA_LIMITS.maxSubschemas + 1 }, (_, i) => [`p${i}`, { type: 'string' }]));
    expect(() => compileJsonSchema({ type: 'object', properties })).toThrow(/subschemas/);
  });

  it('refuses nesting deeper than the limit', () => {
    let schema: Record<string, unknown> = { type: 'string' };
    for (let i = 0; i < JSON_SCHEMA_LIMITS.maxDepth + 1; i++) schema = { type: 'array', items: schema };
    expect(() => compileJsonSchema(schema)).toThrow(/deeper/);
  });

  it('still accepts a realistic schema at the limits', () => {
    const properties = Object.fromEntries(Array.from({ length: JSON_SCHEMA_LIMITS.maxPatterns }, (_, i) => [`p${i}`, { type: 'string', pattern: '^[a-z]+$' }]));
    const validate = compileJsonSchema({ type: 'object', properties, required: ['p0'] });
    expect(validate({ p0: 'abc' })).toEqual([]);
    expect(validate({ p0: 'ABC' })).toHaveLength(1);
  });
});
