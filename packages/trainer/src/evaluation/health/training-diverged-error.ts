import type { HealthWarning } from './health-warning';

/**
 * A run stopped by the divergence guard: its loss or gradient norm became NaN/Inf, or the loss exploded.
 * Permanent for that configuration (retrying repeats it), so a worker fails the job rather than retrying.
 */
export class TrainingDivergedError extends Error {
  readonly code = 'training_diverged';

  constructor(readonly warning: HealthWarning) {
    super(warning.message);
    this.name = 'TrainingDivergedError';
  }

  /** The optimizer step at which divergence was detected. */
  get step(): number {
    return this.warning.step;
  }
}
