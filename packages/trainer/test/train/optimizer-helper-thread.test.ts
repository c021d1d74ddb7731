/** @jest-environment ./test/support/ort-environment.js */
import type { HostTensor } from '../../src/tensor/host-tensor';
import { LlamaTrainer, type LlamaTrainerOptions } from '../../src/train/llama-trainer';
import { tinyLlamaConfig, tinyLlamaWeights } from '../model/tiny-llama';
import { batchOf, trainerExamples as examples } from './trainer-examples';

const config = tinyLlamaConfig();
const runtime = { intraOpNumThreads: 1, interOpNumThreads: 1 };
/** One step of one micro-batch, then steps of two (accumulated sums), in turn. */
const stepBatches = (i: number) => (i % 2 === 0 ? [batchOf(examples)] : [batchOf(examples.slice(0, 2)), batchOf(examples.slice(2))]);
const bits = (t: HostTensor) => Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength);

function fullOptions(overrides: Partial<LlamaTrainerOptions>): LlamaTrainerOptions {
  return {
    config,
    weights: tinyLlamaWeights(config, 31),
    method: { kind: 'full' },
    schedule: { type: 'constant', baseLr: 5e-3, warmupSteps: 0, totalSteps: 10 },
    // Low enough that some steps clip: the scale AdamW applies as it reads the gradients is exercised.
    maxGradNorm: 0.5,
    adamw: { weightDecay: 0.01 },
    seed: 5,
    runtime,
    ...overrides,
  };
}

function expectSameState(a: LlamaTrainer, b: LlamaTrainer): void {
  const x = a.checkpoint();
  const y = b.checkpoint();
  expect(y.step).toBe(x.step);
  for (const [name, t] of x.trainable) expect(bits(y.trainable.get(name)!).equals(bits(t))).toBe(true);
  for (const [i, p] of x.optimizer.params.entries()) {
    expect(bits({ dtype: 'float32', shape: [], data: y.optimizer.params[i]!.expAvg }).equals(bits({ dtype: 'float32', shape: [], data: p.expAvg }))).toBe(true);
    expect(bits({ dtype: 'float32', shape: [], data: y.optimizer.params[i]!.expAvgSq }).equals(bits({ dtype: 'float32', shape: [], data: p.expAvgSq }))).toBe(true);
  }
}

describe('full fine-tuning with the AdamW helper thread (optimizerThreads: 2)', () => {
  it('trains the caller’s arrays in place to the same bits, losses and gradient norms as one thread, micro-batches accumulated or not', async () => {
    const own = tinyLlamaWeights(config, 31);
    const helped = await LlamaTrainer.create(fullOptions({ weights: own, method: { kind: 'full', inPlace: true }, optimizerThreads: 2 }));
    const alone = await LlamaTrainer.create(fullOptions({ optimizerThreads: 1 }));
    let clipped = 0;
    for (let i = 0; i < 4; i++) {
      const a = await alone.trainStep(stepBatches(i));
      const h = await helped.trainStep(stepBatches(i));
      expect([h.loss, h.gradNorm]).toEqual([a.loss, a.gradNorm]);
      if (a.gradNorm > 0.5) clipped++;
    }
    expect(clipped).toBeGreaterThan(0);
    expectSameState(alone, helped);
    // The caller's tensors hold the arrays the graph is fed (handed back by the helper thread each step).
    const feeds = helped.trainableFeeds();
    expect(Object.keys(feeds)).toHaveLength(own.size);
    for (const [name, t] of Object.entries(feeds)) expect(t.data).toBe(own.get(name)!.data);
    const expected = alone.checkpoint().trainable;
    for (const [name, t] of own) expect(bits(t).equals(bits(expected.get(name)!))).toBe(true);
    await helped.close();
    await alone.close();
  });

  it('resumes from a checkpoint to exactly what an uninterrupted run gives', async () => {
    const opts = fullOptions({ optimizerThreads: 2 });
    const straight = await LlamaTrainer.create(opts);
    for (let i = 0; i < 4; i++) await straight.trainStep(stepBatches(i));

    const first = await LlamaTrainer.create(fullOptions({ optimizerThreads: 2 }));
    for (let i = 0; i < 2; i++) await first.trainStep(stepBatches(i));
    const saved = first.checkpoint();
    await first.close();
    const resumed = await LlamaTrainer.create(fullOptions({ optimizerThreads: 2 }));
    resumed.restore(saved);
    for (let i = 2; i < 4; i++) await resumed.trainStep(stepBatches(i));
    expectSameState(straight, resumed);
    await straight.close();
    await resumed.close();
  });
});
