import { deriveSeed, epochBatches, epochPermutation, mulberry32, type TokenizedExample } from '../../src/data';

describe('seeded randomness', () => {
  it('mulberry32 and the epoch seed match an independent implementation (Python reference values)', () => {
    const random = mulberry32(42);
    expect([random(), random(), random()]).toEqual([0.6011037519201636, 0.44829055899754167, 0.8524657934904099]);
    expect(deriveSeed(42, 'epoch', 0)).toBe(3539137458);
  });
});

describe('epochPermutation', () => {
  it('is a pinned Fisher-Yates shuffle of (seed, epoch): resumed runs must keep seeing this order', () => {
    expect(epochPermutation(10, 42, 0)).toEqual([0, 3, 4, 5, 2, 8, 6, 1, 9, 7]);
  });

  it('depends only on (seed, epoch): same inputs same order, other epochs or seeds another permutation', () => {
    const order = epochPermutation(50, 7, 3);
    expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    epochPermutation(50, 7, 4); // computing other epochs in between changes nothing
    expect(epochPermutation(50, 7, 3)).toEqual(order);
    expect(epochPermutation(50, 7, 4)).not.toEqual(order);
    expect(epochPermutation(50, 8, 3)).not.toEqual(order);
  });
});

describe('epochBatches', () => {
  const examples: TokenizedExample[] = Array.from({ length: 7 }, (_, i) => ({ inputIds: [100 + i, 200 + i], weights: [0, 1] }));
  const firstIds = (batches: Iterable<{ input_ids: { data: unknown; shape: number[] } }>) =>
    [...batches].map((b) => {
      const data = b.input_ids.data as BigInt64Array;
      const T = b.input_ids.shape[1]!;
      return Array.from({ length: b.input_ids.shape[0]! }, (_, row) => Number(data[row * T]));
    });

  it('visits every example once per epoch in the shuffled order, in ceil(N / B) batches', () => {
    const batches = firstIds(epochBatches(examples, { batchSize: 3, seed: 1, epoch: 0, padId: 0 }));
    expect(batches.map((b) => b.length)).toEqual([3, 3, 1]);
    expect(batches.flat()).toEqual(epochPermutation(7, 1, 0).map((i) => 100 + i));
    expect(firstIds(epochBatches(examples, { batchSize: 3, seed: 1, epoch: 0, padId: 0, dropLast: true }))).toHaveLength(2);
  });

  it('recomputes identical batches for a resumed run and different ones for the next epoch', () => {
    const run = firstIds(epochBatches(examples, { batchSize: 2, seed: 5, epoch: 2, padId: 0 }));
    const resumed = firstIds(epochBatches(examples, { batchSize: 2, seed: 5, epoch: 2, padId: 0 }));
    expect(resumed).toEqual(run);
    expect(firstIds(epochBatches(examples, { batchSize: 2, seed: 5, epoch: 3, padId: 0 }))).not.toEqual(run);
  });

  it('packs shuffled examples when asked', () => {
    const batches = [...epochBatches(examples, { batchSize: 2, seed: 1, epoch: 0, padId: 0, packToLength: 6 })];
    // 7 two-token examples, three per 6-token row → rows of 3, 3, 1 → batches of 2 and 1 rows
    expect(batches.map((b) => b.input_ids.shape)).toEqual([
      [2, 6],
      [1, 2],
    ]);
  });
});
