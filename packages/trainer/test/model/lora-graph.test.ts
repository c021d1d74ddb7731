/** @jest-environment ./test/support/ort-environment.js */
import { serializeModel } from '../../src/graph/export-onnx';
import { GraphBuilder } from '../../src/graph/graph-builder';
import { initLoraAdapter, loraInputNames, resolveTargetModules, type LoraSettings } from '../../src/model/lora';
import { llamaBatchFeeds } from '../../src/model/llama-feeds';
import { buildLlamaGraph, LLAMA_IO } from '../../src/model/llama-graph';
import { seededDropoutMask } from '../../src/model/seeded-dropout';
import { GraphSession } from '../../src/runtime/graph-session';
import { hostTensor, type HostTensor } from '../../src/tensor/host-tensor';
import { referenceLogits } from './reference-llama';
import { tinyLlamaConfig, tinyLlamaWeights } from './tiny-llama';

const threads = { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'basic' as const };
const config = tinyLlamaConfig();
const weights = tinyLlamaWeights(config, 3);
const batch = {
  inputIds: [
    [1, 5, 7, 2],
    [3, 12, 4, 0],
  ],
  attentionMask: [
    [1, 1, 1, 1],
    [1, 1, 1, 0],
  ],
  labels: [
    [-100, 5, 7, 2],
    [-100, 12, 4, -100],
  ],
  labelWeights: [
    [1, 1, 1, 1],
    [1, 1, 1, 1],
  ],
};

function loraFeeds(adapter: ReturnType<typeof initLoraAdapter>, dtype: 'float32' | 'float64'): Record<string, HostTensor> {
  const feeds: Record<string, HostTensor> = {};
  for (const [modulePath, pair] of adapter.modules) {
    const names = loraInputNames(modulePath);
    feeds[names.A] = hostTensor(dtype, pair.A.shape, pair.A.data as Float32Array);
    feeds[names.B] = hostTensor(dtype, pair.B.shape, pair.B.data as Float32Array);
  }
  return feeds;
}

/** Replaces every B (zero at init) with seeded random values so the LoRA branch changes the output. */
function randomizeB(adapter: ReturnType<typeof initLoraAdapter>): void {
  let k = 0;
  for (const pair of adapter.modules.values()) (pair.B.data as Float32Array).forEach((_, i, a) => (a[i] = Math.sin(++k) * 0.3));
}

describe('LoRA', () => {
  it('initialises as PEFT: A ~ U(-1/sqrt(in), 1/sqrt(in)) from the seed, B = 0', () => {
    const settings: LoraSettings = { r: 4, alpha: 8, dropout: 0, targetModules: ['q_proj', 'down_proj'] };
    const a = initLoraAdapter(config, weights, settings, 42);
    expect([...a.modules.keys()]).toEqual([
      'model.layers.0.self_attn.q_proj',
      'model.layers.0.mlp.down_proj',
      'model.layers.1.self_attn.q_proj',
      'model.layers.1.mlp.down_proj',
    ]);
    const down = a.modules.get('model.layers.0.mlp.down_proj')!;
    expect(down.A.shape).toEqual([4, 24]);
    expect(down.B.shape).toEqual([16, 4]);
    expect(Array.from(down.B.data as Float32Array).every((v) => v === 0)).toBe(true);
    const bound = 1 / Math.sqrt(24);
    const values = Array.from(down.A.data as Float32Array);
    expect(Math.max(...values.map(Math.abs))).toBeLessThanOrEqual(bound);
    expect(Math.max(...values.map(Math.abs))).toBeGreaterThan(0.5 * bound);
    const again = initLoraAdapter(config, weights, settings, 42).modules.get('model.layers.0.mlp.down_proj')!;
    expect(Array.from(again.A.data as Float32Array)).toEqual(values);
    const other = initLoraAdapter(config, weights, settings, 43).modules.get('model.layers.0.mlp.down_proj')!;
    expect(Array.from(other.A.data as Float32Array)).not.toEqual(values);
    expect(a.config).toMatchObject({ r: 4, lora_alpha: 8, target_modules: ['q_proj', 'down_proj'] });
  });

  it('resolves all-linear to the seven projections and rejects unknown modules', () => {
    expect(resolveTargetModules('all-linear')).toEqual(['q_proj', 'k_proj', 'v_proj', 'o_proj', 'gate_proj', 'up_proj', 'down_proj']);
    expect(() => resolveTargetModules(['lm_head'])).toThrow(/not one of/);
  });

  it.each([
    ['all-linear', 'all-linear' as const, 2],
    ['q, v and gate (k without LoRA, gate alone in the MLP)', ['q_proj', 'v_proj', 'gate_proj'], 1],
  ])('feeds the adapter under PEFT tensor names and computes W x + (alpha/r) B A x: %s', async (_label, targetModules, stackedPerLayer) => {
    const settings: LoraSettings = { r: 2, alpha: 6, dropout: 0, targetModules };
    const adapter = initLoraAdapter(config, weights, settings, 5);
    randomizeB(adapter);
    const { graph, trainableInputs } = buildLlamaGraph(config, weights, { objective: 'logits', trainable: { kind: 'lora', lora: settings }, dtype: 'float64' });
    expect(trainableInputs[0]).toEqual({ name: 'base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight', shape: [2, 16] });
    expect(trainableInputs).toHaveLength(2 * resolveTargetModules(targetModules).length * config.num_hidden_layers);
    // Adapted projections of one input share one down product against their stacked A matrices.
    const stacked = new Set(graph.nodes.filter((n) => n.opType === 'Concat' && n.inputs.every((i) => i.endsWith('.lora_A.weight'))).flatMap((n) => n.outputs));
    expect(graph.nodes.filter((n) => n.opType === 'Gemm' && stacked.has(n.inputs[1]!))).toHaveLength(stackedPerLayer * config.num_hidden_layers);

    const session = await GraphSession.create(serializeModel(graph), threads);
    const out = await session.run({ ...llamaBatchFeeds(batch, 'float64'), ...loraFeeds(adapter, 'float64') });
    await session.release();

    const deltas = new Map<string, Float64Array>();
    for (const [modulePath, { A, B }] of adapter.modules) {
      const [r, inF] = A.shape as [number, number];
      const outF = B.shape[0]!;
      const a = A.data as Float32Array;
      const bm = B.data as Float32Array;
      const delta = new Float64Array(outF * inF);
      for (let o = 0; o < outF; o++)
        for (let i = 0; i < inF; i++)
          for (let k = 0; k < r; k++) delta[o * inF + i]! += (settings.alpha / settings.r) * bm[o * r + k]! * a[k * inF + i]!;
      deltas.set(`${modulePath}.weight`, delta);
    }
    const expected = referenceLogits(config, weights, batch.inputIds, batch.attentionMask, { weightDeltas: deltas }).flat(2);
    const actual = Array.from(out[LLAMA_IO.logits]!.data as Float64Array);
    expect(Math.max(...actual.map((v, i) => Math.abs(v - expected[i]!)))).toBeLessThan(1e-9);
  });

  it('starts from the base model: with B = 0 the LoRA graph gives the frozen graph logits', async () => {
    const settings: LoraSettings = { r: 2, alpha: 4, dropout: 0.2, targetModules: ['v_proj', 'up_proj'] };
    const adapter = initLoraAdapter(config, weights, settings, 9);
    const lora = buildLlamaGraph(config, weights, { objective: 'logits', trainable: { kind: 'lora', lora: settings } }).graph;
    const base = buildLlamaGraph(config, weights, { objective: 'logits', trainable: { kind: 'none' } }).graph;
    expect(lora.inputs.some((i) => i.name === LLAMA_IO.loraDropoutSeed)).toBe(false); // no dropout at inference
    const s1 = await GraphSession.create(serializeModel(lora), threads);
    const s2 = await GraphSession.create(serializeModel(base), threads);
    const a = await s1.run({ ...llamaBatchFeeds(batch), ...loraFeeds(adapter, 'float32') });
    const b = await s2.run(llamaBatchFeeds(batch));
    expect(Array.from(a[LLAMA_IO.logits]!.data as Float32Array)).toEqual(Array.from(b[LLAMA_IO.logits]!.data as Float32Array));
    await s1.release();
    await s2.release();
  });

  it('applies dropout deterministically from the seed input, differently for another seed', async () => {
    const settings: LoraSettings = { r: 2, alpha: 4, dropout: 0.3, targetModules: 'all-linear' };
    const adapter = initLoraAdapter(config, weights, settings, 1);
    randomizeB(adapter);
    const { graph } = buildLlamaGraph(config, weights, { objective: 'loss', trainable: { kind: 'lora', lora: settings } });
    const session = await GraphSession.create(serializeModel(graph), threads);
    const lossWithSeed = async (seed: number) => {
      const out = await session.run({
        ...llamaBatchFeeds(batch),
        ...loraFeeds(adapter, 'float32'),
        [LLAMA_IO.loraDropoutSeed]: hostTensor('int64', [], [seed]),
      });
      return Number(out[LLAMA_IO.loss]!.data[0]);
    };
    const first = await lossWithSeed(17);
    expect(await lossWithSeed(17)).toBe(first);
    expect(await lossWithSeed(18)).not.toBe(first);
    await session.release();
  });
});

describe('seeded dropout mask', () => {
  it('keeps about 1-p of the elements, scaled by 1/(1-p), independently per stream and seed', async () => {
    const b = new GraphBuilder('mask');
    const x = b.input('x', 'float32', [40, 100]);
    const seed = b.input('seed', 'int64', []);
    b.output(seededDropoutMask(b, x, 0.25, seed, 0), 'm0');
    b.output(seededDropoutMask(b, x, 0.25, seed, 1), 'm1');
    const session = await GraphSession.create(serializeModel(b.build()), threads);
    const run = (s: number) => session.run({ x: hostTensor('float32', [40, 100], new Float32Array(4000)), seed: hostTensor('int64', [], [s]) });
    const out = await run(123);
    const m0 = Array.from(out.m0!.data as Float32Array);
    const m1 = Array.from(out.m1!.data as Float32Array);
    expect(new Set(m0)).toEqual(new Set([0, Math.fround(1 / 0.75)]));
    const kept = m0.filter((v) => v > 0).length / m0.length;
    expect(Math.abs(kept - 0.75)).toBeLessThan(0.03);
    const agreement = m0.filter((v, i) => v === m1[i]).length / m0.length;
    expect(agreement).toBeLessThan(0.7); // independent streams agree on ~0.75² + 0.25² = 62.5%
    const again = await run(123);
    expect(Array.from(again.m0!.data as Float32Array)).toEqual(m0);
    const other = await run(124);
    expect(Array.from(other.m0!.data as Float32Array)).not.toEqual(m0);
    await session.release();
  });
});
