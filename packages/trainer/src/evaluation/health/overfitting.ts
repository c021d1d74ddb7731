import type { HealthWarning, LossPoint } from './health-warning';

export interface OverfittingOptions {
  /** Validation evaluations since the best one before warning (default 3). */
  patience?: number;
  /** Relative rise of the latest validation loss over the best one that counts (default 0.02). */
  minRelativeRise?: number;
  /** Training points averaged to smooth the training loss at a step (default 5). */
  smoothing?: number;
}

/**
 * Validation loss rising while training loss keeps falling: the model is memorising the training set.
 * Fires when the best validation loss is at least `patience` evaluations old, the latest one is
 * clearly above it, and the (smoothed) training loss is lower now than at the best evaluation.
 */
export function detectOverfitting(train: readonly LossPoint[], validation: readonly LossPoint[], options: OverfittingOptions = {}): HealthWarning | undefined {
  const patience = options.patience ?? 3;
  const valid = validation.filter((p) => Number.isFinite(p.loss));
  if (valid.length < patience + 1) return undefined;
  let best = 0;
  valid.forEach((p, i) => {
    if (p.loss < valid[best]!.loss) best = i;
  });
  const latest = valid[valid.length - 1]!;
  const bestPoint = valid[best]!;
  if (valid.length - 1 - best < patience) return undefined;
  if (latest.loss < bestPoint.loss * (1 + (options.minRelativeRise ?? 0.02))) return undefined;
  const smoothed = (step: number) => {
    const upTo = train.filter((p) => p.step <= step && Number.isFinite(p.loss)).slice(-(options.smoothing ?? 5));
    return upTo.length === 0 ? undefined : upTo.reduce((s, p) => s + p.loss, 0) / upTo.length;
  };
  const trainAtBest = smoothed(bestPoint.step);
  const trainNow = smoothed(latest.step);
  if (trainAtBest === undefined || trainNow === undefined || !(trainNow < trainAtBest)) return undefined;
  return {
    code: 'overfitting',
    severity: 'warning',
    step: latest.step,
    message: `validation loss rose from ${bestPoint.loss.toPrecision(4)} (step ${bestPoint.step}) to ${latest.loss.toPrecision(4)} while training loss fell from ${trainAtBest.toPrecision(4)} to ${trainNow.toPrecision(4)}: the model is overfitting. The checkpoint of step ${bestPoint.step} generalises best; consider fewer epochs or a lower learning rate.`,
    details: { bestValidationLoss: bestPoint.loss, bestStep: bestPoint.step, validationLoss: latest.loss, trainLossAtBest: trainAtBest, trainLoss: trainNow },
  };
}
