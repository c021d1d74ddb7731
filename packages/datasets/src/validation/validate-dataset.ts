import { LineSplitter } from '../lines/line-splitter';
import type { ValidationReport } from '../report/report-schema';
import { DatasetValidation, type DatasetValidationOptions } from './dataset-validation';

export interface ValidateDatasetOptions extends DatasetValidationOptions {
  /** Stops between chunks (e.g. on worker shutdown); the promise rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * Validates a JSONL dataset streamed from `source` (an S3 object body, a file
 * stream) and returns the full report. Never throws for bad data: every problem
 * is in the report. Throws only for a failing source, an abort, or a buggy
 * token counter.
 */
export async function validateDataset(
  source: AsyncIterable<Uint8Array>,
  options: ValidateDatasetOptions = {},
): Promise<ValidationReport> {
  const validation = new DatasetValidation(options);
  const splitter = new LineSplitter(validation, { maxLineBytes: validation.maxLineBytes });
  options.signal?.throwIfAborted();
  for await (const chunk of source) {
    options.signal?.throwIfAborted();
    splitter.push(chunk);
  }
  splitter.end();
  return validation.finish(splitter.lines, splitter.blankLines);
}
