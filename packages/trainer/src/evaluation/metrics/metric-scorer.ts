/** What a generation metric scores: one model output, and what it should have been when known. */
export interface GenerationSample {
  /** The prompt as text (shown in sample rows only). */
  prompt?: string;
  /** The model's output as text. */
  generation: string;
  /** The expected output, for metrics that compare against one (exact_match). */
  reference?: string;
  /** Length of the generation in tokens, for max_length in tokens. */
  generationTokens?: number;
}

/** 1 pass, 0 fail, null when the metric does not apply to the sample (e.g. exact_match without a reference). */
export type Score = 0 | 1 | null;

/** A metric with its spec checked and compiled (regexes, schemas): a pure function of the sample. */
export type MetricScorer = (sample: GenerationSample) => Score;

export const pass = (ok: boolean): Score => (ok ? 1 : 0);
