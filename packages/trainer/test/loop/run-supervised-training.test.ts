import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { tokenizeSupervisedExample } from '../../src/data/tokenize-supervised';
import { loadModelFolder } from '../../src/io/model-folder/load-model-folder';
import { runSupervisedTraining, type SupervisedTrainingOptions } from '../../src/loop/run-supervised-training';
import { parseSftHyperparameters, type SftHyperparametersInput } from '../../src/loop/sft-hyperparameters';
import type { SftStepMetrics, SftValidationMetrics } from '../../src/loop/sft-metrics';
import { saveTrainedModel } from '../../src/loop/trained-model';
import { learningRateAt } from '../../src/optim/lr-schedule';
import type { CheckpointState } from '../../src/checkpoint/checkpoint-state';
import { loadTaskModel, RUNTIME, type TaskModel } from '../learning/learning-run';
import { taskExample, taskWords } from '../learning/upper-case-task';

let task: TaskModel;
beforeAll(async () => {
  task = await loadTaskModel();
});

const words = taskWords(48, 21);
const train = words.slice(0, 40).map(taskExample); // 40 examples, micro-batches of 8 → 5 per epoch
const validation = words.slice(40).map(taskExample);

function baseOptions(hp: SftHyperparametersInput, extra: Partial<SupervisedTrainingOptions> = {}): SupervisedTrainingOptions {
  return {
    config: task.model.config,
    weights: task.model.weights,
    tokenizer: task.tokenizer,
    trainExamples: train,
    validationExamples: validation,
    hyperparameters: parseSftHyperparameters({ batchSize: 8, gradientAccumulationSteps: 2, learningRate: 5e-3, seed: 3, ...hp }),
    runtime: RUNTIME,
    ...extra,
  };
}

const options = (hp: SftHyperparametersInput, extra: Partial<SupervisedTrainingOptions> = {}) => baseOptions(hp, extra);

function recorder() {
  const steps: SftStepMetrics[] = [];
  const validations: SftValidationMetrics[] = [];
  return { steps, validations, hooks: { onStep: (m: SftStepMetrics) => void steps.push(m), onValidation: (m: SftValidationMetrics) => void validations.push(m) } };
}

describe('runSupervisedTraining', () => {
  it('reports every step and validates every evalEvery steps and once at the end', async () => {
    const { steps, validations, hooks } = recorder();
    const result = await runSupervisedTraining(options({ epochs: 2, schedule: 'linear', warmupSteps: 2, evalEvery: 2 }), hooks);

    // 5 micro-batches an epoch, 2 per step → steps of 2, 2, 1 micro-batches; 3 steps an epoch.
    expect(result.plan).toMatchObject({ totalSteps: 6, stepsPerEpoch: 3, epochs: 2, warmupSteps: 2 });
    expect(result.status).toBe('completed');
    expect(result.position).toEqual({ epoch: 2, microBatch: 0, step: 6 });
    expect(steps.map((m) => m.step)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(steps.map((m) => m.epoch)).toEqual([0.4, 0.8, 1, 1.4, 1.8, 2]);
    const schedule = { type: 'linear' as const, baseLr: 5e-3, warmupSteps: 2, totalSteps: 6 };
    expect(steps.map((m) => m.learningRate)).toEqual(steps.map((_, k) => learningRateAt(schedule, k)));
    for (const m of steps) {
      expect(m.totalSteps).toBe(6);
      expect(Number.isFinite(m.loss) && m.loss > 0).toBe(true);
      expect(m.meanTokenAccuracy).toBeGreaterThanOrEqual(0);
      expect(m.gradNorm).toBeGreaterThan(0);
      expect(m.tokensPerSecond).toBeGreaterThan(0);
    }
    const tokensPerEpoch = train.reduce((n, e) => n + tokenizeSupervisedExample(task.tokenizer, e).inputIds.length, 0);
    expect(steps.at(-1)!.trainedTokens).toBe(2 * tokensPerEpoch);
    expect(steps.map((m) => m.trainedTokens)).toEqual([...steps.map((m) => m.trainedTokens)].sort((a, b) => a - b));
    expect(steps.at(-1)!.etaSeconds).toBe(0);
    expect(validations.map((v) => v.step)).toEqual([2, 4, 6]);
    expect(result.lastValidation).toEqual(validations.at(-1));
  }, 60_000);

  it('stops within one step of the signal being aborted, and says it was cancelled', async () => {
    const controller = new AbortController();
    const { steps, validations, hooks } = recorder();
    const result = await runSupervisedTraining(options({ epochs: 2 }), {
      ...hooks,
      signal: controller.signal,
      onStep: (m) => {
        hooks.onStep(m);
        if (m.step === 2) controller.abort();
      },
    });
    expect(result.status).toBe('cancelled');
    expect(steps.map((m) => m.step)).toEqual([1, 2]);
    expect(result.position).toEqual({ epoch: 0, microBatch: 4, step: 2 });
    expect(validations).toEqual([]); // no end-of-run validation for a cancelled run

    const early = new AbortController();
    early.abort();
    const none = await runSupervisedTraining(options({ epochs: 1 }), { signal: early.signal });
    expect(none.status).toBe('cancelled');
    expect(none.position).toEqual({ epoch: 0, microBatch: 0, step: 0 });
  }, 60_000);

  // A budget of one byte: the memory model says no step fits without recomputation, so the trainer turns it on.
  it.each([
    ['', {}],
    [', with per-layer activation recomputation', { memoryBudgetBytes: 1 }],
  ])('resumes exactly from a trainer checkpoint plus the loop position, across an epoch boundary%s', async (_name, memory: Partial<SupervisedTrainingOptions>) => {
    const hp: SftHyperparametersInput = { epochs: 3, packing: true, maxLength: 96, lora: { r: 4, alpha: 8, dropout: 0.2 }, schedule: 'cosine', warmupSteps: 1 };
    const withMemory = (h: SftHyperparametersInput, extra: Partial<SupervisedTrainingOptions> = {}) => baseOptions(h, { ...memory, ...extra });
    const straight = recorder();
    let recomputes: boolean | undefined;
    const uninterrupted = await runSupervisedTraining(withMemory(hp), { ...straight.hooks, onStart: (plan) => void (recomputes = plan.recomputesActivations) });
    expect(recomputes).toBe(memory.memoryBudgetBytes !== undefined);

    const controller = new AbortController();
    let saved: CheckpointState | undefined;
    const stopAt = uninterrupted.plan.stepsPerEpoch + 1; // one step into the second epoch
    const first = await runSupervisedTraining(withMemory(hp), {
      signal: controller.signal,
      onStep: (m, state) => {
        if (m.step !== stopAt) return;
        saved = state.checkpoint();
        controller.abort();
      },
    });
    expect(first.status).toBe('cancelled');
    expect(saved!.position).toMatchObject({ epoch: 1, step: stopAt });

    const rest = recorder();
    const resumed = await runSupervisedTraining(withMemory(hp, { resumeFrom: saved }), rest.hooks);
    expect(resumed.status).toBe('completed');
    expect(rest.steps.map((m) => m.loss)).toEqual(straight.steps.slice(stopAt).map((m) => m.loss));
    expect(rest.steps.at(-1)!.trainedTokens).toBe(straight.steps.at(-1)!.trainedTokens);
    if (resumed.model.kind !== 'lora' || uninterrupted.model.kind !== 'lora') throw new Error('expected LoRA results');
    for (const [modulePath, pair] of uninterrupted.model.adapter.modules) {
      const other = resumed.model.adapter.modules.get(modulePath)!;
      expect(Array.from(other.A.data as Float32Array)).toEqual(Array.from(pair.A.data as Float32Array));
      expect(Array.from(other.B.data as Float32Array)).toEqual(Array.from(pair.B.data as Float32Array));
    }
  }, 180_000);

  it('writes a fully fine-tuned model as a model folder with the tokenizer files beside it', async () => {
    const result = await runSupervisedTraining(options({ method: 'full', maxSteps: 2, weightDecay: 0.1 }));
    const dir = mkdtempSync(path.join(tmpdir(), 'whetstone-full-'));
    const files = await saveTrainedModel(dir, result.model, task.dir);
    expect(files).toEqual(expect.arrayContaining(['config.json', 'model.safetensors', 'tokenizer.json', 'tokenizer_config.json', 'generation_config.json']));
    expect(existsSync(path.join(dir, 'tokenizer.json'))).toBe(true);
    const reloaded = await loadModelFolder(dir);
    if (result.model.kind !== 'full') throw new Error('expected a full result');
    const name = 'model.layers.1.mlp.down_proj.weight';
    expect(Array.from(reloaded.weights.get(name)!.data as Float32Array)).toEqual(Array.from(result.model.weights.get(name)!.data as Float32Array));
    expect(Array.from(reloaded.weights.get(name)!.data as Float32Array)).not.toEqual(Array.from(task.model.weights.get(name)!.data as Float32Array));
  }, 60_000);

  it('refuses a dataset whose trained tokens all fall beyond maxLength', async () => {
    await expect(runSupervisedTraining(options({ maxSteps: 1, maxLength: 20 }))).rejects.toThrow(
      'none of the 40 training examples has a trained token within maxLength 20',
    );
  });
});
