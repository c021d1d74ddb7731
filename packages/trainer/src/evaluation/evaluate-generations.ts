import type { CompiledMetric, GenerationMetricType } from './metric-spec';
import type { GenerationSample, Score } from './metrics/metric-scorer';
import { RegexLimitError } from './safe-regex';

export interface MetricResult {
  name: string;
  type: GenerationMetricType;
  /** passed / scored; null when no sample could be scored. */
  mean: number | null;
  passed: number;
  /** Samples scored 0 or 1. */
  scored: number;
  /** Samples the metric does not apply to (no reference for exact_match, no token count for max_length in tokens). */
  skipped: number;
  /** Samples whose scoring hit a safety limit (a regex input past its length limit); they count as scored 0. */
  errors: number;
}

export interface SampleRow extends GenerationSample {
  /** Score of each metric by name (null: not applicable). */
  scores: Record<string, Score>;
}

export interface GenerationEvaluation {
  metrics: MetricResult[];
  /** The first few samples with their scores, for a person to look at. */
  samples: SampleRow[];
}

/** Scores every sample with every compiled metric (compileMetrics); metrics are means over the samples each applies to. */
export function evaluateGenerations(
  scorers: readonly CompiledMetric[],
  samples: readonly GenerationSample[],
  options: { sampleRows?: number } = {},
): GenerationEvaluation {
  const results: MetricResult[] = scorers.map(({ spec, name }) => ({ name, type: spec.type, mean: null, passed: 0, scored: 0, skipped: 0, errors: 0 }));
  const rows: SampleRow[] = [];
  const rowCount = options.sampleRows ?? 3;
  samples.forEach((sample, i) => {
    const scores: Record<string, Score> = {};
    scorers.forEach(({ name, score }, k) => {
      const result = results[k]!;
      let s: Score;
      try {
        s = score(sample);
      } catch (error) {
        if (!(error instanceof RegexLimitError)) throw error;
        result.errors++;
        s = 0;
      }
      scores[name] = s;
      if (s === null) result.skipped++;
      else {
        result.scored++;
        result.passed += s;
      }
    });
    if (i < rowCount) rows.push({ ...sample, scores });
  });
  for (const r of results) r.mean = r.scored > 0 ? r.passed / r.scored : null;
  return { metrics: results, samples: rows };
}
