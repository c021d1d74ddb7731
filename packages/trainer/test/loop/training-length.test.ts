import type { TokenizedExample } from '../../src/data/examples';
import { BatchSource } from '../../src/loop/batch-source';
import { trainingLength, warmupStepsFor } from '../../src/loop/training-length';

const examples: TokenizedExample[] = Array.from({ length: 10 }, (_, i) => ({ inputIds: [1, 2, 3].slice(0, 1 + (i % 3)), weights: [1, 1, 1].slice(0, 1 + (i % 3)) }));
const source = (packToLength?: number) => new BatchSource(examples, { batchSize: 2, gradientAccumulationSteps: 2, seed: 1, shuffle: true, padId: 0, packToLength });

describe('trainingLength', () => {
  it('counts whole epochs: 10 rows in micro-batches of 2, two per step → 3 steps an epoch', () => {
    expect(trainingLength(source(), { epochs: 3 })).toEqual({ totalSteps: 9, epochs: 3, stepsPerEpoch: 3 });
  });

  it('stops at maxSteps, cycling epochs as needed, or at the epochs limit when that comes first', () => {
    expect(trainingLength(source(), { maxSteps: 7 })).toEqual({ totalSteps: 7, epochs: 3, stepsPerEpoch: 3 });
    expect(trainingLength(source(), { maxSteps: 7, epochs: 2 })).toEqual({ totalSteps: 6, epochs: 2, stepsPerEpoch: 3 });
    expect(trainingLength(source(), { maxSteps: 2, epochs: 5 })).toEqual({ totalSteps: 2, epochs: 1, stepsPerEpoch: 3 });
  });

  it('adds up the epochs of a packed dataset, whose lengths depend on each epoch’s order', () => {
    const packed = source(4);
    const perEpoch = [0, 1, 2].map((e) => packed.stepsIn(e));
    expect(trainingLength(packed, { epochs: 3 }).totalSteps).toBe(perEpoch[0]! + perEpoch[1]! + perEpoch[2]!);
  });
});

describe('warmupStepsFor', () => {
  it('prefers explicit steps and rounds a ratio up', () => {
    expect(warmupStepsFor(100, { warmupSteps: 7, warmupRatio: 0.5 })).toBe(7);
    expect(warmupStepsFor(95, { warmupRatio: 0.1 })).toBe(10);
    expect(warmupStepsFor(95, { warmupRatio: 0 })).toBe(0);
  });
});
