import { collateBatch, type Batch, type BatchRow } from '../data/batch';
import { batchesPerEpoch, epochRows } from '../data/epoch-batches';
import type { TokenizedExample } from '../data/examples';
import type { LoopPosition } from './loop-position';

export interface BatchSourceOptions {
  /** Rows per micro-batch. */
  batchSize: number;
  /** Micro-batches per optimizer step (the last step of an epoch may have fewer). */
  gradientAccumulationSteps: number;
  seed: number;
  shuffle: boolean;
  /** Pack examples into rows of at most this many tokens. */
  packToLength?: number;
  padId: number;
  /** Micro-batches are padded to a multiple of this (fewer distinct shapes, little waste). */
  padToMultipleOf?: number;
}

/** The micro-batches of one optimizer step and where the loop stands after it. */
export interface StepBatches {
  microBatches: Batch[];
  /** Real (non-padding) tokens in the step. */
  tokens: number;
  /** The position after this step (the next epoch's start when this step ends an epoch). */
  next: LoopPosition;
  /** Epochs completed after this step, fractional: epoch + share of its micro-batches done. */
  epochProgress: number;
}

/**
 * Serves a dataset as optimizer steps: epoch e visits the examples in the order of (seed, e), packed
 * when asked, cut into micro-batches of `batchSize` rows; a step takes the next
 * `gradientAccumulationSteps` of them, never crossing into the next epoch. Pure function of the
 * position, so any position can be served without replaying the steps before it.
 */
export class BatchSource {
  private cached?: { epoch: number; rows: BatchRow[] };

  constructor(
    private readonly examples: readonly TokenizedExample[],
    private readonly options: BatchSourceOptions,
  ) {
    if (examples.length === 0) throw new Error('BatchSource: no training examples');
  }

  /** Micro-batches in epoch `epoch` (with packing the row count can differ between epochs). */
  microBatchesIn(epoch: number): number {
    return batchesPerEpoch(this.rowsOf(epoch).length, this.options.batchSize);
  }

  /** Optimizer steps in epoch `epoch`. */
  stepsIn(epoch: number): number {
    return Math.ceil(this.microBatchesIn(epoch) / this.options.gradientAccumulationSteps);
  }

  /** The step that starts at `position`. */
  step(position: LoopPosition): StepBatches {
    const { batchSize, gradientAccumulationSteps } = this.options;
    const rows = this.rowsOf(position.epoch);
    const count = batchesPerEpoch(rows.length, batchSize);
    if (position.microBatch >= count) throw new RangeError(`epoch ${position.epoch} has ${count} micro-batches; position asks for #${position.microBatch}`);
    const end = Math.min(count, position.microBatch + gradientAccumulationSteps);
    const microBatches: Batch[] = [];
    let tokens = 0;
    for (let k = position.microBatch; k < end; k++) {
      const batchRows = rows.slice(k * batchSize, (k + 1) * batchSize);
      tokens += batchRows.reduce((n, row) => n + row.reduce((m, example) => m + example.inputIds.length, 0), 0);
      microBatches.push(collateBatch(batchRows, { padId: this.options.padId, padToMultipleOf: this.options.padToMultipleOf ?? 1 }));
    }
    const next = end < count ? { epoch: position.epoch, microBatch: end, step: position.step + 1 } : { epoch: position.epoch + 1, microBatch: 0, step: position.step + 1 };
    return { microBatches, tokens, next, epochProgress: position.epoch + end / count };
  }

  private rowsOf(epoch: number): BatchRow[] {
    if (this.cached?.epoch !== epoch) {
      const { seed, shuffle, packToLength } = this.options;
      this.cached = { epoch, rows: epochRows(this.examples, { batchSize: this.options.batchSize, seed, epoch, shuffle, packToLength }) };
    }
    return this.cached.rows;
  }
}
