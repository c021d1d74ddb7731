import { z } from 'zod';
import { DatasetFormatSchema } from '../formats/dataset-format';
import { ValidationErrorCodeSchema, ValidationWarningCodeSchema } from './codes';

// The report is returned as-is by GET /v1/files/{id}/validation and stored as JSON,
// so its keys follow the OpenAI API's snake_case.

export const ValidationErrorSchema = z.object({
  /** 1-based line number; null for problems with the whole file. */
  line: z.number().int().positive().nullable(),
  /** RFC 6901 JSON pointer into the line's JSON ("" is the whole line). */
  pointer: z.string(),
  code: ValidationErrorCodeSchema,
  message: z.string(),
});
export type ValidationError = z.infer<typeof ValidationErrorSchema>;

export const ValidationWarningSchema = z.object({
  code: ValidationWarningCodeSchema,
  message: z.string(),
  /** How many examples (or, for unknown_fields, field occurrences) are affected. */
  count: z.number().int().nonnegative(),
  /** The first few affected lines, ascending. */
  lines: z.array(z.number().int().positive()),
  /** For duplicate_examples: the earlier line that lines[i] repeats. */
  related_lines: z.array(z.number().int().positive()).optional(),
});
export type ValidationWarning = z.infer<typeof ValidationWarningSchema>;

export const LengthSummarySchema = z.object({
  total: z.number().int().nonnegative(),
  min: z.number().int().nonnegative(),
  max: z.number().int().nonnegative(),
  mean: z.number().nonnegative(),
  /** Nearest-rank percentiles over the valid examples. */
  p50: z.number().int().nonnegative(),
  p95: z.number().int().nonnegative(),
  p99: z.number().int().nonnegative(),
});
export type LengthSummary = z.infer<typeof LengthSummarySchema>;

export const HistogramBucketSchema = z.object({
  /** Inclusive lower bound. */
  min: z.number().int().nonnegative(),
  /** Exclusive upper bound; null for the last, open bucket. */
  max: z.number().int().positive().nullable(),
  count: z.number().int().nonnegative(),
});
export type HistogramBucket = z.infer<typeof HistogramBucketSchema>;

export const CostEstimateSchema = z.object({
  model: z.string(),
  usd_per_million_trained_tokens: z.number().nonnegative(),
  usd: z.number().nonnegative(),
});
export type CostEstimate = z.infer<typeof CostEstimateSchema>;

export const StatisticsSchema = z.object({
  /**
   * "tokens" when a token counter was supplied; otherwise "characters"
   * (UTF-16 code units of the message/prompt/completion text, not of the JSON).
   */
  length_unit: z.enum(['tokens', 'characters']),
  /** Per-example lengths; null when there is no valid example. */
  length: LengthSummarySchema.nullable(),
  /** Fixed log2 buckets: [0,1), [1,2), [2,4), ... [2^24, open). */
  histogram: z.array(HistogramBucketSchema),
  /** Chat and preference formats only: messages per example (preference: input + both outputs). */
  messages_per_example: z.object({ min: z.number().int(), max: z.number().int(), mean: z.number() }).nullable(),
  /**
   * Token-only figures; null when no token counter was supplied. trained_tokens_per_epoch is the
   * billed unit (every token one epoch runs through the model, both sequences of a preference
   * pair), as the job's trained_tokens; loss_tokens_per_epoch counts only tokens that carry loss
   * (absent from reports made before it existed).
   */
  trained_tokens_per_epoch: z.number().int().nonnegative().nullable(),
  loss_tokens_per_epoch: z.number().int().nonnegative().nullable().optional(),
  epochs: z.number().int().positive(),
  estimated_trained_tokens: z.number().int().nonnegative().nullable(),
  estimated_cost: z.array(CostEstimateSchema).nullable(),
  /** Examples longer than the context length (needs tokens and a context length), else null. */
  examples_exceeding_context: z.number().int().nonnegative().nullable(),
  context_length: z.number().int().positive().nullable(),
});
export type Statistics = z.infer<typeof StatisticsSchema>;

export const ValidationReportSchema = z.object({
  object: z.literal('file.validation'),
  /** null when no line could be recognised as any format. */
  format: DatasetFormatSchema.nullable(),
  /** Valid examples: the ones training would use. */
  examples: z.number().int().nonnegative(),
  lines: z.object({
    total: z.number().int().nonnegative(),
    blank: z.number().int().nonnegative(),
    /** Non-blank lines with at least one error. */
    invalid: z.number().int().nonnegative(),
  }),
  errors: z.object({
    /** The first `max_stored` errors in file order. */
    items: z.array(ValidationErrorSchema),
    /** Every error, stored or not, counted by code. */
    counts: z.partialRecord(ValidationErrorCodeSchema, z.number().int().positive()),
    total: z.number().int().nonnegative(),
    truncated: z.boolean(),
  }),
  warnings: z.array(ValidationWarningSchema),
  statistics: StatisticsSchema,
  /** True when there is no error at all: the file can be trained on as-is. */
  ok: z.boolean(),
});
export type ValidationReport = z.infer<typeof ValidationReportSchema>;
