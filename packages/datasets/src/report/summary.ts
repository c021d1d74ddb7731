import { z } from 'zod';
import { DatasetFormatSchema } from '../formats/dataset-format';
import { ValidationWarningCodeSchema } from './codes';
import type { ValidationReport } from './report-schema';

/** What the file object carries about its validation (the full report has its own endpoint). */
export const ValidationSummarySchema = z.object({
  ok: z.boolean(),
  format: DatasetFormatSchema.nullable(),
  examples: z.number().int().nonnegative(),
  error_count: z.number().int().nonnegative(),
  warning_codes: z.array(ValidationWarningCodeSchema),
  /** Tokens when counted, else null. */
  total_tokens: z.number().int().nonnegative().nullable(),
  /** Billed tokens per epoch (the unit of a job's trained_tokens); see StatisticsSchema. */
  trained_tokens_per_epoch: z.number().int().nonnegative().nullable(),
  /** Loss-bearing tokens per epoch; absent from summaries made before it existed (whose trained_tokens_per_epoch counted these). */
  loss_tokens_per_epoch: z.number().int().nonnegative().nullable().optional(),
  /** One line for OpenAI's file `status_details`: the first error, or null when ok. */
  status_details: z.string().nullable(),
});
export type ValidationSummary = z.infer<typeof ValidationSummarySchema>;

export function summarizeReport(report: ValidationReport): ValidationSummary {
  const first = report.errors.items[0];
  let details: string | null = null;
  if (first) {
    const where = first.line === null ? '' : `line ${first.line}${first.pointer ? ` at ${first.pointer}` : ''}: `;
    const others = report.errors.total - 1;
    const more = others > 0 ? ` (and ${others} more error${others === 1 ? '' : 's'})` : '';
    details = `${where}${first.message}${more}`;
  }
  const stats = report.statistics;
  return {
    ok: report.ok,
    format: report.format,
    examples: report.examples,
    error_count: report.errors.total,
    warning_codes: report.warnings.map((w) => w.code),
    total_tokens: stats.length_unit === 'tokens' ? (stats.length?.total ?? 0) : null,
    trained_tokens_per_epoch: stats.trained_tokens_per_epoch,
    loss_tokens_per_epoch: stats.loss_tokens_per_epoch ?? null,
    status_details: details,
  };
}
