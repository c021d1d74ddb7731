import type { JobSpec } from '@whetstone/services';
import type { LoadedTokenizer } from '@whetstone/tokenizer';
import {
  parsePreferenceHyperparameters,
  parseSftHyperparameters,
  runPreferenceTraining,
  runSupervisedTraining,
  type CheckpointState,
  type DeliveredCheckpoint,
  type EarlyStopInfo,
  type HealthWarning,
  type HostTensor,
  type LlamaConfig,
  type LoopPosition,
  type LoraAdapter,
  type PreferenceExample,
  type RunControlOptions,
  type RuntimeConfig,
  type SupervisedExample,
  type TrainedModel,
  type TrainingEvaluation,
} from '@whetstone/trainer';

/** Everything one run needs, already loaded. */
export interface EngineInput {
  spec: JobSpec;
  seed: number;
  baseModelName: string;
  config: LlamaConfig;
  /** This run's own copy of the starting weights: full SFT trains them in place. */
  weights: ReadonlyMap<string, HostTensor>;
  tokenizer: LoadedTokenizer;
  train: SupervisedExample[] | PreferenceExample[];
  validation: SupervisedExample[] | PreferenceExample[];
  runtime: Partial<RuntimeConfig>;
  /** Memory of the job's worker class: the trainer recomputes activations when a step would not fit it otherwise. */
  memoryBudgetBytes?: number;
  resumeFrom?: CheckpointState;
  /** LoRA warm start: the parent's adapter the run continues (a full warm start's parent is in `weights`). */
  initialAdapter?: LoraAdapter;
  /** Measure the validation set before the first step (a warm start's step 0: where the parent stands on this job's data). */
  validateAtStart?: boolean;
}

/** What the job runner hears during a run, whichever loop runs. Metric names are the API's. */
export interface EngineHooks {
  signal: AbortSignal;
  onStart(plan: { totalSteps: number; startStep: number }): Promise<void>;
  onStep(step: number, totalSteps: number, metrics: Record<string, number>, progress: { epoch: number; trainedTokens: number; etaSeconds: number }): Promise<void>;
  onValidation(step: number, metrics: Record<string, number>): Promise<void>;
  onCheckpoint(state: CheckpointState): Promise<void>;
  onWarning(warning: HealthWarning): Promise<void>;
  onEvaluation(evaluation: TrainingEvaluation): Promise<void>;
}

export interface EngineResult {
  status: 'completed' | 'cancelled';
  position: LoopPosition;
  trainedTokens: number;
  model: TrainedModel;
  delivered: DeliveredCheckpoint;
  earlyStopped?: EarlyStopInfo;
}

/** The job's resolved spec in the engine's terms (the API validated it; the engine parses it again). */
function commonHyperparameters(spec: JobSpec, seed: number) {
  const hp = spec.hyperparameters;
  const type = spec.training_type;
  return {
    method: type.type,
    lora: type.type === 'lora' ? { r: type.r, alpha: type.alpha, dropout: type.dropout, targetModules: type.target_modules } : undefined,
    learningRate: hp.learning_rate,
    schedule: hp.learning_rate_scheduler,
    warmupSteps: hp.warmup_steps ?? undefined,
    warmupRatio: hp.warmup_ratio,
    weightDecay: hp.weight_decay,
    maxGradNorm: hp.max_grad_norm,
    batchSize: hp.batch_size,
    gradientAccumulationSteps: hp.gradient_accumulation_steps,
    epochs: hp.n_epochs,
    maxSteps: hp.max_steps ?? undefined,
    maxLength: hp.max_seq_length,
    seed,
    evalEvery: spec.eval_interval,
  };
}

function runControl(spec: JobSpec): RunControlOptions {
  return {
    checkpointEvery: spec.checkpoint_interval,
    earlyStopping: spec.early_stopping ? { patience: spec.early_stopping.patience, minDelta: spec.early_stopping.min_delta } : undefined,
    checkpointSelection: spec.checkpoint_selection,
    generationEval: spec.eval_metrics.length > 0 ? { metrics: spec.eval_metrics } : undefined,
  };
}

/** Runs supervised fine-tuning or DPO as the spec says, translating metrics to the API's names. */
export async function runEngine(input: EngineInput, hooks: EngineHooks): Promise<EngineResult> {
  const common = {
    config: input.config,
    weights: input.weights,
    // The weights were read from the model folder for this run alone: full SFT trains them in place (the model held once).
    trainInPlace: true,
    tokenizer: input.tokenizer,
    runtime: input.runtime,
    ...(input.memoryBudgetBytes !== undefined ? { memoryBudgetBytes: input.memoryBudgetBytes } : {}),
    baseModelNameOrPath: input.baseModelName,
    resumeFrom: input.resumeFrom,
    ...(input.initialAdapter ? { initialAdapter: input.initialAdapter } : {}),
    ...(input.validateAtStart ? { validateAtStart: true } : {}),
    ...runControl(input.spec),
  };
  // What both loops report alike.
  const sharedHooks = {
    signal: hooks.signal,
    onCheckpoint: hooks.onCheckpoint,
    onWarning: hooks.onWarning,
    onEvaluation: hooks.onEvaluation,
    onStart: (plan: { totalSteps: number; start: LoopPosition }) => hooks.onStart({ totalSteps: plan.totalSteps, startStep: plan.start.step }),
  };
  const progressOf = (m: { epoch: number; trainedTokens: number; etaSeconds: number }) => ({ epoch: m.epoch, trainedTokens: m.trainedTokens, etaSeconds: m.etaSeconds });

  if (input.spec.method === 'dpo') {
    const hyperparameters = parsePreferenceHyperparameters({
      ...commonHyperparameters(input.spec, input.seed),
      beta: input.spec.hyperparameters.beta,
      lossType: input.spec.hyperparameters.loss_type,
      labelSmoothing: input.spec.hyperparameters.label_smoothing,
    });
    return runPreferenceTraining(
      { ...common, hyperparameters, trainExamples: input.train as PreferenceExample[], validationExamples: input.validation as PreferenceExample[] },
      {
        ...sharedHooks,
        onStep: (m) =>
          hooks.onStep(
            m.step,
            m.totalSteps,
            {
              train_loss: m.loss,
              learning_rate: m.learning_rate,
              grad_norm: m.grad_norm,
              tokens_per_second: m['tokens/s'],
              'rewards/chosen': m['rewards/chosen'],
              'rewards/rejected': m['rewards/rejected'],
              'rewards/accuracies': m['rewards/accuracies'],
              'rewards/margins': m['rewards/margins'],
              'logps/chosen': m['logps/chosen'],
              'logps/rejected': m['logps/rejected'],
            },
            progressOf(m),
          ),
        onValidation: (v) =>
          hooks.onValidation(v.step, {
            valid_loss: v.validLoss,
            'valid_rewards/accuracies': v['rewards/accuracies'],
            'valid_rewards/margins': v['rewards/margins'],
            'valid_rewards/chosen': v['rewards/chosen'],
            'valid_rewards/rejected': v['rewards/rejected'],
          }),
      },
    );
  }

  const hyperparameters = parseSftHyperparameters(commonHyperparameters(input.spec, input.seed));
  return runSupervisedTraining(
    { ...common, hyperparameters, trainExamples: input.train as SupervisedExample[], validationExamples: input.validation as SupervisedExample[] },
    {
      ...sharedHooks,
      onStep: (m) =>
        hooks.onStep(
          m.step,
          m.totalSteps,
          {
            train_loss: m.loss,
            train_mean_token_accuracy: m.meanTokenAccuracy,
            learning_rate: m.learningRate,
            grad_norm: m.gradNorm,
            tokens_per_second: m.tokensPerSecond,
          },
          progressOf(m),
        ),
      onValidation: (v) => hooks.onValidation(v.step, { valid_loss: v.validLoss, valid_mean_token_accuracy: v.validMeanTokenAccuracy }),
    },
  );
}
