import type { DpoPoint, HealthWarning } from './health-warning';

export interface AccuracySaturatedOptions {
  /** Saturation at or before this step counts as early (default: 10 % of totalSteps, else step 20). */
  earlyStep?: number;
  totalSteps?: number;
  /** Consecutive points at 100 % needed (default 3), so one lucky batch does not count. */
  consecutive?: number;
}

/**
 * Preference accuracy pinned at 1.0 early in a DPO run: every pair is separated almost at once, which
 * usually means a shortcut (chosen and rejected differ in length or format in a trivially learnable
 * way), pairs duplicated between training and validation, or a beta so large the margins race to
 * infinity. The loss keeps falling, but what is learnt may not be the preference.
 */
export function detectAccuracySaturated(history: readonly Pick<DpoPoint, 'step' | 'rewards/accuracies'>[], options: AccuracySaturatedOptions = {}): HealthWarning | undefined {
  const earlyStep = options.earlyStep ?? (options.totalSteps !== undefined ? Math.max(1, Math.round(0.1 * options.totalSteps)) : 20);
  const needed = options.consecutive ?? 3;
  let run = 0;
  for (const p of history) {
    if (p.step > earlyStep) break;
    run = p['rewards/accuracies'] >= 1 ? run + 1 : 0;
    if (run >= needed) {
      return {
        code: 'preference_accuracy_saturated',
        severity: 'warning',
        step: p.step,
        message: `preference accuracy reached 100 % by step ${p.step} and stayed there: the pairs may be separable by a shortcut (length, format), duplicated between training and validation, or beta may be too high. Inspect a few pairs and the held-out accuracy.`,
        details: { accuracy: p['rewards/accuracies'], earlyStep, consecutive: run },
      };
    }
  }
  return undefined;
}
