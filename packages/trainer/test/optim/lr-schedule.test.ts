import { learningRateAt, type LrSchedule } from '../../src/optim/lr-schedule';

const base = { baseLr: 1e-3, warmupSteps: 10, totalSteps: 110 };

describe('learning-rate schedules with linear warmup', () => {
  it('warms up linearly from 0 (step 0 runs at 0, as in Hugging Face)', () => {
    for (const type of ['constant', 'linear', 'cosine'] as const) {
      const s: LrSchedule = { ...base, type };
      expect(learningRateAt(s, 0)).toBe(0);
      expect(learningRateAt(s, 5)).toBeCloseTo(5e-4, 12);
      expect(learningRateAt(s, 10)).toBeCloseTo(1e-3, 12);
    }
  });

  it('constant stays at the base rate after warmup', () => {
    const s: LrSchedule = { ...base, type: 'constant' };
    expect(learningRateAt(s, 11)).toBe(1e-3);
    expect(learningRateAt(s, 500)).toBe(1e-3);
  });

  it('linear decays to 0 at totalSteps: halfway at step 60', () => {
    const s: LrSchedule = { ...base, type: 'linear' };
    expect(learningRateAt(s, 60)).toBeCloseTo(5e-4, 12);
    expect(learningRateAt(s, 85)).toBeCloseTo(2.5e-4, 12);
    expect(learningRateAt(s, 110)).toBe(0);
    expect(learningRateAt(s, 120)).toBe(0);
  });

  it('cosine: 0.5 (1 + cos(π progress)) after warmup', () => {
    const s: LrSchedule = { ...base, type: 'cosine' };
    expect(learningRateAt(s, 35)).toBeCloseTo(1e-3 * 0.5 * (1 + Math.SQRT1_2), 12); // progress 1/4
    expect(learningRateAt(s, 60)).toBeCloseTo(5e-4, 12); // progress 1/2
    expect(learningRateAt(s, 110)).toBeCloseTo(0, 12);
  });

  it('without warmup starts at the base rate', () => {
    expect(learningRateAt({ ...base, warmupSteps: 0, type: 'linear' }, 0)).toBe(1e-3);
  });
});
