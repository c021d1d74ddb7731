import { z } from 'zod';
import { createLogitsModel } from '../generate/logits-model';
import type { TrainedModel } from '../loop/trained-model';
import type { LlamaConfig } from '../model/llama-config';
import type { RuntimeConfig } from '../runtime/runtime-config';
import type { HostTensor } from '../tensor/host-tensor';
import type { MetricResult, SampleRow } from './evaluate-generations';
import { compileMetrics, generationMetricSpecs, type CompiledMetric } from './metric-spec';
import { runGenerationEval, type EvalPrompt, type GenerationEvalOptions, type GenerationEvalResult } from './run-generation-eval';

/** A job's generation evaluation: its metrics, and how much to generate. */
export const generationEvalSettingsSchema = z
  .object({
    metrics: generationMetricSpecs,
    /** Tokens generated per prompt at most. */
    maxNewTokens: z.number().int().positive().default(64),
    /** Validation examples used as prompts (the first ones). */
    maxPrompts: z.number().int().positive().default(32),
    /** Samples reported with their scores at each evaluation. */
    sampleRows: z.number().int().nonnegative().default(3),
  })
  .strict();
export type GenerationEvalSettingsInput = z.input<typeof generationEvalSettingsSchema>;
export type GenerationEvalSettings = z.output<typeof generationEvalSettingsSchema>;

/** When an evaluation was made: the base model before training, a checkpoint during it, the delivered model after. */
export type EvaluationStage = 'base' | 'checkpoint' | 'final';

/** What a run reports through onEvaluation. */
export interface TrainingEvaluation {
  /** The optimizer step of the weights evaluated (0 for the base model). */
  step: number;
  stage: EvaluationStage;
  metrics: MetricResult[];
  samples: SampleRow[];
}

/**
 * Greedy generations of a run's validation prompts, scored with the job's metrics, for the base model
 * or any trained model (LoRA adapter on the base, or full weights). A fresh inference session per
 * evaluation, released afterwards: evaluations are rare, memory is not.
 */
export class GenerationEvaluator {
  /** Compiled once per run: every evaluation of the job scores with the same regexes and schemas. */
  private readonly metrics: readonly CompiledMetric[];

  constructor(
    private readonly config: LlamaConfig,
    private readonly baseWeights: ReadonlyMap<string, HostTensor>,
    private readonly prompts: readonly EvalPrompt[],
    private readonly settings: GenerationEvalSettings,
    private readonly decoding: Omit<GenerationEvalOptions, 'maxNewTokens' | 'sampleRows'>,
    private readonly runtime?: Partial<RuntimeConfig>,
  ) {
    if (prompts.length === 0) throw new Error('generation evaluation needs at least one validation prompt');
    this.metrics = compileMetrics(settings.metrics);
  }

  /** Evaluates `model`, or the base model when absent. */
  async evaluate(model?: TrainedModel): Promise<GenerationEvalResult> {
    const logits =
      model?.kind === 'full'
        ? await createLogitsModel(model.config, model.weights, { runtime: this.runtime })
        : await createLogitsModel(this.config, this.baseWeights, { runtime: this.runtime, ...(model ? { adapter: model.adapter } : {}) });
    try {
      return await runGenerationEval(logits, this.prompts, this.metrics, {
        ...this.decoding,
        maxNewTokens: this.settings.maxNewTokens,
        sampleRows: this.settings.sampleRows,
      });
    } finally {
      await logits.session.release();
    }
  }
}
