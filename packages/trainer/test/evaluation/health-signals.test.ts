import { dpoLossAtZeroMargin, parseDpoSettings } from '../../src/dpo/dpo-settings';
import { detectAccuracySaturated } from '../../src/evaluation/health/accuracy-saturated';
import { detectDivergence } from '../../src/evaluation/health/divergence';
import { detectDpoNotLearning } from '../../src/evaluation/health/dpo-not-learning';
import { healthSignals } from '../../src/evaluation/health/health-signals';
import type { DpoPoint, LossPoint } from '../../src/evaluation/health/health-warning';
import { detectOverfitting } from '../../src/evaluation/health/overfitting';

const losses = (values: number[], every = 1, from = 1): LossPoint[] => values.map((loss, i) => ({ step: from + i * every, loss }));
const dpoPoints = (n: number, at: (step: number) => Omit<DpoPoint, 'step'>): DpoPoint[] => Array.from({ length: n }, (_, i) => ({ step: i + 1, ...at(i + 1) }));

describe('divergence guard', () => {
  it('flags the first NaN or infinite loss or gradient norm as an error', () => {
    expect(detectDivergence(losses([2.1, 2.0, NaN, 1.9]))).toMatchObject({ code: 'non_finite_loss', severity: 'error', step: 3 });
    expect(detectDivergence(losses([2.1, Infinity]))).toMatchObject({ code: 'non_finite_loss', step: 2 });
    expect(detectDivergence([{ step: 1, loss: 2, gradNorm: 1 }, { step: 2, loss: 2, gradNorm: NaN }])?.message).toMatch(/gradient norm became NaN/);
  });

  it('flags a loss above k × its initial value, not ordinary noise', () => {
    const exploding = detectDivergence(losses([2.0, 2.2, 1.8, 3.5, 7.9, 40]));
    expect(exploding).toMatchObject({ code: 'loss_exploding', severity: 'error', step: 6, details: { initialLoss: 2 } });
    expect(detectDivergence(losses([2.0, 2.2, 1.8, 3.5, 7.9, 40]), { explodeFactor: 3 })).toMatchObject({ step: 5 });
    expect(detectDivergence(losses([2.0, 2.2, 1.8, 2.5, 1.2, 0.9]))).toBeUndefined();
    expect(detectDivergence([])).toBeUndefined();
  });
});

describe('overfitting', () => {
  const train = losses(Array.from({ length: 60 }, (_, i) => 2 * Math.exp(-i / 20)));
  it('warns when validation loss has risen for `patience` evaluations while training loss kept falling', () => {
    const validation = losses([1.9, 1.5, 1.3, 1.35, 1.42, 1.5], 10, 10);
    const warning = detectOverfitting(train, validation);
    expect(warning).toMatchObject({ code: 'overfitting', severity: 'warning', step: 60, details: { bestStep: 30, bestValidationLoss: 1.3 } });
    expect(warning!.details.trainLoss).toBeLessThan(warning!.details.trainLossAtBest!);
  });

  it('stays quiet while validation improves, rises only briefly, or rises with the training loss', () => {
    expect(detectOverfitting(train, losses([1.9, 1.5, 1.3, 1.25, 1.2, 1.18], 10, 10))).toBeUndefined();
    expect(detectOverfitting(train, losses([1.9, 1.5, 1.3, 1.25, 1.4, 1.5], 10, 10))).toBeUndefined(); // best only 2 evaluations ago
    expect(detectOverfitting(train, losses([1.9, 1.5, 1.3, 1.305, 1.31, 1.31], 10, 10))).toBeUndefined(); // rise under 2 %
    const rising = losses(Array.from({ length: 60 }, (_, i) => 1 + i / 30));
    expect(detectOverfitting(rising, losses([1.9, 1.5, 1.3, 1.35, 1.42, 1.5], 10, 10))).toBeUndefined();
  });
});

describe('DPO not learning', () => {
  it('warns when the sigmoid loss sits at ln 2 with zero rewards after K steps (reference = policy, or beta ~ 0)', () => {
    const stuck = dpoPoints(30, () => ({ loss: Math.LN2 + 1e-5, 'rewards/chosen': 1e-6, 'rewards/rejected': -2e-6, 'rewards/accuracies': 0.5 }));
    expect(detectDpoNotLearning(stuck, { afterSteps: 20 })).toMatchObject({ code: 'dpo_not_learning', step: 30 });
    expect(detectDpoNotLearning(stuck.slice(0, 22), { afterSteps: 20 })).toBeUndefined(); // fewer than 5 points after K
  });

  it('stays quiet once the rewards move, and uses the loss type’s own zero-margin value', () => {
    const learning = dpoPoints(30, (s) => ({ loss: Math.LN2 - 0.01 * s, 'rewards/chosen': 0.01 * s, 'rewards/rejected': -0.01 * s, 'rewards/accuracies': 0.7 }));
    expect(detectDpoNotLearning(learning)).toBeUndefined();
    const ipo = parseDpoSettings({ beta: 0.1, lossType: 'ipo' });
    expect(dpoLossAtZeroMargin(ipo)).toBeCloseTo(25, 12);
    const stuckIpo = dpoPoints(30, () => ({ loss: 25, 'rewards/chosen': 0, 'rewards/rejected': 0, 'rewards/accuracies': 0 }));
    expect(detectDpoNotLearning(stuckIpo)).toBeUndefined(); // 25 is not ln 2...
    expect(detectDpoNotLearning(stuckIpo, { lossAtZeroMargin: dpoLossAtZeroMargin(ipo) })).toMatchObject({ code: 'dpo_not_learning' }); // ...but is ipo's
  });
});

describe('preference accuracy saturated early', () => {
  it('warns when accuracy is pinned at 1.0 for consecutive points early in the run', () => {
    const history = dpoPoints(50, (s) => ({ loss: 0.5, 'rewards/chosen': 1, 'rewards/rejected': -1, 'rewards/accuracies': s < 4 ? 0.6 : 1 }));
    expect(detectAccuracySaturated(history, { totalSteps: 100 })).toMatchObject({ code: 'preference_accuracy_saturated', step: 6, details: { earlyStep: 10 } });
  });

  it('ignores a single lucky batch and saturation late in the run', () => {
    const flicker = dpoPoints(20, (s) => ({ loss: 0.5, 'rewards/chosen': 0, 'rewards/rejected': 0, 'rewards/accuracies': s % 2 ? 1 : 0.75 }));
    expect(detectAccuracySaturated(flicker)).toBeUndefined();
    const late = dpoPoints(100, (s) => ({ loss: 0.5, 'rewards/chosen': 0, 'rewards/rejected': 0, 'rewards/accuracies': s > 60 ? 1 : 0.8 }));
    expect(detectAccuracySaturated(late, { totalSteps: 100 })).toBeUndefined();
  });
});

describe('healthSignals', () => {
  it('runs the checks that apply: DPO checks only for DPO histories', () => {
    const stuck = dpoPoints(30, () => ({ loss: Math.LN2, 'rewards/chosen': 0, 'rewards/rejected': 0, 'rewards/accuracies': 0 }));
    expect(healthSignals({ train: stuck, dpo: {} }).map((w) => w.code)).toEqual(['dpo_not_learning']);
    expect(healthSignals({ train: stuck })).toEqual([]);
    const broken = [...stuck, { step: 31, loss: NaN, 'rewards/chosen': NaN, 'rewards/rejected': NaN, 'rewards/accuracies': 0 }];
    expect(healthSignals({ train: broken, dpo: {}, validation: [] }).map((w) => w.code)).toEqual(['non_finite_loss']);
    const overfit = healthSignals({ train: losses(Array.from({ length: 60 }, (_, i) => 2 - i / 40)), validation: losses([1.9, 1.5, 1.3, 1.35, 1.42, 1.5], 10, 10) });
    expect(overfit.map((w) => w.code)).toEqual(['overfitting']);
  });
});
