/** @jest-environment ./test/support/ort-environment.js */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gradientName } from '../../src/autodiff/build-gradient-graph';
import { serializeModel } from '../../src/graph/export-onnx';
import { decodeSafetensors } from '../../src/io/safetensors';
import { loadModelFolder, type LoadedModelFolder } from '../../src/io/model-folder/load-model-folder';
import { buildLlamaGraph, LLAMA_IO, type TrainableWeights } from '../../src/model/llama-graph';
import { llamaBatchFeeds } from '../../src/model/llama-feeds';
import { GraphSession } from '../../src/runtime/graph-session';
import type { HostTensor } from '../../src/tensor/host-tensor';
import { buildLlamaTrainingGraph } from '../../src/train/training-graph';

/**
 * Tiny random models in each architecture's real tensor layout, against logits and gradients from an
 * independent PyTorch implementation (test/fixtures/golden/generate.py, run once; fixtures committed).
 * Float32 graphs, float32 tolerances.
 */
const GOLDEN = path.join(__dirname, '..', 'fixtures', 'golden');
const CASES = ['llama3', 'llama2-linear', 'qwen2', 'qwen3', 'mistral'] as const;
const LORA: TrainableWeights = { kind: 'lora', lora: { r: 2, alpha: 4, dropout: 0, targetModules: 'all-linear' } };
const session = { intraOpNumThreads: 1, interOpNumThreads: 1 };

function rows(golden: Map<string, HostTensor>, name: string): number[][] {
  const t = golden.get(name)!;
  const [b, n] = t.shape as [number, number];
  return Array.from({ length: b }, (_, i) => Array.from(t.data.subarray(i * n, (i + 1) * n), Number));
}

/** Largest |actual - expected| over positions the mask keeps, relative to the largest |expected| there. */
function relativeError(actual: HostTensor, expected: HostTensor, keep?: (index: number) => boolean): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < expected.data.length; i++) {
    if (keep && !keep(i)) continue;
    diff = Math.max(diff, Math.abs(Number(actual.data[i]) - Number(expected.data[i])));
    scale = Math.max(scale, Math.abs(Number(expected.data[i])));
  }
  return diff / Math.max(scale, 1e-12);
}

async function run(graph: Parameters<typeof serializeModel>[0], feeds: Record<string, HostTensor>): Promise<Record<string, HostTensor>> {
  const s = await GraphSession.create(serializeModel(graph), session);
  try {
    return await s.run(feeds);
  } finally {
    await s.release();
  }
}

describe.each(CASES)('%s against PyTorch golden values', (name) => {
  let model: LoadedModelFolder;
  let golden: Map<string, HostTensor>;
  let batch: ReturnType<typeof llamaBatchFeeds>;
  let tokenKept: (index: number) => boolean;

  beforeAll(async () => {
    model = await loadModelFolder(path.join(GOLDEN, name));
    golden = decodeSafetensors(readFileSync(path.join(GOLDEN, name, 'golden.safetensors'))).tensors;
    const mask = rows(golden, 'attention_mask');
    batch = llamaBatchFeeds({ inputIds: rows(golden, 'input_ids'), attentionMask: mask, labels: rows(golden, 'labels'), labelWeights: rows(golden, 'label_weights') });
    const vocab = model.config.vocab_size;
    const flatMask = mask.flat();
    tokenKept = (i) => flatMask[Math.floor(i / vocab)] === 1; // padding positions' logits are convention, not compared
  });

  it('forward logits match', async () => {
    const { graph } = buildLlamaGraph(model.config, model.weights, { objective: 'logits', trainable: { kind: 'none' } });
    const out = await run(graph, batch);
    expect(relativeError(out[LLAMA_IO.logits]!, golden.get('logits')!, tokenKept)).toBeLessThan(1e-5);
  });

  it('full fine-tuning: loss and the gradient of every weight (biases, q/k norms, tied embeddings) match', async () => {
    const { graph, trainableInputs } = buildLlamaTrainingGraph(model.config, model.weights, { trainable: { kind: 'full' } });
    expect(trainableInputs.map((t) => t.name).sort()).toEqual([...model.weights.keys()].sort());
    const out = await run(graph, { ...batch, ...Object.fromEntries(model.weights) });
    expect(Number(out[LLAMA_IO.loss]!.data[0])).toBeCloseTo(Number(golden.get('loss')!.data[0]), 5);
    for (const weightName of model.weights.keys()) {
      const error = relativeError(out[gradientName(weightName)]!, golden.get(`grad.${weightName}`)!);
      if (error > 2e-5) throw new Error(`${name}: gradient of ${weightName} off by ${error.toExponential(2)} (relative)`);
    }
  });

  it('LoRA on every linear layer: logits, loss and adapter gradients match; biases and norms stay frozen', async () => {
    const adapter = Object.fromEntries([...golden].filter(([n]) => n.startsWith('lora.base_model.')).map(([n, t]) => [n.slice('lora.'.length), t]));
    const logitsGraph = buildLlamaGraph(model.config, model.weights, { objective: 'logits', trainable: LORA });
    const logits = await run(logitsGraph.graph, { ...batch, ...adapter });
    expect(relativeError(logits[LLAMA_IO.logits]!, golden.get('lora.logits')!, tokenKept)).toBeLessThan(1e-5);

    const { graph, trainableInputs } = buildLlamaTrainingGraph(model.config, model.weights, { trainable: LORA });
    expect(trainableInputs.map((t) => t.name).sort()).toEqual(Object.keys(adapter).sort());
    const out = await run(graph, { ...batch, ...adapter });
    expect(Number(out[LLAMA_IO.loss]!.data[0])).toBeCloseTo(Number(golden.get('lora.loss')!.data[0]), 5);
    for (const input of trainableInputs) {
      const error = relativeError(out[gradientName(input.name)]!, golden.get(`lora.grad.${input.name}`)!);
      if (error > 2e-5) throw new Error(`${name}: gradient of ${input.name} off by ${error.toExponential(2)} (relative)`);
    }
  });
});
