import type { Batch } from '../data/batch';
import { epochPermutation } from '../data/epoch-order';
import { collatePreferenceBatch } from '../data/preference-batch';
import type { TokenizedPreferencePair } from '../data/tokenize-preference';
import type { StepBatches } from '../loop/batch-source';
import type { LoopPosition } from '../loop/loop-position';
import type { TrainingLength } from '../loop/training-length';

export interface PreferenceBatchSourceOptions {
  /** Pairs per micro-batch. */
  batchSize: number;
  /** Micro-batches per optimizer step (the last step of an epoch may have fewer). */
  gradientAccumulationSteps: number;
  seed: number;
  shuffle: boolean;
  padId: number;
  /** Micro-batches are padded to a multiple of this. */
  padToMultipleOf: number;
}

/**
 * Serves preference pairs as optimizer steps, as BatchSource serves supervised examples: epoch e visits
 * the pairs in the order of (seed, e), cut into micro-batches of `batchSize` pairs; a step takes the next
 * `gradientAccumulationSteps` of them, never crossing into the next epoch. A pure function of the
 * position, so a resumed run is served exactly what the original would have been.
 */
export class PreferenceBatchSource {
  private cached?: { epoch: number; order: number[] };

  constructor(
    private readonly pairs: readonly TokenizedPreferencePair[],
    private readonly options: PreferenceBatchSourceOptions,
  ) {
    if (pairs.length === 0) throw new Error('PreferenceBatchSource: no training pairs');
  }

  get microBatchesPerEpoch(): number {
    return Math.ceil(this.pairs.length / this.options.batchSize);
  }

  get stepsPerEpoch(): number {
    return Math.ceil(this.microBatchesPerEpoch / this.options.gradientAccumulationSteps);
  }

  /** The step that starts at `position`. */
  step(position: LoopPosition): StepBatches {
    const { batchSize, gradientAccumulationSteps } = this.options;
    const count = this.microBatchesPerEpoch;
    if (position.microBatch >= count) throw new RangeError(`an epoch has ${count} micro-batches; position asks for #${position.microBatch}`);
    const order = this.orderOf(position.epoch);
    const end = Math.min(count, position.microBatch + gradientAccumulationSteps);
    const microBatches: Batch[] = [];
    let tokens = 0;
    for (let k = position.microBatch; k < end; k++) {
      const pairs = order.slice(k * batchSize, (k + 1) * batchSize).map((i) => this.pairs[i]!);
      tokens += pairs.reduce((n, p) => n + p.chosen.inputIds.length + p.rejected.inputIds.length, 0);
      microBatches.push(collatePreferenceBatch(pairs, { padId: this.options.padId, padToMultipleOf: this.options.padToMultipleOf }));
    }
    const next = end < count ? { epoch: position.epoch, microBatch: end, step: position.step + 1 } : { epoch: position.epoch + 1, microBatch: 0, step: position.step + 1 };
    return { microBatches, tokens, next, epochProgress: position.epoch + end / count };
  }

  /** How long the run is: `epochs` epochs or `maxSteps` steps, whichever ends first. */
  length(limits: { epochs?: number; maxSteps?: number }): TrainingLength {
    const { epochs, maxSteps } = limits;
    if (epochs === undefined && maxSteps === undefined) throw new Error('give epochs, maxSteps or both');
    const perEpoch = this.stepsPerEpoch;
    const totalSteps = Math.min(epochs === undefined ? Infinity : epochs * perEpoch, maxSteps ?? Infinity);
    return { totalSteps, epochs: Math.ceil(totalSteps / perEpoch), stepsPerEpoch: perEpoch };
  }

  private orderOf(epoch: number): number[] {
    if (this.cached?.epoch !== epoch) {
      const n = this.pairs.length;
      this.cached = { epoch, order: this.options.shuffle ? epochPermutation(n, this.options.seed, epoch) : Array.from({ length: n }, (_, i) => i) };
    }
    return this.cached.order;
  }
}

/** Pairs in their given order, `batchSize` per batch: validation batches, and the canonical batching of reference log-probs. */
export function preferenceBatchesInOrder(pairs: readonly TokenizedPreferencePair[], batchSize: number, padId: number, padToMultipleOf: number): Batch[] {
  const batches: Batch[] = [];
  for (let k = 0; k < pairs.length; k += batchSize) batches.push(collatePreferenceBatch(pairs.slice(k, k + batchSize), { padId, padToMultipleOf }));
  return batches;
}
