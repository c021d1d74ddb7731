import { healthSignals } from '../../src/evaluation/health/health-signals';
import type { DpoPoint, HealthWarningCode, LossPoint } from '../../src/evaluation/health/health-warning';
import { RunHealthMonitor } from '../../src/evaluation/health/run-health-monitor';

type Event = { kind: 'train'; point: DpoPoint } | { kind: 'validation'; point: LossPoint };

/** Feeds events to the live monitor; returns the step at which each warning code first appeared. */
function live(events: readonly Event[], monitor: RunHealthMonitor): Record<string, number> {
  const first: Record<string, number> = {};
  for (const e of events) {
    const warnings = e.kind === 'train' ? monitor.recordStep(e.point) : monitor.recordValidation(e.point);
    for (const w of warnings) {
      expect(first[w.code]).toBeUndefined(); // each code at most once
      first[w.code] = e.point.step;
    }
  }
  return first;
}

/** The same from the batch checks over every prefix of the history (O(n²), the reference). */
function reference(events: readonly Event[], totalSteps: number): Record<string, number> {
  const first: Record<string, number> = {};
  for (let n = 1; n <= events.length; n++) {
    const prefix = events.slice(0, n);
    const warnings = healthSignals({
      train: prefix.filter((e) => e.kind === 'train').map((e) => e.point),
      validation: prefix.filter((e) => e.kind === 'validation').map((e) => e.point),
      dpo: { totalSteps },
    });
    for (const w of warnings) first[w.code] ??= events[n - 1]!.point.step;
  }
  return first;
}

const dpoPoint = (step: number, loss: number, accuracy: number, reward = 0.1): Event => ({
  kind: 'train',
  point: { step, loss, gradNorm: 1, 'rewards/chosen': reward, 'rewards/rejected': -reward, 'rewards/accuracies': accuracy },
});

describe('RunHealthMonitor (the health checks, live)', () => {
  it('raises each warning at the same step as the batch checks over the whole history, once', () => {
    const events: Event[] = [];
    for (let step = 1; step <= 40; step++) {
      events.push(dpoPoint(step, step === 40 ? NaN : 0.69 - 0.01 * step, step <= 6 ? 1 : 0.8));
      if (step % 4 === 0) events.push({ kind: 'validation', point: { step, loss: step <= 8 ? 0.6 - 0.01 * step : 0.5 + 0.02 * step } });
    }
    const found = live(events, new RunHealthMonitor({ totalSteps: 50, dpo: {} }));
    expect(found).toEqual(reference(events, 50));
    expect(Object.keys(found).sort()).toEqual(['non_finite_loss', 'overfitting', 'preference_accuracy_saturated']);
    expect(found).toMatchObject({ preference_accuracy_saturated: 3, non_finite_loss: 40 });
  });

  it('flags a DPO loss stuck at ln 2 with zero rewards, and a loss exploding past 4× its start', () => {
    const stuck = Array.from({ length: 30 }, (_, i) => dpoPoint(i + 1, Math.LN2, 0, 0));
    const stuckFound = live(stuck, new RunHealthMonitor({ totalSteps: 30, dpo: {} }));
    expect(stuckFound).toEqual({ ...reference(stuck, 30), dpo_not_learning: 24 });

    const exploding = [1, 1.1, 0.9, 1.5, 3, 4.5].map((loss, i) => dpoPoint(i + 1, loss, 0.5));
    expect(live(exploding, new RunHealthMonitor({ dpo: {} }))).toEqual({ loss_exploding: 6 });
  });

  it('continues from its saved state as if never interrupted (no warning repeated)', () => {
    const events = Array.from({ length: 30 }, (_, i) => dpoPoint(i + 1, Math.LN2, 0, 0));
    const whole = live(events, new RunHealthMonitor({ totalSteps: 30, dpo: {} }));
    const first = new RunHealthMonitor({ totalSteps: 30, dpo: {} });
    const before = live(events.slice(0, 26), first);
    const after = live(events.slice(26), new RunHealthMonitor({ totalSteps: 30, dpo: {} }, JSON.parse(JSON.stringify(first.state))));
    expect({ ...before, ...after }).toEqual(whole);
    expect(Object.keys(after)).toEqual([]);
    const codes: HealthWarningCode[] = first.state.reported;
    expect(codes).toEqual(['dpo_not_learning']);
  });
});
