import type { HealthWarning, LossPoint } from './health-warning';

export interface DivergenceOptions {
  /** Loss above this multiple of the initial loss counts as exploding (default 4). */
  explodeFactor?: number;
  /** Points averaged for the initial loss (default 3), so one noisy first batch does not set the bar; a point among them is measured against those before it. */
  initialPoints?: number;
}

/**
 * The divergence guard: the first NaN/Inf loss or gradient norm (an error: every later update is
 * garbage), else the first loss above k × the initial loss (learning rate too high, bad data).
 */
export function detectDivergence(history: readonly LossPoint[], options: DivergenceOptions = {}): HealthWarning | undefined {
  for (const p of history) {
    const bad = !Number.isFinite(p.loss) ? 'loss' : p.gradNorm !== undefined && !Number.isFinite(p.gradNorm) ? 'gradient norm' : undefined;
    if (bad) {
      return {
        code: 'non_finite_loss',
        severity: 'error',
        step: p.step,
        message: `the ${bad} became ${bad === 'loss' ? p.loss : p.gradNorm} at step ${p.step}; the weights are no longer usable. Lower the learning rate or enable gradient clipping, and check the data.`,
        details: { loss: p.loss, ...(p.gradNorm !== undefined ? { gradNorm: p.gradNorm } : {}) },
      };
    }
  }
  const k = options.explodeFactor ?? 4;
  const initialPoints = options.initialPoints ?? 3;
  for (let i = 1; i < history.length; i++) {
    // The initial loss: the mean of the first points, those of them before this one (a loss that
    // explodes at step 2 is measured against step 1, not against a mean it is part of).
    const first = history.slice(0, Math.min(i, initialPoints));
    const initial = first.reduce((s, p) => s + p.loss, 0) / first.length;
    const p = history[i]!;
    if (!(initial > 0) || !(p.loss > k * initial)) continue;
    return {
      code: 'loss_exploding',
      severity: 'error',
      step: p.step,
      message: `the loss reached ${p.loss.toPrecision(4)} at step ${p.step}, more than ${k}× its initial ${initial.toPrecision(4)}: training is diverging. Lower the learning rate or enable gradient clipping.`,
      details: { loss: p.loss, initialLoss: initial, factor: p.loss / initial },
    };
  }
  return undefined;
}
