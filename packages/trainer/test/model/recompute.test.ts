/** @jest-environment ./test/support/ort-environment.js */
import { buildLlamaTrainingGraph } from '../../src/train/training-graph';
import { buildDpoTrainingGraph } from '../../src/dpo/dpo-graph';
import { initLoraAdapter, loraInputNames, type LoraSettings } from '../../src/model/lora';
import { llamaBatchFeeds } from '../../src/model/llama-feeds';
import { LLAMA_IO, type TrainableWeights } from '../../src/model/llama-graph';
import { sessionForGraph } from '../../src/runtime/session-for-graph';
import { hostTensor, type HostTensor } from '../../src/tensor/host-tensor';
import type { Graph } from '../../src/graph/graph';
import { paddedTokenBatch as batch, tinyLlamaConfig, tinyLlamaWeights } from './tiny-llama';

const config = tinyLlamaConfig({ num_hidden_layers: 3 });
const weights = tinyLlamaWeights(config, 57);
const lora: LoraSettings = { r: 2, alpha: 4, dropout: 0.25, targetModules: 'all-linear' };

function trainableFeeds(trainable: TrainableWeights): Record<string, HostTensor> {
  if (trainable.kind === 'full') return Object.fromEntries([...weights].map(([n, t]) => [n, t]));
  const adapter = initLoraAdapter(config, weights, lora, 3);
  const feeds: Record<string, HostTensor> = {};
  for (const [modulePath, pair] of adapter.modules) {
    const names = loraInputNames(modulePath);
    // A fresh PEFT B is zero: make it non-zero so every gradient path carries values.
    feeds[names.A] = pair.A;
    feeds[names.B] = hostTensor('float32', pair.B.shape, Float32Array.from(pair.B.data as Float32Array, (_, i) => 0.05 * Math.sin(i + 1)));
  }
  return feeds;
}

async function runGraph(graph: Graph, feeds: Record<string, HostTensor>): Promise<Record<string, HostTensor>> {
  const session = await sessionForGraph(graph, { intraOpNumThreads: 1 });
  const inputs = Object.fromEntries(session.inputNames.map((n) => [n, feeds[n]!]));
  const out = await session.run(inputs);
  await session.release();
  return out;
}

function expectSameOutputs(recomputed: Record<string, HostTensor>, plain: Record<string, HostTensor>): void {
  expect(Object.keys(recomputed).sort()).toEqual(Object.keys(plain).sort());
  for (const [name, t] of Object.entries(plain)) {
    const a = Array.from(recomputed[name]!.data as Float32Array);
    const b = Array.from(t.data as Float32Array);
    const scale = Math.max(1e-12, ...b.map(Math.abs));
    const diff = Math.max(...a.map((v, i) => Math.abs(v - b[i]!)));
    expect({ name, relative: diff / scale }).toEqual({ name, relative: expect.any(Number) as number });
    expect(diff / scale).toBeLessThan(1e-6);
  }
}

jest.setTimeout(120_000);

describe('per-layer activation recomputation', () => {
  const common = { ...llamaBatchFeeds(batch), [LLAMA_IO.loraDropoutSeed]: hostTensor('int64', [], [11]) };

  it.each<[string, TrainableWeights]>([
    ['LoRA with dropout', { kind: 'lora', lora }],
    ['full fine-tuning', { kind: 'full' }],
  ])('%s: the same loss, accuracy and gradients as the plain training graph', async (_name, trainable) => {
    const feeds = { ...common, ...trainableFeeds(trainable) };
    const plain = await runGraph(buildLlamaTrainingGraph(config, weights, { trainable }).graph, feeds);
    const recomputed = buildLlamaTrainingGraph(config, weights, { trainable, recompute: true }).graph;
    expect(recomputed.nodes.filter((n) => n.name.includes('recompute')).length).toBeGreaterThan(0);
    expectSameOutputs(await runGraph(recomputed, feeds), plain);
  });

  it('DPO (LoRA): the same loss, metrics and gradients', async () => {
    const trainable: TrainableWeights = { kind: 'lora', lora };
    const dpo = { beta: 0.1, labelSmoothing: 0, lossType: 'sigmoid' as const };
    const feeds = {
      ...common,
      ...trainableFeeds(trainable),
      reference_chosen_logps: hostTensor('float32', [1], [-9]),
      reference_rejected_logps: hostTensor('float32', [1], [-8]),
    };
    const plain = await runGraph(buildDpoTrainingGraph(config, weights, { trainable, dpo }).graph, feeds);
    expectSameOutputs(await runGraph(buildDpoTrainingGraph(config, weights, { trainable, dpo, recompute: true }).graph, feeds), plain);
  });
});
