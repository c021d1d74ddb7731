export interface EarlyStoppingOptions {
  /** Evaluations in a row without improvement after which the run stops. */
  patience: number;
  /** An evaluation improves only when it beats the best loss by more than this. */
  minDelta: number;
}

/** What the tracker remembers; saved in checkpoints so a resumed run stops where the original would have. */
export interface EarlyStoppingState {
  /** Best validation loss so far (by more than minDelta each time); absent before the first evaluation. */
  bestLoss?: number;
  bestStep?: number;
  evaluationsWithoutImprovement: number;
}

/**
 * Early stopping on the validation loss, as transformers' EarlyStoppingCallback: an evaluation that
 * does not beat the best loss by more than `minDelta` counts against the patience, one that does resets
 * the count; at `patience` such evaluations in a row the run should stop. A NaN loss never improves.
 */
export class EarlyStopping {
  private current: EarlyStoppingState;

  constructor(
    readonly options: EarlyStoppingOptions,
    state: EarlyStoppingState = { evaluationsWithoutImprovement: 0 },
  ) {
    if (!Number.isInteger(options.patience) || options.patience < 1) throw new RangeError(`early stopping patience must be a positive integer, got ${options.patience}`);
    if (!(options.minDelta >= 0)) throw new RangeError(`early stopping minDelta must be >= 0, got ${options.minDelta}`);
    this.current = { ...state };
  }

  /** Records the validation loss after `step`; says whether it improved and whether the run should stop now. */
  observe(step: number, validLoss: number): { improved: boolean; shouldStop: boolean } {
    const best = this.current.bestLoss;
    const improved = best === undefined ? Number.isFinite(validLoss) : validLoss < best - this.options.minDelta;
    this.current = improved
      ? { bestLoss: validLoss, bestStep: step, evaluationsWithoutImprovement: 0 }
      : { ...this.current, evaluationsWithoutImprovement: this.current.evaluationsWithoutImprovement + 1 };
    return { improved, shouldStop: this.current.evaluationsWithoutImprovement >= this.options.patience };
  }

  get state(): EarlyStoppingState {
    return { ...this.current };
  }
}
