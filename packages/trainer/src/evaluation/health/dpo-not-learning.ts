import type { DpoPoint, HealthWarning } from './health-warning';

export interface DpoNotLearningOptions {
  /** Steps after which a loss still at its starting value is suspicious (default 20). */
  afterSteps?: number;
  /** The loss when policy = reference (dpoLossAtZeroMargin: ln 2 for sigmoid). Default ln 2. */
  lossAtZeroMargin?: number;
  /** Consecutive points from `afterSteps` on that must all be stuck (default 5). */
  window?: number;
  /** |loss − lossAtZeroMargin| below this counts as stuck (default 1e-3). */
  lossTolerance?: number;
  /** |reward| below this counts as zero (default 1e-3). */
  rewardTolerance?: number;
}

/**
 * The DPO loss still at its zero-margin value (ln 2 for sigmoid) with rewards ≈ 0 after K steps:
 * the policy is not moving away from the reference. Usual causes: the reference is the policy itself
 * (e.g. a shared adapter), beta is so small that rewards vanish, or the learning rate is 0.
 */
export function detectDpoNotLearning(history: readonly DpoPoint[], options: DpoNotLearningOptions = {}): HealthWarning | undefined {
  const window = options.window ?? 5;
  const target = options.lossAtZeroMargin ?? Math.LN2;
  const late = history.filter((p) => p.step >= (options.afterSteps ?? 20)).slice(-window);
  if (late.length < window) return undefined;
  const rewardTolerance = options.rewardTolerance ?? 1e-3;
  const stuck = late.every(
    (p) =>
      Math.abs(p.loss - target) < (options.lossTolerance ?? 1e-3) &&
      Math.abs(p['rewards/chosen']) < rewardTolerance &&
      Math.abs(p['rewards/rejected']) < rewardTolerance,
  );
  if (!stuck) return undefined;
  const last = late[late.length - 1]!;
  return {
    code: 'dpo_not_learning',
    severity: 'warning',
    step: last.step,
    message: `after ${last.step} steps the DPO loss is still ${last.loss.toFixed(4)} (its value when policy = reference) and the rewards are ~0: the policy is not moving away from the reference. Check that the reference model is not the policy itself, that beta is not vanishingly small, and that the learning rate is not 0.`,
    details: { loss: last.loss, lossAtZeroMargin: target, rewardsChosen: last['rewards/chosen'], rewardsRejected: last['rewards/rejected'] },
  };
}
