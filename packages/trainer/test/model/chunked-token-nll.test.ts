/** @jest-environment ./test/support/ort-environment.js */
import { buildGradientGraph, gradientName } from '../../src/autodiff/build-gradient-graph';
import { checkGradients } from '../../src/autodiff/gradient-check';
import { GraphBuilder } from '../../src/graph/graph-builder';
import * as op from '../../src/graph/ops';
import { llamaBatchFeeds } from '../../src/model/llama-feeds';
import { initLoraAdapter, loraInputNames } from '../../src/model/lora';
import { buildLlamaGraph, LLAMA_IO, type LlamaGraphOptions } from '../../src/model/llama-graph';
import { sessionForGraph } from '../../src/runtime/session-for-graph';
import { hostTensor, type HostTensor } from '../../src/tensor/host-tensor';
import { paddedTokenBatch as batch, tinyLlamaConfig, tinyLlamaWeights } from './tiny-llama';

// paddedTokenBatch: 2 rows × 5 tokens = 10 rows of hidden states: 3 and 4 chunks need padding, 5 does not.
// Vocabulary 13: the backward's vocabulary slices are uneven for 3, 4 and 5 chunks (5+4+4, 4+3+3+3, 3+3+3+2+2).
const config = tinyLlamaConfig({ tie_word_embeddings: true });
const weights = tinyLlamaWeights(config, 31);

// LoRA on every projection with B ≠ 0 (B is zero at init, which would leave A without a gradient).
const lora = { r: 2, alpha: 4, dropout: 0, targetModules: 'all-linear' as const };
const adapter = initLoraAdapter(config, weights, lora, 5);
function loraFeeds(dtype: 'float32' | 'float64'): Record<string, HostTensor> {
  const feeds: Record<string, HostTensor> = {};
  let k = 0;
  for (const [modulePath, pair] of adapter.modules) {
    const names = loraInputNames(modulePath);
    feeds[names.A] = hostTensor(dtype, pair.A.shape, pair.A.data as Float32Array);
    feeds[names.B] = hostTensor(dtype, pair.B.shape, Array.from(pair.B.data as Float32Array, () => Math.sin(++k) * 0.3));
  }
  return feeds;
}

/**
 * Outputs and gradients of one graph: full fine-tuning (the tied embedding gets the LM head's share too)
 * or LoRA, whose frozen head makes a training graph compute the head input's gradient in the forward pass.
 */
async function run(objective: LlamaGraphOptions['objective'], lossChunks: number, method: 'full' | 'lora' = 'full') {
  const trainable = method === 'full' ? ({ kind: 'full' } as const) : ({ kind: 'lora', lora } as const);
  const forward = buildLlamaGraph(config, weights, { objective, trainable, lossChunks, training: true });
  const wrt = forward.trainableInputs.map((t) => t.name);
  const loss = objective === 'loss' ? LLAMA_IO.loss : 'summed_logps';
  let graph = forward.graph;
  if (objective === 'sequence-logps') {
    // A scalar of the per-row log-probs with unequal row weights, so each row's gradient is distinct.
    const b = GraphBuilder.from(graph);
    const rowWeights = b.constant(hostTensor('float32', [2], [1, -0.5]));
    b.output(op.reduceSum(b, op.mul(b, b.value(LLAMA_IO.sequenceLogps), rowWeights), [], false), loss);
    graph = b.build();
  }
  const training = buildGradientGraph(graph, { loss, wrt });
  const session = await sessionForGraph(training, { intraOpNumThreads: 1 });
  const feeds: Record<string, HostTensor> = {
    ...llamaBatchFeeds(batch),
    ...(method === 'full' ? Object.fromEntries(wrt.map((n) => [n, weights.get(n)!])) : loraFeeds('float32')),
  };
  const out = await session.run(feeds);
  await session.release();
  return out;
}

function maxRelativeDiff(a: HostTensor, b: HostTensor): number {
  const x = Array.from(a.data as Float32Array);
  const y = Array.from(b.data as Float32Array);
  const scale = Math.max(1e-12, ...y.map(Math.abs));
  return Math.max(...x.map((v, i) => Math.abs(v - y[i]!))) / scale;
}

describe('chunked LM head + cross-entropy', () => {
  it.each([1, 3, 4, 5])('%i chunks give the loss, accuracy and every gradient of the materialised-logits graph (float32)', async (chunks) => {
    const plain = await run('loss', 0);
    const chunked = await run('loss', chunks);
    expect(Number(chunked[LLAMA_IO.loss]!.data[0])).toBeCloseTo(Number(plain[LLAMA_IO.loss]!.data[0]), 5);
    expect(Number(chunked[LLAMA_IO.accuracy]!.data[0])).toBe(Number(plain[LLAMA_IO.accuracy]!.data[0]));
    for (const name of Object.keys(plain).filter((n) => n.startsWith('grad.'))) {
      expect(maxRelativeDiff(chunked[name]!, plain[name]!)).toBeLessThan(1e-5);
    }
  });

  it('per-row sequence log-probs (DPO) and their gradients match too', async () => {
    const plain = await run('sequence-logps', 0);
    const chunked = await run('sequence-logps', 3);
    expect(maxRelativeDiff(chunked[LLAMA_IO.sequenceLogps]!, plain[LLAMA_IO.sequenceLogps]!)).toBeLessThan(1e-6);
    expect(maxRelativeDiff(chunked[gradientName('model.embed_tokens.weight')]!, plain[gradientName('model.embed_tokens.weight')]!)).toBeLessThan(1e-5);
    expect(maxRelativeDiff(chunked[gradientName('model.layers.0.mlp.up_proj.weight')]!, plain[gradientName('model.layers.0.mlp.up_proj.weight')]!)).toBeLessThan(1e-5);
  });

  it.each([1, 3, 4])('LoRA, %i chunks (the head input\'s gradient from the forward pass): the loss and every LoRA gradient of the materialised-logits graph', async (chunks) => {
    const plain = await run('loss', 0, 'lora');
    const chunked = await run('loss', chunks, 'lora');
    expect(Number(chunked[LLAMA_IO.loss]!.data[0])).toBeCloseTo(Number(plain[LLAMA_IO.loss]!.data[0]), 5);
    const names = Object.keys(plain).filter((n) => n.startsWith('grad.'));
    expect(names.length).toBe(2 * adapter.modules.size);
    for (const name of names) expect(maxRelativeDiff(chunked[name]!, plain[name]!)).toBeLessThan(1e-5);
  });

  it('LoRA per-row sequence log-probs (DPO) and their gradients match too', async () => {
    const plain = await run('sequence-logps', 0, 'lora');
    const chunked = await run('sequence-logps', 3, 'lora');
    expect(maxRelativeDiff(chunked[LLAMA_IO.sequenceLogps]!, plain[LLAMA_IO.sequenceLogps]!)).toBeLessThan(1e-6);
    for (const name of Object.keys(plain).filter((n) => n.startsWith('grad.'))) expect(maxRelativeDiff(chunked[name]!, plain[name]!)).toBeLessThan(1e-5);
  });

  it('LoRA training graph with 3 chunks agrees with float64 central differences', async () => {
    const trainable = { kind: 'lora', lora } as const;
    const { graph } = buildLlamaGraph(config, weights, { objective: 'loss', trainable, dtype: 'float64', lossChunks: 3, training: true });
    const feeds: Record<string, HostTensor> = { ...llamaBatchFeeds(batch, 'float64'), ...loraFeeds('float64') };
    const wrt = ['model.layers.1.mlp.down_proj', 'model.layers.0.self_attn.q_proj'].flatMap((m) => [loraInputNames(m).A, loraInputNames(m).B]);
    const results = await checkGradients({ forward: graph, loss: LLAMA_IO.loss, wrt, feeds, maxElementsPerTensor: 4 });
    for (const r of results) expect(r.relativeError).toBeLessThan(1e-6);
  });

  it('agrees with float64 central differences with 3 chunks', async () => {
    const { graph, trainableInputs } = buildLlamaGraph(config, weights, { objective: 'loss', trainable: { kind: 'full' }, dtype: 'float64', lossChunks: 3 });
    const feeds: Record<string, HostTensor> = { ...llamaBatchFeeds(batch, 'float64') };
    for (const t of trainableInputs) feeds[t.name] = hostTensor('float64', t.shape, weights.get(t.name)!.data as Float32Array);
    const wrt = ['model.embed_tokens.weight', 'model.norm.weight', 'model.layers.1.mlp.down_proj.weight'];
    const results = await checkGradients({ forward: graph, loss: LLAMA_IO.loss, wrt, feeds, maxElementsPerTensor: 4 });
    for (const r of results) expect(r.relativeError).toBeLessThan(1e-6);
  });
});
