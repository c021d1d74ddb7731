/** @jest-environment ./test/support/ort-environment.js */
import { checkGradients, type TensorGradientCheck } from '../../src/autodiff/gradient-check';
import { collatePreferenceBatch } from '../../src/data/preference-batch';
import type { TokenizedPreferencePair } from '../../src/data/tokenize-preference';
import { buildDpoGraph, DPO_IO } from '../../src/dpo/dpo-graph';
import { parseDpoSettings, type DpoSettingsInput } from '../../src/dpo/dpo-settings';
import { serializeModel } from '../../src/graph/export-onnx';
import { initLoraAdapter, loraInputNames, type LoraSettings } from '../../src/model/lora';
import { LLAMA_IO, type TrainableWeights } from '../../src/model/llama-graph';
import { GraphSession } from '../../src/runtime/graph-session';
import { hostTensor, type HostTensor } from '../../src/tensor/host-tensor';
import { referenceLogits } from '../model/reference-llama';
import { tinyLlamaConfig, tinyLlamaWeights } from '../model/tiny-llama';

const config = tinyLlamaConfig();
const weights = tinyLlamaWeights(config, 61);

/** Two pairs of different prompt and completion lengths, so rows are padded differently. */
const pairs: TokenizedPreferencePair[] = [
  { chosen: { inputIds: [1, 5, 7, 2, 9], weights: [0, 0, 1, 1, 1] }, rejected: { inputIds: [1, 5, 3, 3], weights: [0, 0, 1, 1] }, promptLength: 2 },
  { chosen: { inputIds: [4, 8, 6], weights: [0, 1, 1] }, rejected: { inputIds: [4, 11, 12, 10, 2], weights: [0, 1, 1, 1, 1] }, promptLength: 1 },
];
const batch = collatePreferenceBatch(pairs, { padId: 0 });
const referenceChosen = [-9.1, -5.2];
const referenceRejected = [-8.4, -13.3];

function batchFeeds(dtype: 'float32' | 'float64'): Record<string, HostTensor> {
  return {
    [LLAMA_IO.inputIds]: batch.input_ids,
    [LLAMA_IO.attentionMask]: batch.attention_mask,
    [LLAMA_IO.labels]: batch.labels,
    [LLAMA_IO.positionIds]: batch.position_ids,
    [LLAMA_IO.labelWeights]: hostTensor(dtype, batch.label_weights.shape, batch.label_weights.data as Float32Array),
    [DPO_IO.referenceChosenLogps]: hostTensor(dtype, [2], referenceChosen),
    [DPO_IO.referenceRejectedLogps]: hostTensor(dtype, [2], referenceRejected),
  };
}

const lora: LoraSettings = { r: 2, alpha: 4, dropout: 0, targetModules: 'all-linear' };

/** LoRA feeds in float64 with non-zero B (so A's gradient is non-zero too). */
function loraFeeds(): Record<string, HostTensor> {
  const feeds: Record<string, HostTensor> = {};
  let k = 0;
  for (const [modulePath, pair] of initLoraAdapter(config, weights, lora, 3).modules) {
    const names = loraInputNames(modulePath);
    feeds[names.A] = hostTensor('float64', pair.A.shape, pair.A.data as Float32Array);
    feeds[names.B] = hostTensor('float64', pair.B.shape, Array.from(pair.B.data as Float32Array, () => 0.3 * Math.cos(++k)));
  }
  return feeds;
}

function worst(results: TensorGradientCheck[]): TensorGradientCheck {
  return results.reduce((w, r) => (r.relativeError > w.relativeError ? r : w));
}

async function gradientCheck(label: string, trainable: TrainableWeights, dpo: DpoSettingsInput, trainableFeeds: (names: { name: string; shape: number[] }[]) => Record<string, HostTensor>) {
  const { graph, trainableInputs } = buildDpoGraph(config, weights, { trainable, dpo: parseDpoSettings(dpo), dtype: 'float64' });
  const results = await checkGradients({
    forward: graph,
    loss: DPO_IO.loss,
    wrt: trainableInputs.map((t) => t.name),
    feeds: { ...batchFeeds('float64'), ...trainableFeeds(trainableInputs) },
    maxElementsPerTensor: 3,
  });
  const w = worst(results);
  const elements = results.reduce((n, r) => n + r.elementsChecked, 0);
  const largest = Math.max(...results.flatMap((r) => r.analytic.map(Math.abs)));
  process.stdout.write(`${label}: ${results.length} tensors, ${elements} elements, worst relative error ${w.relativeError.toExponential(2)} (${w.name}), max |grad| ${largest.toExponential(2)}\n`);
  expect(largest).toBeGreaterThan(1e-4); // the check is not vacuous (e.g. a hinge past its margin)
  return w.relativeError;
}

describe('DPO graph on a tiny Llama', () => {
  it('scores each completion with the independent reference forward pass (Σ log p over completion tokens)', async () => {
    const { graph } = buildDpoGraph(config, weights, { trainable: { kind: 'none' }, dpo: parseDpoSettings({ beta: 0.1 }), dtype: 'float64' });
    const session = await GraphSession.create(serializeModel(graph), { intraOpNumThreads: 1, graphOptimizationLevel: 'basic' });
    const out = await session.run(batchFeeds('float64'));
    await session.release();
    const sequences = [...pairs.map((p) => p.chosen), ...pairs.map((p) => p.rejected)];
    const expected = sequences.map(({ inputIds, weights: w }) => {
      const logits = referenceLogits(config, weights, [inputIds], [inputIds.map(() => 1)])[0]!;
      let sum = 0;
      for (let t = 1; t < inputIds.length; t++) {
        if (w[t] === 0) continue;
        const row = logits[t - 1]!;
        const max = Math.max(...row);
        sum += row[inputIds[t]!]! - max - Math.log(row.reduce((s, v) => s + Math.exp(v - max), 0));
      }
      return sum;
    });
    const chosen = Array.from(out[DPO_IO.policyChosenLogps]!.data as Float64Array);
    const rejected = Array.from(out[DPO_IO.policyRejectedLogps]!.data as Float64Array);
    [...chosen, ...rejected].forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThan(1e-9));
    // β·(π − ref) for the rewards, and the loss from them.
    const rewards = Array.from(out[DPO_IO.rewardsChosen]!.data as Float64Array);
    rewards.forEach((r, i) => expect(r).toBeCloseTo(0.1 * (expected[i]! - referenceChosen[i]!), 9));
    const h = [0, 1].map((i) => expected[i]! - expected[i + 2]! - (referenceChosen[i]! - referenceRejected[i]!));
    const loss = h.reduce((s, x) => s + Math.log1p(Math.exp(-0.1 * x)), 0) / 2;
    expect(Number(out[DPO_IO.loss]!.data[0])).toBeCloseTo(loss, 9);
  });

  it('LoRA, sigmoid with label smoothing: whole-graph gradients match float64 central differences', async () => {
    const error = await gradientCheck('DPO LoRA sigmoid ls=0.1', { kind: 'lora', lora }, { beta: 0.3, labelSmoothing: 0.1 }, () => loraFeeds());
    expect(error).toBeLessThan(1e-6);
  });

  it('LoRA with seeded dropout, ipo (per-token mean log-probs): whole-graph gradients match', async () => {
    const withDropout = { ...lora, dropout: 0.2 };
    const error = await gradientCheck('DPO LoRA ipo, dropout 0.2', { kind: 'lora', lora: withDropout }, { beta: 0.5, lossType: 'ipo' }, () => ({
      ...loraFeeds(),
      [LLAMA_IO.loraDropoutSeed]: hostTensor('int64', [], [987]),
    }));
    expect(error).toBeLessThan(1e-6);
  });

  it('full fine-tuning, sigmoid: whole-graph gradients match for every weight', async () => {
    const error = await gradientCheck('DPO full sigmoid', { kind: 'full' }, { beta: 0.2 }, (inputs) =>
      Object.fromEntries(inputs.map((t) => [t.name, hostTensor('float64', t.shape, weights.get(t.name)!.data as Float32Array)])),
    );
    expect(error).toBeLessThan(1e-6);
  });

  it('full fine-tuning, hinge: whole-graph gradients match', async () => {
    const error = await gradientCheck('DPO full hinge', { kind: 'full' }, { beta: 0.05, lossType: 'hinge' }, (inputs) =>
      Object.fromEntries(inputs.map((t) => [t.name, hostTensor('float64', t.shape, weights.get(t.name)!.data as Float32Array)])),
    );
    expect(error).toBeLessThan(1e-6);
  });
});
