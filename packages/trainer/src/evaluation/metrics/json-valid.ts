import { z } from 'zod';
import { metricName } from './metric-name';
import { pass, type MetricScorer } from './metric-scorer';

/** The whole generation (surrounding whitespace aside) parses as JSON; `objectOnly` also asks for an object. */
export const jsonValidSpec = z
  .object({
    type: z.literal('json_valid'),
    name: metricName,
    objectOnly: z.boolean().default(false),
  })
  .strict();
export type JsonValidSpec = z.output<typeof jsonValidSpec>;

/** The parsed generation, or undefined when it is not JSON. */
export function parseJsonGeneration(generation: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(generation) };
  } catch {
    return undefined;
  }
}

export function jsonValidScorer(spec: JsonValidSpec): MetricScorer {
  return ({ generation }) => {
    const parsed = parseJsonGeneration(generation);
    if (!parsed) return 0;
    const v = parsed.value;
    return pass(!spec.objectOnly || (typeof v === 'object' && v !== null && !Array.isArray(v)));
  };
}
