import type { TokenizedExample } from '../../src/data/examples';
import { BatchSource, type BatchSourceOptions } from '../../src/loop/batch-source';
import { START_POSITION, type LoopPosition } from '../../src/loop/loop-position';

/** Example i is the tokens [100 + i, 1, 2, ...] of length 2 + (i mod 3): its first token names it. */
const examples: TokenizedExample[] = Array.from({ length: 10 }, (_, i) => {
  const inputIds = [100 + i, ...Array.from({ length: 1 + (i % 3) }, (_, k) => k + 1)];
  return { inputIds, weights: inputIds.map(() => 1) };
});
const options: BatchSourceOptions = { batchSize: 3, gradientAccumulationSteps: 2, seed: 9, shuffle: true, padId: 0 };

/** The example ids in a step's rows, in order (first token of each packed segment). */
function idsOf(source: BatchSource, position: LoopPosition): number[] {
  const ids: number[] = [];
  for (const batch of source.step(position).microBatches) {
    const [rows, width] = batch.input_ids.shape as [number, number];
    const data = batch.input_ids.data as BigInt64Array;
    const positions = batch.position_ids.data as BigInt64Array;
    const mask = batch.attention_mask.data as BigInt64Array;
    for (let k = 0; k < rows * width; k++) if (mask[k] === 1n && positions[k] === 0n) ids.push(Number(data[k]) - 100);
  }
  return ids;
}

function walkEpoch(source: BatchSource, epoch: number): { ids: number[]; positions: LoopPosition[] } {
  const ids: number[] = [];
  const positions: LoopPosition[] = [];
  let position: LoopPosition = { epoch, microBatch: 0, step: 0 };
  while (position.epoch === epoch) {
    ids.push(...idsOf(source, position));
    position = source.step(position).next;
    positions.push(position);
  }
  return { ids, positions };
}

describe('BatchSource', () => {
  it('visits every example once per epoch, in a different seeded order each epoch', () => {
    const source = new BatchSource(examples, options);
    const first = walkEpoch(source, 0).ids;
    const second = walkEpoch(source, 1).ids;
    expect([...first].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect([...second].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(second).not.toEqual(first);
    expect(walkEpoch(new BatchSource(examples, options), 0).ids).toEqual(first); // same seed, same order
  });

  it('keeps the file order without shuffling', () => {
    expect(walkEpoch(new BatchSource(examples, { ...options, shuffle: false }), 0).ids).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('groups micro-batches into steps that never cross an epoch, and reports positions and progress', () => {
    const source = new BatchSource(examples, options); // 10 rows → micro-batches of 3, 3, 3, 1 → 2 steps
    expect(source.microBatchesIn(0)).toBe(4);
    expect(source.stepsIn(0)).toBe(2);
    const first = source.step(START_POSITION);
    expect(first.microBatches.map((b) => b.input_ids.shape[0])).toEqual([3, 3]);
    expect(first.next).toEqual({ epoch: 0, microBatch: 2, step: 1 });
    expect(first.epochProgress).toBe(0.5);
    const second = source.step(first.next);
    expect(second.microBatches.map((b) => b.input_ids.shape[0])).toEqual([3, 1]);
    expect(second.next).toEqual({ epoch: 1, microBatch: 0, step: 2 });
    expect(second.epochProgress).toBe(1);
  });

  it('serves any position without replaying the steps before it (what resume relies on)', () => {
    const walked = new BatchSource(examples, options);
    walkEpoch(walked, 0);
    const fresh = new BatchSource(examples, options);
    const position = { epoch: 1, microBatch: 2, step: 3 };
    expect(fresh.step(position)).toEqual(walked.step(position));
    expect(() => fresh.step({ epoch: 0, microBatch: 4, step: 0 })).toThrow(/4 micro-batches/);
  });

  it('counts the real tokens of a step and packs rows up to the length limit', () => {
    const packed = new BatchSource(examples, { ...options, shuffle: false, packToLength: 8, gradientAccumulationSteps: 1 });
    const { ids } = walkEpoch(packed, 0);
    expect(ids).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    let tokens = 0;
    let position: LoopPosition = START_POSITION;
    while (position.epoch === 0) {
      const step = packed.step(position);
      for (const batch of step.microBatches) {
        expect(batch.input_ids.shape[1]).toBeLessThanOrEqual(8);
        tokens += (batch.attention_mask.data as BigInt64Array).reduce((n, m) => n + Number(m), 0);
      }
      expect(step.tokens).toBe(step.microBatches.reduce((n, b) => n + (b.attention_mask.data as BigInt64Array).reduce((m, v) => m + Number(v), 0), 0));
      position = step.next;
    }
    expect(tokens).toBe(examples.reduce((n, e) => n + e.inputIds.length, 0));
    expect(packed.microBatchesIn(0)).toBeLessThan(new BatchSource(examples, { ...options, gradientAccumulationSteps: 1 }).microBatchesIn(0) * 3);
  });
});
