import { heldOutScore, splitHeldOut } from '../src';
import { seededRandom } from './helpers/sources';

const uniqueKeys = (n: number): string[] => Array.from({ length: n }, (_, i) => `key-${i}`);

describe('splitHeldOut', () => {
  it('is deterministic for a seed and changes with the seed', () => {
    const keys = uniqueKeys(500);
    const a = splitHeldOut(keys, { seed: 42 });
    expect(splitHeldOut(keys, { seed: 42 })).toEqual(a);
    expect(splitHeldOut(keys, { seed: 43 }).validation).not.toEqual(a.validation);
    expect(splitHeldOut(keys, { seed: '42' })).toEqual(a); // the seed's text is what counts
  });

  it('holds out exactly round(fraction × n) distinct examples and partitions the indices', () => {
    for (const [n, fraction, expected] of [
      [1000, 0.1, 100],
      [1000, 0.25, 250],
      [37, 0.1, 4],
      [10, 0.1, 1],
    ] as const) {
      const { train, validation } = splitHeldOut(uniqueKeys(n), { seed: 1, fraction });
      expect(validation).toHaveLength(expected);
      expect([...train, ...validation].sort((x, y) => x - y)).toEqual(Array.from({ length: n }, (_, i) => i));
      expect(train).toEqual([...train].sort((x, y) => x - y));
    }
  });

  it('keeps at least one example on each side of tiny datasets', () => {
    expect(splitHeldOut(['a', 'b'], { seed: 3 })).toEqual(expect.objectContaining({ train: [expect.any(Number)], validation: [expect.any(Number)] }));
    for (const fraction of [0.01, 0.5, 0.99]) {
      const { train, validation } = splitHeldOut(uniqueKeys(3), { seed: 9, fraction });
      expect(train.length).toBeGreaterThanOrEqual(1);
      expect(validation.length).toBeGreaterThanOrEqual(1);
    }
  });

  it('never puts copies of one example on both sides', () => {
    const random = seededRandom(5);
    for (let trial = 0; trial < 50; trial++) {
      // Many duplicate groups of random sizes.
      const keys = Array.from({ length: 300 }, () => `g${Math.floor(random() * 60)}`);
      const { train, validation } = splitHeldOut(keys, { seed: trial, fraction: 0.2 });
      const trainKeys = new Set(train.map((i) => keys[i]));
      for (const i of validation) expect(trainKeys.has(keys[i])).toBe(false);
      expect(train.length).toBeGreaterThan(0);
      expect(validation.length).toBeGreaterThan(0);
      expect(validation.length).toBeLessThanOrEqual(60);
    }
  });

  it('holds out the smallest group when every group is bigger than the target', () => {
    const keys = [...Array(30).fill('big'), ...Array(20).fill('small')];
    const { validation } = splitHeldOut(keys, { seed: 1, fraction: 0.1 });
    expect(validation).toEqual(Array.from({ length: 20 }, (_, i) => 30 + i));
  });

  it('refuses what cannot be split', () => {
    expect(() => splitHeldOut(['same', 'same', 'same'], { seed: 1 })).toThrow(/two distinct/);
    expect(() => splitHeldOut([], { seed: 1 })).toThrow(RangeError);
    expect(() => splitHeldOut(uniqueKeys(10), { seed: 1, fraction: 0 })).toThrow(/fraction/);
    expect(() => splitHeldOut(uniqueKeys(10), { seed: 1, fraction: 1 })).toThrow(/fraction/);
  });
});

describe('heldOutScore', () => {
  it('is stable, in [0, 1) and roughly uniform', () => {
    expect(heldOutScore(7, 'abc')).toBe(heldOutScore(7, 'abc'));
    const scores = uniqueKeys(10_000).map((k) => heldOutScore(7, k));
    expect(Math.min(...scores)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...scores)).toBeLessThan(1);
    const belowTenth = scores.filter((s) => s < 0.1).length;
    expect(belowTenth).toBeGreaterThan(900);
    expect(belowTenth).toBeLessThan(1100);
  });
});
