export type ScheduleType = 'constant' | 'linear' | 'cosine';

export interface LrSchedule {
  type: ScheduleType;
  baseLr: number;
  /** Steps of linear warmup from 0 to baseLr. */
  warmupSteps: number;
  /** Total optimizer steps (linear and cosine decay to 0 at this step). */
  totalSteps: number;
}

/**
 * Learning rate of optimizer step `step` (0-based), as Hugging Face's get_{constant,linear,cosine}_schedule_with_warmup:
 * warmup multiplies by step / warmupSteps, so step 0 runs at 0 when there is warmup; linear decays to 0
 * at totalSteps; cosine follows half a cosine from baseLr to 0 over the steps after warmup.
 */
export function learningRateAt(schedule: LrSchedule, step: number): number {
  const { type, baseLr, warmupSteps, totalSteps } = schedule;
  if (step < warmupSteps) return (baseLr * step) / Math.max(1, warmupSteps);
  const decaySteps = Math.max(1, totalSteps - warmupSteps);
  switch (type) {
    case 'constant':
      return baseLr;
    case 'linear':
      return baseLr * Math.max(0, (totalSteps - step) / decaySteps);
    case 'cosine': {
      const progress = (step - warmupSteps) / decaySteps;
      return baseLr * Math.max(0, 0.5 * (1 + Math.cos(Math.PI * progress)));
    }
  }
}
