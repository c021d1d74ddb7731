import { z } from 'zod';
import { metricName } from './metric-name';
import { pass, type MetricScorer } from './metric-scorer';

/** The generation contains a fixed string. */
export const containsSpec = z
  .object({
    type: z.literal('contains'),
    name: metricName,
    value: z.string().min(1).max(1000),
    ignoreCase: z.boolean().default(false),
  })
  .strict();
export type ContainsSpec = z.output<typeof containsSpec>;

export function containsScorer(spec: ContainsSpec): MetricScorer {
  const needle = spec.ignoreCase ? spec.value.toLowerCase() : spec.value;
  return ({ generation }) => pass((spec.ignoreCase ? generation.toLowerCase() : generation).includes(needle));
}
