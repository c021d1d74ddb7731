/** @jest-environment ./test/support/ort-environment.js */
import { serializeModel } from '../../src/graph/export-onnx';
import { expectedWeightShapes } from '../../src/io/model-folder/llama-weight-layout';
import { llamaBatchFeeds } from '../../src/model/llama-feeds';
import { buildLlamaGraph, LLAMA_IO } from '../../src/model/llama-graph';
import type { LlamaConfig } from '../../src/model/llama-config';
import { GraphSession } from '../../src/runtime/graph-session';
import type { HostTensor } from '../../src/tensor/host-tensor';
import { referenceLogits, referenceLoss } from './reference-llama';
import { tinyLlamaConfig, tinyLlamaWeights } from './tiny-llama';

// ORT's extended fusions (x·σ(x) -> QuickGelu) have float32 kernels only: float64 graphs run at 'basic'.
const threads = { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'basic' as const };

const rows = {
  inputIds: [
    [1, 5, 7, 2, 9],
    [3, 12, 4, 0, 0],
  ],
  attentionMask: [
    [1, 1, 1, 1, 1],
    [1, 1, 1, 0, 0],
  ],
  labels: [
    [-100, -100, 7, 2, 9],
    [-100, 12, 4, -100, -100],
  ],
  labelWeights: [
    [0, 0, 1, 0.5, 1],
    [0, 1, 1, 0, 0],
  ],
};

async function runLogits(config: LlamaConfig, weights: Map<string, HostTensor>, dtype: 'float32' | 'float64', batch = rows) {
  const { graph } = buildLlamaGraph(config, weights, { objective: 'logits', trainable: { kind: 'none' }, dtype });
  const session = await GraphSession.create(serializeModel(graph), dtype === 'float64' ? threads : { ...threads, graphOptimizationLevel: 'all' });
  const out = await session.run(llamaBatchFeeds(batch, dtype));
  await session.release();
  return out[LLAMA_IO.logits]!;
}

function maxAbsDiff(actual: HostTensor, expected: number[][][]): number {
  const flat = expected.flat(2);
  let worst = 0;
  flat.forEach((v, i) => (worst = Math.max(worst, Math.abs(Number(actual.data[i]) - v))));
  return worst;
}

describe('Llama decoder graph', () => {
  const config = tinyLlamaConfig();
  const weights = tinyLlamaWeights(config, 7);

  it('computes HF LlamaForCausalLM logits (RMSNorm, RoPE, GQA, SwiGLU, causal+padding mask) in float64', async () => {
    const logits = await runLogits(config, weights, 'float64');
    expect(logits.shape).toEqual([2, 5, config.vocab_size]);
    const expected = referenceLogits(config, weights, rows.inputIds, rows.attentionMask);
    // Padding positions follow the same conventions in both (position 1, keys masked), so every position is compared.
    expect(maxAbsDiff(logits, expected)).toBeLessThan(1e-9);
  });

  it('matches the reference in float32 to float32 precision', async () => {
    const logits = await runLogits(config, weights, 'float32');
    expect(maxAbsDiff(logits, referenceLogits(config, weights, rows.inputIds, rows.attentionMask))).toBeLessThan(2e-5);
  });

  it('gives a left-padded row the logits of the same row unpadded (positions follow the mask)', async () => {
    const padded = { inputIds: [[0, 0, 3, 12, 4]], attentionMask: [[0, 0, 1, 1, 1]] };
    const plain = { inputIds: [[3, 12, 4]], attentionMask: [[1, 1, 1]] };
    const a = await runLogits(config, weights, 'float64', padded as typeof rows);
    const b = await runLogits(config, weights, 'float64', plain as typeof rows);
    const v = config.vocab_size;
    const tail = Array.from(a.data as Float64Array).slice(2 * v);
    const expected = Array.from(b.data as Float64Array);
    tail.forEach((x, i) => expect(Math.abs(x - expected[i]!)).toBeLessThan(1e-10));
  });

  it('supports tied embeddings, one kv head per query head and an explicit head_dim', async () => {
    const variant = tinyLlamaConfig({ tie_word_embeddings: true, num_key_value_heads: 4, head_dim: 6, num_attention_heads: 4 });
    const w = tinyLlamaWeights(variant, 11);
    const logits = await runLogits(variant, w, 'float64');
    expect(maxAbsDiff(logits, referenceLogits(variant, w, rows.inputIds, rows.attentionMask))).toBeLessThan(1e-9);
  });

  it('outputs the weighted mean token cross-entropy and accuracy of HF shifted labels', async () => {
    const { graph } = buildLlamaGraph(config, weights, { objective: 'loss', trainable: { kind: 'none' }, dtype: 'float64' });
    expect(graph.outputs.map((o) => o.name)).toEqual([LLAMA_IO.loss, LLAMA_IO.accuracy]);
    const session = await GraphSession.create(serializeModel(graph), threads);
    const out = await session.run(llamaBatchFeeds(rows, 'float64'));
    await session.release();
    const expected = referenceLoss(referenceLogits(config, weights, rows.inputIds, rows.attentionMask), rows.labels, rows.labelWeights);
    expect(Number(out[LLAMA_IO.loss]!.data[0])).toBeCloseTo(expected.loss, 10);
    expect(Number(out[LLAMA_IO.accuracy]!.data[0])).toBeCloseTo(expected.accuracy, 12);
  });

  it('keeps packed examples apart: a packed row scores like the examples in separate rows', async () => {
    const lossOf = async (batch: Parameters<typeof llamaBatchFeeds>[0], positions: 'position-ids' | 'attention-mask') => {
      const { graph } = buildLlamaGraph(config, weights, { objective: 'loss', trainable: { kind: 'none' }, dtype: 'float64', positions });
      const session = await GraphSession.create(serializeModel(graph), threads);
      const out = await session.run(llamaBatchFeeds(batch, 'float64'));
      await session.release();
      return Number(out[LLAMA_IO.loss]!.data[0]);
    };
    const separate = {
      inputIds: [[1, 5, 7, 0], [3, 12, 4, 6]],
      attentionMask: [[1, 1, 1, 0], [1, 1, 1, 1]],
      labels: [[-100, 5, 7, -100], [-100, 12, 4, 6]],
      labelWeights: [[0, 1, 1, 0], [0, 1, 1, 1]],
    };
    const packed = {
      inputIds: [[1, 5, 7, 3, 12, 4, 6]],
      attentionMask: [[1, 1, 1, 1, 1, 1, 1]],
      labels: [[-100, 5, 7, -100, 12, 4, 6]],
      labelWeights: [[0, 1, 1, 0, 1, 1, 1]],
      positionIds: [[0, 1, 2, 0, 1, 2, 3]],
    };
    const expected = await lossOf(separate, 'position-ids');
    expect(await lossOf(packed, 'position-ids')).toBeCloseTo(expected, 12);
    expect(Math.abs((await lossOf(packed, 'attention-mask')) - expected)).toBeGreaterThan(1e-3);
  });

  it('names frozen initializers and trainable inputs with the HF weight names', () => {
    const frozen = buildLlamaGraph(config, weights, { objective: 'logits', trainable: { kind: 'none' } });
    const names = [...expectedWeightShapes(config).keys()];
    for (const n of names) expect(frozen.graph.initializers.has(n)).toBe(true);
    expect(frozen.trainableInputs).toEqual([]);

    const full = buildLlamaGraph(config, weights, { objective: 'loss', trainable: { kind: 'full' } });
    expect(full.trainableInputs.map((t) => t.name).sort()).toEqual([...names].sort());
    expect(full.trainableInputs.find((t) => t.name === 'model.layers.1.self_attn.k_proj.weight')!.shape).toEqual([8, 16]);
    for (const n of names) expect(full.graph.initializers.has(n)).toBe(false);
  });

  it('rejects weights that do not match the config and unsupported activations', () => {
    const missing = new Map(weights);
    missing.delete('model.norm.weight');
    expect(() => buildLlamaGraph(config, missing, { objective: 'logits', trainable: { kind: 'none' } })).toThrow(/missing model.norm.weight/);
    expect(() =>
      buildLlamaGraph({ ...config, hidden_act: 'gelu' }, weights, { objective: 'logits', trainable: { kind: 'none' } }),
    ).toThrow(/hidden_act/);
  });
});
