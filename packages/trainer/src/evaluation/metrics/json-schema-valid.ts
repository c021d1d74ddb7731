import { z } from 'zod';
import { compileJsonSchema, InvalidSchemaError } from '../json-schema/compile-json-schema';
import { parseJsonGeneration } from './json-valid';
import { metricName } from './metric-name';
import { pass, type MetricScorer } from './metric-scorer';

/** The generation is JSON that satisfies a JSON Schema (the subset compile-json-schema.ts supports). */
export const jsonSchemaValidSpec = z
  .object({
    type: z.literal('json_schema_valid'),
    name: metricName,
    schema: z.union([z.record(z.string(), z.unknown()), z.boolean()]),
  })
  .strict()
  .superRefine((spec, ctx) => {
    try {
      compileJsonSchema(spec.schema);
    } catch (error) {
      if (!(error instanceof InvalidSchemaError)) throw error;
      ctx.addIssue({ code: 'custom', path: ['schema'], message: error.message });
    }
  });
export type JsonSchemaValidSpec = z.output<typeof jsonSchemaValidSpec>;

export function jsonSchemaValidScorer(spec: JsonSchemaValidSpec): MetricScorer {
  const validate = compileJsonSchema(spec.schema);
  return ({ generation }) => {
    const parsed = parseJsonGeneration(generation);
    return parsed ? pass(validate(parsed.value).length === 0) : 0;
  };
}
