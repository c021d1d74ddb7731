import { z } from 'zod';
import { metricName } from './metric-name';
import { pass, type MetricScorer } from './metric-scorer';

/** The generation is at most `max` characters (Unicode code points) or tokens long. */
export const maxLengthSpec = z
  .object({
    type: z.literal('max_length'),
    name: metricName,
    max: z.number().int().nonnegative(),
    unit: z.enum(['chars', 'tokens']).default('chars'),
  })
  .strict();
export type MaxLengthSpec = z.output<typeof maxLengthSpec>;

export function maxLengthScorer(spec: MaxLengthSpec): MetricScorer {
  return ({ generation, generationTokens }) => {
    if (spec.unit === 'chars') return pass([...generation].length <= spec.max);
    return generationTokens === undefined ? null : pass(generationTokens <= spec.max);
  };
}
