import { z } from 'zod';
import { metricName } from './metric-name';
import { pass, type MetricScorer } from './metric-scorer';

/** The generation equals the sample's reference (after trimming surrounding whitespace, by default). */
export const exactMatchSpec = z
  .object({
    type: z.literal('exact_match'),
    name: metricName,
    trim: z.boolean().default(true),
    ignoreCase: z.boolean().default(false),
  })
  .strict();
export type ExactMatchSpec = z.output<typeof exactMatchSpec>;

export function exactMatchScorer(spec: ExactMatchSpec): MetricScorer {
  const normalize = (s: string) => {
    const t = spec.trim ? s.trim() : s;
    return spec.ignoreCase ? t.toLowerCase() : t;
  };
  return ({ generation, reference }) => (reference === undefined ? null : pass(normalize(generation) === normalize(reference)));
}
