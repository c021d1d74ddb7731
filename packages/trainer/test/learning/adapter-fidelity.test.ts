import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LogitsModel } from '../../src/generate/generate';
import { createLogitsModel } from '../../src/generate/logits-model';
import { loadLoraAdapter } from '../../src/io/lora/load-lora-adapter';
import { mergeLoraIntoWeights } from '../../src/io/lora/merge-lora';
import type { LoraAdapter } from '../../src/io/lora/lora-adapter';
import { saveTrainedModel } from '../../src/loop/trained-model';
import type { SftHyperparametersInput } from '../../src/loop/sft-hyperparameters';
import { LLAMA_IO } from '../../src/model/llama-graph';
import { hostTensor } from '../../src/tensor/host-tensor';
import { loadTaskModel, RUNTIME, trainOnTask, type TaskModel } from './learning-run';
import { promptIds, taskSplit } from './upper-case-task';

/** A short run that still exercises shuffling, accumulation, dropout and warmup. */
const SHORT_RUN: SftHyperparametersInput = {
  method: 'lora',
  lora: { r: 4, alpha: 8, dropout: 0.1, targetModules: ['q_proj', 'v_proj', 'down_proj'] },
  learningRate: 1e-2,
  schedule: 'linear',
  warmupRatio: 0.1,
  maxSteps: 30,
  batchSize: 8,
  gradientAccumulationSteps: 2,
  seed: 11,
};

/** Float32 merges of W + s·B·A, compared with the unmerged branch x·Wᵀ + s·(x·Aᵀ)·Bᵀ: rounding differs, nothing else. */
const MERGE_TOLERANCE = 2e-5;

let task: TaskModel;
let adapter: LoraAdapter;
const savedDirs: string[] = [];

beforeAll(async () => {
  task = await loadTaskModel();
  for (let run = 0; run < 2; run++) {
    const { result } = await trainOnTask(task, SHORT_RUN);
    if (result.model.kind !== 'lora') throw new Error('expected a LoRA result');
    const dir = mkdtempSync(path.join(tmpdir(), 'whetstone-adapter-'));
    await saveTrainedModel(dir, result.model);
    savedDirs.push(dir);
    adapter = result.model.adapter;
  }
}, 120_000);

/** Logits of the task's held-out prompts, left-padded into one batch. */
async function logits(model: LogitsModel): Promise<Float32Array> {
  const prompts = taskSplit().heldOut.slice(0, 6).map((w, i) => promptIds(task.tokenizer, w.repeat(1 + (i % 3))));
  const width = Math.max(...prompts.map((p) => p.length));
  const ids = prompts.flatMap((p) => [...new Array<number>(width - p.length).fill(0), ...p]);
  const mask = prompts.flatMap((p) => [...new Array<number>(width - p.length).fill(0), ...p.map(() => 1)]);
  const out = await model.session.run({
    ...model.feeds,
    [LLAMA_IO.inputIds]: hostTensor('int64', [prompts.length, width], ids),
    [LLAMA_IO.attentionMask]: hostTensor('int64', [prompts.length, width], mask),
  });
  await model.session.release();
  return out[LLAMA_IO.logits]!.data as Float32Array;
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

describe('LoRA adapters of a supervised run', () => {
  it('are byte-identical across two runs with the same seed', () => {
    const [first, second] = savedDirs.map((dir) => readFileSync(path.join(dir, 'adapter_model.safetensors')));
    expect(first!.length).toBeGreaterThan(0);
    expect(first!.equals(second!)).toBe(true);
    const [configA, configB] = savedDirs.map((dir) => readFileSync(path.join(dir, 'adapter_config.json'), 'utf8'));
    expect(configA).toBe(configB);
  });

  it('reload from the PEFT folder and give exactly the in-memory model’s logits', async () => {
    const reloaded = await loadLoraAdapter(savedDirs[1]!);
    expect([...reloaded.modules.keys()].sort()).toEqual([...adapter.modules.keys()].sort());
    const inMemory = await logits(await createLogitsModel(task.model.config, task.model.weights, { adapter, runtime: RUNTIME }));
    const fromDisk = await logits(await createLogitsModel(task.model.config, task.model.weights, { adapter: reloaded, runtime: RUNTIME }));
    expect(maxAbsDiff(inMemory, fromDisk)).toBe(0);
  });

  it(`merged into the base weights give the base + adapter logits within ${MERGE_TOLERANCE} (max abs)`, async () => {
    const withAdapter = await logits(await createLogitsModel(task.model.config, task.model.weights, { adapter, runtime: RUNTIME }));
    const base = await logits(await createLogitsModel(task.model.config, task.model.weights, { runtime: RUNTIME }));
    const merged = await logits(await createLogitsModel(task.model.config, mergeLoraIntoWeights(task.model.weights, adapter), { runtime: RUNTIME }));
    const difference = maxAbsDiff(withAdapter, merged);
    process.stdout.write(`merge: max |logit difference| ${difference.toExponential(2)}; the adapter moves logits by up to ${maxAbsDiff(withAdapter, base).toFixed(3)}\n`);
    expect(maxAbsDiff(withAdapter, base)).toBeGreaterThan(0.1); // the adapter really changes the model
    expect(difference).toBeLessThanOrEqual(MERGE_TOLERANCE);
  });
});
