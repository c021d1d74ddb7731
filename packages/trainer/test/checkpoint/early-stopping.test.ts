import { BestCheckpoint } from '../../src/checkpoint/best-checkpoint';
import { EarlyStopping } from '../../src/checkpoint/early-stopping';
import type { HostTensor } from '../../src/tensor/host-tensor';

const tensors = (value: number) => new Map<string, HostTensor>([['w', { dtype: 'float32', shape: [1], data: Float32Array.of(value) }]]);

describe('EarlyStopping (transformers EarlyStoppingCallback semantics)', () => {
  it('stops after `patience` validations in a row that do not beat the best by more than minDelta', () => {
    const stopping = new EarlyStopping({ patience: 2, minDelta: 0.01 });
    const verdicts = [
      [1, 1.0],
      [2, 0.9], // improves by 0.1
      [3, 0.895], // better, but only by 0.005 ≤ minDelta: no improvement (1)
      [4, 0.85], // improves by 0.05 on 0.9: the count resets
      [5, 0.86], // (1)
      [6, 0.87], // (2): stop
    ].map(([step, loss]) => stopping.observe(step!, loss!));
    expect(verdicts.map((v) => v.improved)).toEqual([true, true, false, true, false, false]);
    expect(verdicts.map((v) => v.shouldStop)).toEqual([false, false, false, false, false, true]);
    expect(stopping.state).toEqual({ bestLoss: 0.85, bestStep: 4, evaluationsWithoutImprovement: 2 });
  });

  it('never counts a NaN validation loss as an improvement', () => {
    const stopping = new EarlyStopping({ patience: 1, minDelta: 0 });
    expect(stopping.observe(1, NaN)).toEqual({ improved: false, shouldStop: true });
  });

  it('continues from a saved state exactly as the original tracker would', () => {
    const original = new EarlyStopping({ patience: 3, minDelta: 0 });
    [0.5, 0.4, 0.45].forEach((loss, i) => original.observe(i + 1, loss));
    const restored = new EarlyStopping({ patience: 3, minDelta: 0 }, JSON.parse(JSON.stringify(original.state)));
    for (const [step, loss] of [[4, 0.46], [5, 0.47]] as const) expect(restored.observe(step, loss)).toEqual(original.observe(step, loss));
    expect(restored.state).toEqual({ bestLoss: 0.4, bestStep: 2, evaluationsWithoutImprovement: 3 });
  });

  it('refuses a patience below 1 and a negative minDelta', () => {
    expect(() => new EarlyStopping({ patience: 0, minDelta: 0 })).toThrow('patience');
    expect(() => new EarlyStopping({ patience: 1, minDelta: -1 })).toThrow('minDelta');
  });
});

describe('BestCheckpoint', () => {
  it('keeps the weights of the lowest validation loss, the earlier step on a tie, copying only on a new best', () => {
    const best = new BestCheckpoint(true);
    let copies = 0;
    const observe = (step: number, loss: number) => best.observe(step, loss, () => (copies++, tensors(step)));
    expect([observe(1, 0.7), observe(2, 0.5), observe(3, 0.5), observe(4, 0.6), observe(5, NaN)]).toEqual([true, true, false, false, false]);
    expect(best.best).toEqual({ step: 2, validLoss: 0.5 });
    expect(Array.from(best.weights!.get('w')!.data as Float32Array)).toEqual([2]);
    expect(copies).toBe(2);
  });

  it('tracks the best step without copying weights when the run delivers its last step', () => {
    const best = new BestCheckpoint(false);
    best.observe(1, 0.5, () => {
      throw new Error('must not copy');
    });
    expect(best.best).toEqual({ step: 1, validLoss: 0.5 });
    expect(best.weights).toBeUndefined();
  });
});
