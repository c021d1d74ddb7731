import { detectAccuracySaturated, type AccuracySaturatedOptions } from './accuracy-saturated';
import { detectDivergence, type DivergenceOptions } from './divergence';
import { detectDpoNotLearning, type DpoNotLearningOptions } from './dpo-not-learning';
import type { DpoPoint, HealthWarning, LossPoint } from './health-warning';
import { detectOverfitting, type OverfittingOptions } from './overfitting';

export interface HealthHistory {
  /** Training points in step order (DpoPoints for DPO runs). */
  train: readonly LossPoint[];
  /** Validation evaluations in step order. */
  validation?: readonly LossPoint[];
  /** Present for DPO runs: enables the DPO checks. */
  dpo?: DpoNotLearningOptions & AccuracySaturatedOptions;
  divergence?: DivergenceOptions;
  overfitting?: OverfittingOptions;
}

/** Every health check that applies to the history; pure, so it can run after each logged step. */
export function healthSignals(history: HealthHistory): HealthWarning[] {
  const warnings: (HealthWarning | undefined)[] = [detectDivergence(history.train, history.divergence)];
  if (history.validation) warnings.push(detectOverfitting(history.train, history.validation, history.overfitting));
  if (history.dpo) {
    const dpo = history.train.filter(isDpoPoint);
    warnings.push(detectDpoNotLearning(dpo, history.dpo), detectAccuracySaturated(dpo, history.dpo));
  }
  return warnings.filter((w): w is HealthWarning => w !== undefined);
}

function isDpoPoint(p: LossPoint): p is DpoPoint {
  const d = p as Partial<DpoPoint>;
  return d['rewards/chosen'] !== undefined && d['rewards/rejected'] !== undefined && d['rewards/accuracies'] !== undefined;
}
