/** @jest-environment ./test/support/ort-environment.js */
import { DpoTrainer, type DpoTrainerOptions } from '../../src/dpo/dpo-trainer';
import type { DpoMetrics } from '../../src/dpo/dpo-metrics';
import { buildTinyModel } from '../../src/io/tiny-model';
import type { LoraSettings } from '../../src/model/lora';
import { bracketPreferencePairs, preferenceBatch } from './preference-task';

const model = buildTinyModel({ seed: 3, hiddenSize: 32, intermediateSize: 64, numLayers: 1, numHeads: 2, numKvHeads: 1 });
const { train, heldOut } = bracketPreferencePairs();
const trainBatch = preferenceBatch(model, train);
const heldOutBatch = preferenceBatch(model, heldOut);
const runtime = { intraOpNumThreads: 1, interOpNumThreads: 1 };
const lora = (dropout = 0): LoraSettings => ({ r: 8, alpha: 16, dropout, targetModules: 'all-linear' });

function options(overrides: Partial<DpoTrainerOptions> = {}): DpoTrainerOptions {
  return {
    config: model.config,
    weights: model.weights,
    method: { kind: 'lora', lora: lora() },
    schedule: { type: 'constant', baseLr: 1e-2, warmupSteps: 0, totalSteps: 100 },
    maxGradNorm: 1,
    seed: 1,
    dpo: { beta: 0.1 },
    runtime,
    ...overrides,
  };
}

function line(label: string, m: DpoMetrics): string {
  return `${label}: loss ${m.loss.toFixed(4)}, accuracy ${m['rewards/accuracies'].toFixed(3)}, margin ${m['rewards/margins'].toFixed(4)}, rewards ${m['rewards/chosen'].toFixed(4)} / ${m['rewards/rejected'].toFixed(4)}`;
}

/** Trains on the train pairs; returns held-out metrics before, after `early` steps and at the end. */
async function learn(trainer: DpoTrainer, steps: number, early: number) {
  const before = await trainer.evaluate([heldOutBatch]);
  let atEarly = before;
  for (let i = 1; i <= steps; i++) {
    await trainer.trainStep([trainBatch]);
    if (i === early) atEarly = await trainer.evaluate([heldOutBatch]);
  }
  return { before, atEarly, after: await trainer.evaluate([heldOutBatch]) };
}

describe('DpoTrainer on a synthetic format-preference task (train and held-out words differ)', () => {
  it('LoRA: held-out preference accuracy reaches ≥ 90 % and the margin grows', async () => {
    const trainer = await DpoTrainer.create(options());
    const { before, atEarly, after } = await learn(trainer, 20, 5);
    process.stdout.write(`${line('LoRA held-out before', before)}\n${line('LoRA held-out step 5', atEarly)}\n${line('LoRA held-out step 20', after)}\n`);
    // Policy = reference at the start (adapter B = 0): every reward is exactly 0, every pair a tie.
    expect(before.loss).toBeCloseTo(Math.LN2, 6);
    expect(before['rewards/margins']).toBe(0);
    expect(before['rewards/accuracies']).toBe(0);
    expect(after['rewards/accuracies']).toBeGreaterThanOrEqual(0.9);
    expect(after['rewards/margins']).toBeGreaterThan(atEarly['rewards/margins']);
    expect(after['rewards/margins']).toBeGreaterThan(0.1);
    expect(after.loss).toBeLessThan(before.loss - 0.05);
    expect(after.pairs).toBe(heldOut.length);
    // The reference ran once per distinct batch, never again in 20 steps and 3 evaluations.
    expect(trainer.reference.passes).toBe(2);
    expect(trainer.reference.size).toBe(2 * (train.length + heldOut.length));
    await trainer.close();
  });

  it('full fine-tuning: held-out preference accuracy reaches ≥ 90 % and the margin grows', async () => {
    const trainer = await DpoTrainer.create(options({ method: { kind: 'full' }, schedule: { type: 'constant', baseLr: 1e-3, warmupSteps: 0, totalSteps: 100 } }));
    const { before, atEarly, after } = await learn(trainer, 15, 5);
    process.stdout.write(`${line('Full held-out before', before)}\n${line('Full held-out step 5', atEarly)}\n${line('Full held-out step 15', after)}\n`);
    expect(before['rewards/margins']).toBe(0);
    expect(after['rewards/accuracies']).toBeGreaterThanOrEqual(0.9);
    expect(after['rewards/margins']).toBeGreaterThan(atEarly['rewards/margins']);
    expect(after['rewards/margins']).toBeGreaterThan(0.2);
    // The reference is the frozen initial model, not the weights being trained.
    const reference = await trainer.reference.forBatch(heldOutBatch);
    expect(after['logps/chosen']).toBeGreaterThan(reference.chosen.reduce((s, x) => s + x, 0) / heldOut.length);
    await trainer.close();
  });

  it('is deterministic from its seed (LoRA dropout included) and accumulates micro-batches exactly', async () => {
    const opts = options({ method: { kind: 'lora', lora: lora(0.1) } });
    const [a, b] = [await DpoTrainer.create(opts), await DpoTrainer.create(opts)];
    const firstHalf = preferenceBatch(model, train.slice(0, 8));
    const secondHalf = preferenceBatch(model, train.slice(8));
    const metricsA = [];
    const metricsB = [];
    for (let i = 0; i < 3; i++) {
      metricsA.push(await a.trainStep([firstHalf, secondHalf]));
      metricsB.push(await b.trainStep([firstHalf, secondHalf]));
    }
    expect(metricsB).toEqual(metricsA);
    for (const [name, t] of a.checkpoint().trainable) expect(Array.from(t.data as Float32Array)).toEqual(Array.from(b.checkpoint().trainable.get(name)!.data as Float32Array));
    await Promise.all([a.close(), b.close()]);

    const [whole, split] = [await DpoTrainer.create(options()), await DpoTrainer.create(options())];
    const one = await whole.trainStep([trainBatch]);
    const two = await split.trainStep([firstHalf, secondHalf]);
    expect(two.loss).toBeCloseTo(one.loss, 6);
    expect(two.gradNorm).toBeCloseTo(one.gradNorm, 5);
    expect(two.pairs).toBe(train.length);
    const after = [await whole.evaluate([trainBatch]), await split.evaluate([trainBatch])];
    expect(after[1]!.loss).toBeCloseTo(after[0]!.loss, 5);
    await Promise.all([whole.close(), split.close()]);
  });

  it('resumes from a checkpoint exactly (dropout masks and the reference cache included)', async () => {
    const opts = options({ method: { kind: 'lora', lora: lora(0.1) }, adamw: { weightDecay: 0.01 } });
    const straight = await DpoTrainer.create(opts);
    for (let i = 0; i < 4; i++) await straight.trainStep([trainBatch]);
    const first = await DpoTrainer.create(opts);
    for (let i = 0; i < 2; i++) await first.trainStep([trainBatch]);
    const saved = first.checkpoint();
    await first.close();
    const resumed = await DpoTrainer.create(opts); // a fresh process: the reference is recomputed, identically
    resumed.restore(saved);
    for (let i = 0; i < 2; i++) await resumed.trainStep([trainBatch]);
    expect(resumed.step).toBe(4);
    const expected = straight.checkpoint().trainable;
    for (const [name, t] of resumed.checkpoint().trainable) expect(Array.from(t.data as Float32Array)).toEqual(Array.from(expected.get(name)!.data as Float32Array));
    await Promise.all([straight.close(), resumed.close()]);
  });

  it('the LoRA reference is the base model: its cached log-probs do not move while the adapter trains', async () => {
    const trainer = await DpoTrainer.create(options({ dpo: { beta: 0.1, lossType: 'ipo' } }));
    const first = await trainer.reference.forBatch(trainBatch);
    for (let i = 0; i < 3; i++) await trainer.trainStep([trainBatch]);
    // A fresh batch of the same pairs, padded wider and in another order: served from the cache.
    const again = await trainer.reference.forBatch(preferenceBatch(model, [...train].reverse(), 40));
    expect(Array.from(again.chosen).reverse()).toEqual(Array.from(first.chosen));
    expect(Array.from(again.rejected).reverse()).toEqual(Array.from(first.rejected));
    expect(trainer.reference.passes).toBe(1);
    expect(trainer.loraAdapter().modules.size).toBe(7);
    await trainer.close();
  });

  it('full DPO refuses to train the base weights in place: they are its reference', async () => {
    await expect(DpoTrainer.create(options({ method: { kind: 'full', inPlace: true } }))).rejects.toThrow(/reference model/);
  });
});
