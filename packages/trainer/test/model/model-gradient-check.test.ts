/** @jest-environment ./test/support/ort-environment.js */
import { buildGradientGraph, gradientName } from '../../src/autodiff/build-gradient-graph';
import { checkGradients, type TensorGradientCheck } from '../../src/autodiff/gradient-check';
import { serializeModel } from '../../src/graph/export-onnx';
import { initLoraAdapter, loraInputNames, type LoraSettings } from '../../src/model/lora';
import { llamaBatchFeeds } from '../../src/model/llama-feeds';
import { buildLlamaGraph, LLAMA_IO } from '../../src/model/llama-graph';
import { GraphSession } from '../../src/runtime/graph-session';
import { hostTensor, type HostTensor } from '../../src/tensor/host-tensor';
import { paddedTokenBatch as batch, tinyLlamaConfig, tinyLlamaWeights } from './tiny-llama';


/** Whole-model float64 checks: every checked gradient within this relative error of central differences. */
const TOLERANCE = 1e-6;

function worst(results: TensorGradientCheck[]): TensorGradientCheck {
  return results.reduce((w, r) => (r.relativeError > w.relativeError ? r : w));
}

function report(label: string, results: TensorGradientCheck[]): void {
  const w = worst(results);
  const elements = results.reduce((n, r) => n + r.elementsChecked, 0);
  process.stdout.write(`${label}: ${results.length} tensors, ${elements} elements, worst relative error ${w.relativeError.toExponential(2)} (${w.name})\n`);
}

function loraSetup(dropout: number) {
  const config = tinyLlamaConfig();
  const weights = tinyLlamaWeights(config, 21);
  const settings: LoraSettings = { r: 2, alpha: 4, dropout, targetModules: 'all-linear' };
  const adapter = initLoraAdapter(config, weights, settings, 4);
  const feeds: Record<string, HostTensor> = { ...llamaBatchFeeds(batch, 'float64') };
  let k = 0;
  for (const [modulePath, pair] of adapter.modules) {
    const names = loraInputNames(modulePath);
    feeds[names.A] = hostTensor('float64', pair.A.shape, pair.A.data as Float32Array);
    // Non-zero B so that A's gradient is non-zero too.
    feeds[names.B] = hostTensor('float64', pair.B.shape, Array.from(pair.B.data as Float32Array, () => 0.3 * Math.sin(++k)));
  }
  if (dropout > 0) feeds[LLAMA_IO.loraDropoutSeed] = hostTensor('int64', [], [1234]);
  return { config, weights, settings, feeds };
}

describe('whole-model gradients against float64 central differences', () => {
  it('LoRA on all linear layers, with seeded dropout', async () => {
    const { config, weights, settings, feeds } = loraSetup(0.2);
    const { graph, trainableInputs } = buildLlamaGraph(config, weights, {
      objective: 'loss',
      trainable: { kind: 'lora', lora: settings },
      dtype: 'float64',
    });
    const results = await checkGradients({ forward: graph, loss: LLAMA_IO.loss, wrt: trainableInputs.map((t) => t.name), feeds, maxElementsPerTensor: 4 });
    report('LoRA (14 adapted modules, A and B)', results);
    expect(worst(results).relativeError).toBeLessThan(TOLERANCE);
  });

  it('full fine-tuning with tied embeddings (embedding and lm_head gradients summed)', async () => {
    const config = tinyLlamaConfig({ tie_word_embeddings: true });
    const weights = tinyLlamaWeights(config, 22);
    const { graph, trainableInputs } = buildLlamaGraph(config, weights, { objective: 'loss', trainable: { kind: 'full' }, dtype: 'float64' });
    const feeds: Record<string, HostTensor> = { ...llamaBatchFeeds(batch, 'float64') };
    for (const t of trainableInputs) feeds[t.name] = hostTensor('float64', t.shape, weights.get(t.name)!.data as Float32Array);
    const results = await checkGradients({ forward: graph, loss: LLAMA_IO.loss, wrt: trainableInputs.map((t) => t.name), feeds, maxElementsPerTensor: 4 });
    report('Full fine-tuning (all 20 weights)', results);
    expect(worst(results).relativeError).toBeLessThan(TOLERANCE);
  });

  it.each([
    ['Qwen3 with attention_bias: q/k/v/o biases, per-head q/k norms, head_dim ≠ hidden/heads', { model_type: 'qwen3', head_dim: 6, attention_bias: true }],
    ['Qwen2: q/k/v biases', { model_type: 'qwen2' }],
    ['Mistral: sliding window of 2', { model_type: 'mistral', sliding_window: 2 }],
    [
      'Llama 3.1: llama3 RoPE scaling',
      { rope_scaling: { rope_type: 'llama3', factor: 8, low_freq_factor: 1, high_freq_factor: 4, original_max_position_embeddings: 16 } },
    ],
  ] as const)('full fine-tuning, %s', async (label, overrides) => {
    const config = tinyLlamaConfig(overrides as Partial<ReturnType<typeof tinyLlamaConfig>>);
    const weights = tinyLlamaWeights(config, 23);
    const { graph, trainableInputs } = buildLlamaGraph(config, weights, { objective: 'loss', trainable: { kind: 'full' }, dtype: 'float64' });
    const feeds: Record<string, HostTensor> = { ...llamaBatchFeeds(batch, 'float64') };
    for (const t of trainableInputs) feeds[t.name] = hostTensor('float64', t.shape, weights.get(t.name)!.data as Float32Array);
    const results = await checkGradients({ forward: graph, loss: LLAMA_IO.loss, wrt: trainableInputs.map((t) => t.name), feeds, maxElementsPerTensor: 3 });
    report(label, results);
    expect(worst(results).relativeError).toBeLessThan(TOLERANCE);
  });

  it('float32 training graph agrees with the float64 one to 1e-5 relative (float32 rounding)', async () => {
    const { config, weights, settings, feeds } = loraSetup(0);
    const gradients = async (dtype: 'float32' | 'float64') => {
      const { graph, trainableInputs } = buildLlamaGraph(config, weights, { objective: 'loss', trainable: { kind: 'lora', lora: settings }, dtype });
      const names = trainableInputs.map((t) => t.name);
      const training = buildGradientGraph(graph, { loss: LLAMA_IO.loss, wrt: names });
      const session = await GraphSession.create(serializeModel(training), {
        intraOpNumThreads: 1,
        graphOptimizationLevel: dtype === 'float32' ? 'all' : 'basic',
      });
      const typed = Object.fromEntries(
        Object.entries(feeds).map(([n, t]) => [n, t.dtype === 'float64' ? hostTensor(dtype, t.shape, t.data as Float64Array) : t]),
      );
      const out = await session.run(typed);
      await session.release();
      return names.map((n) => Array.from(out[gradientName(n)]!.data as Float32Array | Float64Array));
    };
    const g32 = (await gradients('float32')).flat();
    const g64 = (await gradients('float64')).flat();
    const scale = Math.max(...g64.map(Math.abs));
    const diff = Math.max(...g32.map((v, i) => Math.abs(v - g64[i]!)));
    process.stdout.write(`float32 vs float64 LoRA gradients: max |diff| / max |g| = ${(diff / scale).toExponential(2)}\n`);
    expect(diff / scale).toBeLessThan(1e-5);
  });
});
