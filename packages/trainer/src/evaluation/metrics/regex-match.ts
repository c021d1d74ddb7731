import { z } from 'zod';
import { REGEX_LIMITS, regexSafetyProblem, SafeRegex, SAFE_REGEX_FLAGS } from '../safe-regex';
import { metricName } from './metric-name';
import type { MetricScorer } from './metric-scorer';

/**
 * The generation matches a regular expression: anywhere ('search', like re.search) or as a whole
 * ('full', like re.fullmatch). Patterns are checked for safety when the spec is parsed (see
 * safe-regex.ts); a match that runs past the time or input limit throws RegexLimitError, which the
 * evaluator counts as an error for that sample.
 */
export const regexMatchSpec = z
  .object({
    type: z.literal('regex_match'),
    name: metricName,
    pattern: z.string().min(1).max(REGEX_LIMITS.maxPatternLength),
    flags: z.string().regex(new RegExp(`^[${SAFE_REGEX_FLAGS}]*$`), `only the flags ${SAFE_REGEX_FLAGS}`).default(''),
    mode: z.enum(['search', 'full']).default('search'),
  })
  .strict()
  .superRefine((spec, ctx) => {
    const problem = regexSafetyProblem(spec.pattern, spec.flags);
    if (problem) ctx.addIssue({ code: 'custom', path: ['pattern'], message: problem });
  });
export type RegexMatchSpec = z.output<typeof regexMatchSpec>;

export function regexMatchScorer(spec: RegexMatchSpec): MetricScorer {
  const regex = SafeRegex.compile(spec.mode === 'full' ? `^(?:${spec.pattern})$` : spec.pattern, spec.flags);
  return ({ generation }) => (regex.test(generation) ? 1 : 0);
}
