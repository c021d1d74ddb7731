import type { BatchSource } from './batch-source';

export interface TrainingLength {
  /** Optimizer steps the run takes in all. */
  totalSteps: number;
  /** Epochs the run touches (the last one possibly only in part, when maxSteps ends it). */
  epochs: number;
  /** Optimizer steps of the first epoch. */
  stepsPerEpoch: number;
}

/**
 * How long a run is: `epochs` whole epochs, or `maxSteps` optimizer steps (cycling through epochs as
 * often as needed), whichever ends first. Walks the epochs because packing makes their lengths differ.
 */
export function trainingLength(source: BatchSource, limits: { epochs?: number; maxSteps?: number }): TrainingLength {
  const { epochs, maxSteps } = limits;
  if (epochs === undefined && maxSteps === undefined) throw new Error('trainingLength: give epochs, maxSteps or both');
  let totalSteps = 0;
  let epoch = 0;
  while ((epochs === undefined || epoch < epochs) && (maxSteps === undefined || totalSteps < maxSteps)) {
    totalSteps += source.stepsIn(epoch);
    epoch++;
  }
  if (maxSteps !== undefined) totalSteps = Math.min(totalSteps, maxSteps);
  return { totalSteps, epochs: epoch, stepsPerEpoch: source.stepsIn(0) };
}

/** Warmup steps: explicit, or a fraction of the run rounded up (Hugging Face's warmup_ratio). */
export function warmupStepsFor(totalSteps: number, warmup: { warmupSteps?: number; warmupRatio: number }): number {
  return warmup.warmupSteps ?? Math.ceil(warmup.warmupRatio * totalSteps);
}
