/** @jest-environment ./test/support/ort-environment.js */
import type { LoraSettings } from '../../src/model/lora';
import { LlamaTrainer, type LlamaTrainerOptions } from '../../src/train/llama-trainer';
import { tinyLlamaConfig, tinyLlamaWeights } from '../model/tiny-llama';
import { batchOf, trainerExamples as examples } from './trainer-examples';

const config = tinyLlamaConfig();
const weights = tinyLlamaWeights(config, 31);
const runtime = { intraOpNumThreads: 1, interOpNumThreads: 1 };

const lora = (dropout: number): LoraSettings => ({ r: 4, alpha: 8, dropout, targetModules: 'all-linear' });

function options(overrides: Partial<LlamaTrainerOptions> = {}): LlamaTrainerOptions {
  return {
    config,
    weights,
    method: { kind: 'lora', lora: lora(0) },
    schedule: { type: 'constant', baseLr: 2e-2, warmupSteps: 0, totalSteps: 100 },
    seed: 5,
    runtime,
    ...overrides,
  };
}

describe('LlamaTrainer', () => {
  it('lowers the loss of a LoRA run on a repeated batch', async () => {
    const trainer = await LlamaTrainer.create(options({ maxGradNorm: 1 }));
    const batch = batchOf(examples);
    const before = await trainer.evaluate([batch]);
    let last = { loss: Infinity, gradNorm: 0 };
    for (let i = 0; i < 15; i++) last = await trainer.trainStep([batch]);
    const after = await trainer.evaluate([batch]);
    expect(trainer.step).toBe(15);
    expect(last.gradNorm).toBeGreaterThan(0);
    expect(after.loss).toBeLessThan(before.loss * 0.7);
    expect(after.meanTokenAccuracy).toBeGreaterThanOrEqual(before.meanTokenAccuracy);
    const adapter = trainer.loraAdapter();
    expect(adapter.modules.size).toBe(14);
    expect(adapter.config).toMatchObject({ r: 4, lora_alpha: 8 });
    await trainer.close();
  });

  it('reports the step loss before the update, and warmup starts at learning rate 0', async () => {
    const trainer = await LlamaTrainer.create(options({ schedule: { type: 'linear', baseLr: 1e-2, warmupSteps: 2, totalSteps: 10 } }));
    const batch = batchOf(examples);
    const evaluated = await trainer.evaluate([batch]);
    const first = await trainer.trainStep([batch]);
    expect(first.learningRate).toBe(0);
    expect(first.loss).toBeCloseTo(evaluated.loss, 5);
    expect((await trainer.evaluate([batch])).loss).toBeCloseTo(evaluated.loss, 6); // lr 0: unchanged
    expect((await trainer.trainStep([batch])).learningRate).toBeCloseTo(5e-3, 12);
    await trainer.close();
  });

  it('accumulates micro-batches into the same step as one batch of all their rows', async () => {
    const whole = await LlamaTrainer.create(options());
    const split = await LlamaTrainer.create(options());
    const a = await whole.trainStep([batchOf(examples)]);
    const b = await split.trainStep([batchOf(examples.slice(0, 1)), batchOf(examples.slice(1))]);
    expect(b.loss).toBeCloseTo(a.loss, 5);
    expect(b.meanTokenAccuracy).toBeCloseTo(a.meanTokenAccuracy, 6);
    expect(b.gradNorm).toBeCloseTo(a.gradNorm, 5);
    const wa = whole.checkpoint().trainable;
    const wb = split.checkpoint().trainable;
    for (const [name, t] of wa) {
      const other = wb.get(name)!.data as Float32Array;
      (t.data as Float32Array).forEach((v, i) => expect(Math.abs(v - other[i]!)).toBeLessThan(1e-6));
    }
    await whole.close();
    await split.close();
  });

  it('a step aborted between its micro-batches is not taken, and the run then continues as an uninterrupted one, bit for bit', async () => {
    const opts = options({ method: { kind: 'lora', lora: lora(0.3) }, maxGradNorm: 0.5 });
    const batches = [batchOf(examples.slice(0, 2)), batchOf(examples.slice(2))];
    const straight = await LlamaTrainer.create(opts);
    for (let i = 0; i < 2; i++) await straight.trainStep(batches);

    const interrupted = await LlamaTrainer.create(opts);
    const initial = interrupted.checkpoint();
    // Not aborted when the step starts, aborted by the time the second micro-batch would run.
    let checks = 0;
    const abortsAfterFirstMicroBatch = { get aborted() { return ++checks > 1; } } as unknown as AbortSignal;
    expect(await interrupted.trainStepOrAbort(batches, abortsAfterFirstMicroBatch)).toBeUndefined();
    expect(checks).toBe(2);
    expect(interrupted.step).toBe(0);
    expect(interrupted.checkpoint()).toEqual(initial);
    for (let i = 0; i < 2; i++) await interrupted.trainStep(batches);

    const expected = straight.checkpoint();
    expect(interrupted.checkpoint()).toEqual(expected);
    await straight.close();
    await interrupted.close();
  });

  it('resumes from a checkpoint exactly, dropout masks included', async () => {
    const opts = options({ method: { kind: 'lora', lora: lora(0.3) }, adamw: { weightDecay: 0.01 } });
    const batches = [batchOf(examples.slice(0, 2)), batchOf(examples.slice(2))];
    const straight = await LlamaTrainer.create(opts);
    for (let i = 0; i < 4; i++) await straight.trainStep(batches);

    const first = await LlamaTrainer.create(opts);
    for (let i = 0; i < 2; i++) await first.trainStep(batches);
    const saved = first.checkpoint();
    await first.close();
    const resumed = await LlamaTrainer.create(opts);
    resumed.restore(saved);
    for (let i = 0; i < 2; i++) await resumed.trainStep(batches);

    expect(resumed.step).toBe(4);
    const expected = straight.checkpoint().trainable;
    for (const [name, t] of resumed.checkpoint().trainable) {
      expect(Array.from(t.data as Float32Array)).toEqual(Array.from(expected.get(name)!.data as Float32Array));
    }
    await straight.close();
    await resumed.close();
  });

  it('trains every weight in full fine-tuning without touching the caller’s weights', async () => {
    const original = Array.from(weights.get('model.layers.0.mlp.up_proj.weight')!.data as Float32Array);
    const trainer = await LlamaTrainer.create(
      options({ method: { kind: 'full' }, schedule: { type: 'constant', baseLr: 5e-3, warmupSteps: 0, totalSteps: 10 } }),
    );
    const batch = batchOf(examples);
    const before = await trainer.evaluate([batch]);
    for (let i = 0; i < 8; i++) await trainer.trainStep([batch]);
    expect((await trainer.evaluate([batch])).loss).toBeLessThan(before.loss * 0.7);
    const trained = trainer.trainedWeights();
    expect(Array.from(trained.get('model.layers.0.mlp.up_proj.weight')!.data as Float32Array)).not.toEqual(original);
    expect(Array.from(weights.get('model.layers.0.mlp.up_proj.weight')!.data as Float32Array)).toEqual(original);
    expect(() => trainer.loraAdapter()).toThrow(/full fine-tuning/);
    await trainer.close();
  });

  it('full fine-tuning in place trains the caller’s arrays themselves (the model held once), to the same values as a copying run', async () => {
    const own = tinyLlamaWeights(config, 31);
    const arrays = new Map([...own].map(([name, t]) => [name, t.data]));
    const full = { schedule: { type: 'constant' as const, baseLr: 5e-3, warmupSteps: 0, totalSteps: 10 } };
    const inPlace = await LlamaTrainer.create(options({ ...full, weights: own, method: { kind: 'full', inPlace: true } }));
    const copying = await LlamaTrainer.create(options({ ...full, method: { kind: 'full' } }));
    const batch = batchOf(examples);
    for (let i = 0; i < 3; i++) {
      await inPlace.trainStep([batch]);
      await copying.trainStep([batch]);
    }
    // What the graph is fed and AdamW updates is the caller's array, not a copy of it.
    const feeds = inPlace.trainableFeeds();
    expect(Object.keys(feeds)).toHaveLength(own.size);
    for (const [name, t] of Object.entries(feeds)) expect(t.data).toBe(arrays.get(name));
    const expected = copying.checkpoint().trainable;
    for (const [name, t] of own) expect(Array.from(t.data as Float32Array)).toEqual(Array.from(expected.get(name)!.data as Float32Array));
    await inPlace.close();
    await copying.close();
  });
});
