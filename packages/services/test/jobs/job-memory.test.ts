import { ValidationError } from '@whetstone/common';
import { parameterCount, predictTrainingMemory, type LlamaConfig } from '@whetstone/trainer';
import { largestFittingBatch, planJobMemory, predictJobMemory, type JobMemoryShape } from '../../src/jobs/job-memory';
import { resolveSpec, type ResolveContext } from '../../src/jobs/resolve-spec';

// SmolLM2-135M's shape.
const config: LlamaConfig = {
  model_type: 'llama',
  vocab_size: 49152,
  hidden_size: 576,
  intermediate_size: 1536,
  num_hidden_layers: 30,
  num_attention_heads: 9,
  num_key_value_heads: 3,
  max_position_embeddings: 8192,
  rms_norm_eps: 1e-5,
  rope_theta: 100000,
  tie_word_embeddings: true,
};
const lora = { type: 'lora' as const, r: 8, alpha: 16, dropout: 0, target_modules: 'all-linear' as const };
const job: JobMemoryShape = { config, trainingType: lora, method: 'supervised', batchSize: 4, seq: 256, gradientAccumulationSteps: 1 };
const gb = (bytes: number) => bytes / 1e9;

describe('job memory planning', () => {
  it("keeps a job on its model's class when it fits there", () => {
    const plan = planJobMemory(job, { default: 16, 'gpu-80gb': 80 }, 'default');
    expect(plan).toEqual({ workerClass: 'default', predictedBytes: predictJobMemory(job, false), recompute: false });
  });

  it('recomputes activations where that is what makes the job fit its class', () => {
    const plain = gb(predictJobMemory(job, false));
    const recomputed = gb(predictJobMemory(job, true));
    const between = (plain + recomputed) / 2;
    expect(planJobMemory(job, { default: between }, 'default')).toMatchObject({ workerClass: 'default', recompute: true });
  });

  it('sends a job its class cannot hold to the smallest larger class that can', () => {
    const full = { ...job, trainingType: { type: 'full' as const } };
    const need = gb(predictJobMemory(full, true));
    const plan = planJobMemory(full, { default: need / 2, medium: need * 1.1, huge: need * 10 }, 'default');
    expect(plan.workerClass).toBe('medium');
  });

  it("predicts full SFT with the weights trained in place, as the worker runs it, and full DPO with the base kept as its reference", () => {
    const full = { ...job, trainingType: { type: 'full' as const } };
    const engine = (inPlace: boolean, objective: 'sft' | 'dpo', rows: number) =>
      predictTrainingMemory({ config, method: { kind: 'full', inPlace }, objective, rows, seq: 256, recompute: true, microBatches: 1 }).total;
    expect(predictJobMemory(full, true)).toBe(engine(true, 'sft', 4));
    expect(predictJobMemory({ ...full, method: 'dpo', batchSize: 2 }, true)).toBe(engine(false, 'dpo', 4));
    // DPO holds one more model-sized copy than the same rows of SFT would in place.
    expect(engine(false, 'dpo', 4) - engine(true, 'dpo', 4)).toBe(parameterCount(config) * 4);
  });

  function refusal(shape: JobMemoryShape, classes: Record<string, number>): ValidationError {
    try {
      planJobMemory(shape, classes, 'default');
    } catch (e) {
      if (e instanceof ValidationError) return e;
      throw e;
    }
    throw new Error('the job was not refused');
  }

  it('refuses a job no class can hold with what it needs and what would fit (a shorter row)', () => {
    const long = { ...job, batchSize: 16, seq: 2048 };
    const error = refusal(long, { default: 1.2 });
    expect(error).toMatchObject({ status: 400, code: 'insufficient_memory', param: 'hyperparameters.batch_size' });
    expect(error.message).toContain(`needs about ${gb(predictJobMemory(long, true)).toFixed(1)} GB`);
    expect(error.message).toContain("largest worker class ('default', 1.2 GB)");
    const seq = Number(/max_seq_length (\d+) fits at batch_size 1/.exec(error.message)?.[1]);
    expect(predictJobMemory({ ...long, batchSize: 1, seq }, true)).toBeLessThanOrEqual(1.2e9);
    expect(predictJobMemory({ ...long, batchSize: 1, seq: 2 * seq }, true)).toBeGreaterThan(1.2e9);
  });

  it('tells a full fine-tuning job too large for every class that LoRA would fit', () => {
    const full = { ...job, trainingType: { type: 'full' as const } };
    const error = refusal(full, { default: 3 });
    expect(error).toMatchObject({ status: 400, code: 'insufficient_memory', param: 'training_type' });
    expect(error.message).toMatch(/LoRA instead of full fine-tuning \(training_type \{"type":"lora"\}\) needs about [\d.]+ GB and fits/);
  });

  it('finds the largest micro-batch that fits a budget', () => {
    const budget = predictJobMemory({ ...job, batchSize: 3 }, true) + 1;
    expect(largestFittingBatch(job, 16, budget)).toBe(3);
    expect(largestFittingBatch(job, 16, 1)).toBe(1);
  });

  it('an "auto" batch size becomes the micro-batch that fits plus gradient accumulation', () => {
    const context: ResolveContext = {
      dataset: { examples: 5000, totalTokens: null, trainedTokensPerEpoch: null, validationExamples: null },
      contextLength: 256,
      throughputTokensPerSecond: 1000,
      usdPerMillionTrainedTokens: null,
      fitBatch: (want) => Math.min(want, 3),
    };
    const request = { model: 'm', training_file: 'f', training_type: lora };
    const auto = resolveSpec(request, context).hyperparameters;
    expect(auto).toMatchObject({ batch_size: 3, gradient_accumulation_steps: 6 }); // 16 wanted: 3 × 6 ≥ 16
    const given = resolveSpec({ ...request, hyperparameters: { batch_size: 8 } }, context).hyperparameters;
    expect(given).toMatchObject({ batch_size: 8, gradient_accumulation_steps: 1 }); // an explicit size is the user's
  });
});
