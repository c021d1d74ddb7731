import { collateBatch, type Batch, type BatchRow, type CollateOptions } from './batch';
import { epochPermutation } from './epoch-order';
import type { TokenizedExample } from './examples';
import { packExamples } from './pack';

export interface EpochBatchOptions extends CollateOptions {
  batchSize: number;
  seed: number;
  epoch: number;
  /** Shuffle examples (default true); the order is a function of (seed, epoch) only. */
  shuffle?: boolean;
  /** Pack several examples per row, up to this many tokens per row. */
  packToLength?: number;
  /** Drop a final batch smaller than batchSize (default false). */
  dropLast?: boolean;
}

/**
 * The rows of one epoch, in training order: examples shuffled for (seed, epoch), then packed when
 * asked. Step s of the epoch uses rows [s·B, (s+1)·B), so a resumed run can skip to any step.
 */
export function epochRows(examples: readonly TokenizedExample[], options: Omit<EpochBatchOptions, keyof CollateOptions>): BatchRow[] {
  const order = options.shuffle === false ? examples.map((_, i) => i) : epochPermutation(examples.length, options.seed, options.epoch);
  const ordered = order.map((i) => examples[i]!);
  return options.packToLength !== undefined ? packExamples(ordered, options.packToLength) : ordered.map((example) => [example]);
}

/** Number of optimizer steps (batches) in an epoch. */
export function batchesPerEpoch(rowCount: number, batchSize: number, dropLast = false): number {
  return dropLast ? Math.floor(rowCount / batchSize) : Math.ceil(rowCount / batchSize);
}

/** All batches of one epoch, in order (collated lazily, one at a time). */
export function* epochBatches(examples: readonly TokenizedExample[], options: EpochBatchOptions): Generator<Batch> {
  if (!Number.isInteger(options.batchSize) || options.batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${options.batchSize}`);
  const rows = epochRows(examples, options);
  const steps = batchesPerEpoch(rows.length, options.batchSize, options.dropLast);
  for (let step = 0; step < steps; step++) {
    yield collateBatch(rows.slice(step * options.batchSize, (step + 1) * options.batchSize), options);
  }
}
