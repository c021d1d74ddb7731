import { mergeLoraIntoWeights } from '../../src/io/lora/merge-lora';
import { runSupervisedTraining, type SupervisedTrainingOptions } from '../../src/loop/run-supervised-training';
import { parseSftHyperparameters, type SftHyperparametersInput } from '../../src/loop/sft-hyperparameters';
import type { SftStepMetrics, SftValidationMetrics } from '../../src/loop/sft-metrics';
import type { TrainedModel } from '../../src/loop/trained-model';
import { loadTaskModel, RUNTIME, type TaskModel } from '../learning/learning-run';
import { taskExample, taskWords } from '../learning/upper-case-task';

/**
 * Warm starts: a run given a previous run's adapter (LoRA) or weights (full) starts where that run
 * ended. The independent evidence is the validation loss measured before the child's first step: it
 * equals the parent's final validation loss (same tensors, same data, same batching), and differs
 * from a cold start's, which measures the base model.
 */
let task: TaskModel;
beforeAll(async () => {
  task = await loadTaskModel();
});

const words = taskWords(48, 21);
const train = words.slice(0, 40).map(taskExample);
const validation = words.slice(40).map(taskExample);
const LORA = { r: 4, alpha: 8, dropout: 0, targetModules: ['q_proj', 'v_proj'] as ['q_proj', 'v_proj'] };

async function run(hp: SftHyperparametersInput, extra: Partial<SupervisedTrainingOptions> = {}) {
  const steps: SftStepMetrics[] = [];
  const validations: SftValidationMetrics[] = [];
  const result = await runSupervisedTraining(
    {
      config: task.model.config,
      weights: task.model.weights,
      tokenizer: task.tokenizer,
      trainExamples: train,
      validationExamples: validation,
      hyperparameters: parseSftHyperparameters({ batchSize: 8, learningRate: 1e-2, seed: 5, epochs: 3, ...hp }),
      runtime: RUNTIME,
      validateAtStart: true,
      ...extra,
    },
    { onStep: (m) => void steps.push(m), onValidation: (m) => void validations.push(m) },
  );
  return { result, steps, validations };
}

const adapterOf = (model: TrainedModel) => {
  if (model.kind !== 'lora') throw new Error('expected a LoRA result');
  return model.adapter;
};
const weightsOf = (model: TrainedModel) => {
  if (model.kind !== 'full') throw new Error('expected full weights');
  return model.weights;
};

describe('warm starts', () => {
  it("continues a LoRA run from its adapter: the first validation is the parent's last, not the base model's", async () => {
    const parent = await run({ method: 'lora', lora: LORA });
    const parentFinal = parent.validations.at(-1)!.validLoss;
    const cold = await run({ method: 'lora', lora: LORA, epochs: 1 });
    const warm = await run({ method: 'lora', lora: LORA, epochs: 1 }, { initialAdapter: adapterOf(parent.result.model) });

    expect(warm.validations[0]!.step).toBe(0);
    expect(warm.validations[0]!.validLoss).toBeCloseTo(parentFinal, 5);
    expect(cold.validations[0]!.validLoss).toBeCloseTo(parent.validations[0]!.validLoss, 5);
    expect(cold.validations[0]!.validLoss - parentFinal).toBeGreaterThan(0.1);
    // The first step trains from the parent's region: its loss is near the parent's last steps', far below a cold start's.
    const parentLastEpoch = parent.steps.slice(-5).map((m) => m.loss);
    expect(warm.steps[0]!.loss).toBeLessThan(Math.max(...parentLastEpoch) * 1.25);
    expect(warm.steps[0]!.loss).toBeLessThan(cold.steps[0]!.loss - 0.1);
    // The result is still an adapter of the same shape on the same base model.
    expect(adapterOf(warm.result.model).config).toMatchObject({ r: 4, lora_alpha: 8, target_modules: ['q_proj', 'v_proj'] });
    // The parent's adapter is left as it was.
    const again = await run({ method: 'lora', lora: LORA, epochs: 1, maxSteps: 1 }, { initialAdapter: adapterOf(parent.result.model) });
    expect(again.validations[0]!.validLoss).toBe(warm.validations[0]!.validLoss);
  }, 120_000);

  it("continues a full run from its weights, and a full run from a LoRA parent's merged weights", async () => {
    const parent = await run({ method: 'full', learningRate: 2e-3, epochs: 2 });
    const warm = await run({ method: 'full', learningRate: 2e-3, epochs: 1, maxSteps: 1 }, { weights: weightsOf(parent.result.model) });
    expect(warm.validations[0]!.validLoss).toBeCloseTo(parent.validations.at(-1)!.validLoss, 5);
    expect(parent.validations[0]!.validLoss - warm.validations[0]!.validLoss).toBeGreaterThan(0.1);

    const loraParent = await run({ method: 'lora', lora: LORA, epochs: 2 });
    const merged = mergeLoraIntoWeights(task.model.weights, adapterOf(loraParent.result.model));
    const fromLora = await run({ method: 'full', learningRate: 2e-3, epochs: 1, maxSteps: 1 }, { weights: merged });
    // W + scale·B·A folded once into float32: equal up to that rounding.
    expect(fromLora.validations[0]!.validLoss).toBeCloseTo(loraParent.validations.at(-1)!.validLoss, 4);
  }, 120_000);

  it('refuses a starting adapter of another rank or other target modules, naming the difference', async () => {
    const parent = await run({ method: 'lora', lora: LORA, epochs: 1, maxSteps: 1 });
    const adapter = adapterOf(parent.result.model);
    await expect(run({ method: 'lora', lora: { ...LORA, r: 8, alpha: 8 }, maxSteps: 1 }, { initialAdapter: adapter })).rejects.toThrow(/rank 4, the run 8/);
    await expect(run({ method: 'lora', lora: { ...LORA, targetModules: ['q_proj', 'k_proj', 'v_proj'] as never }, maxSteps: 1 }, { initialAdapter: adapter })).rejects.toThrow(
      /target modules q_proj,v_proj, the run q_proj,k_proj,v_proj/,
    );
  }, 60_000);
});
