/**
 * Where a training loop stands, as plain data. Together with `LlamaTrainer.checkpoint()` it is the whole
 * state of a run: the epoch's row order is a function of (seed, epoch) and dropout masks of (seed, step,
 * micro-batch), so a run restored from a checkpoint and this position replays exactly what an
 * uninterrupted run would have done next.
 */
export interface LoopPosition {
  /** The epoch being trained (0-based). */
  epoch: number;
  /** The next micro-batch of that epoch to train on (0-based, in the epoch's row order). */
  microBatch: number;
  /** Optimizer steps completed. */
  step: number;
}

export const START_POSITION: LoopPosition = Object.freeze({ epoch: 0, microBatch: 0, step: 0 });
