import type { CreateJobRequest, TrainingType } from './create-job-request';
import type { JobEstimates, JobSpec } from './job-spec';

/** Base learning rates that learning_rate_multiplier scales: LoRA adapters tolerate far larger steps. */
export const BASE_LEARNING_RATE = { lora: 2e-4, full: 1e-5 } as const;
export const DEFAULT_VALIDATION_FRACTION = 0.1;

/** What the validated training (and validation) files tell us about the data. */
export interface DatasetFacts {
  examples: number;
  /** All tokens of the rendered examples (what the model processes per epoch). */
  totalTokens: number | null;
  /**
   * Tokens per epoch in the billed unit (trained_tokens, as OpenAI bills): every token the
   * trainer runs through the model, both sequences of a preference pair. The reservation at
   * creation and the charge at the end count this same unit.
   */
  trainedTokensPerEpoch: number | null;
  validationExamples: number | null;
}

/**
 * "auto" rules, recorded on the job so users see what ran. Small datasets get more epochs (each
 * example must be seen enough times) and smaller batches (enough optimizer steps); large ones
 * fewer epochs. The thresholds follow common practice for chat fine-tuning.
 */
export function autoEpochs(examples: number): number {
  if (examples < 50) return 10;
  if (examples < 200) return 5;
  if (examples < 5_000) return 3;
  if (examples < 50_000) return 2;
  return 1;
}

export function autoBatchSize(examples: number): number {
  if (examples < 100) return 4;
  if (examples < 2_000) return 8;
  return 16;
}

export const AUTO_DPO_BETA = 0.1;

export interface ResolveContext {
  dataset: DatasetFacts;
  contextLength: number;
  /** Tokens/s a worker of the job's class processes (forward+backward), for the duration estimate. */
  throughputTokensPerSecond: number;
  /** USD per 1M trained tokens for this model, when priced. */
  usdPerMillionTrainedTokens: number | null;
  /**
   * The largest micro-batch ≤ `want` rows that fits the worker's memory for this job's method and
   * sequence length (the engine's memory model); absent when the model's memory is not known.
   * An "auto" batch size larger than it is split into micro-batches by gradient accumulation.
   */
  fitBatch?: (want: number, job: { trainingType: TrainingType; method: 'supervised' | 'dpo'; seq: number; accumulation: number }) => number;
}

export function resolveSpec(request: CreateJobRequest, context: ResolveContext): JobSpec {
  const method = request.method?.type ?? 'supervised';
  const given =
    request.method?.type === 'dpo'
      ? (request.method.dpo?.hyperparameters ?? {})
      : request.method?.type === 'supervised'
        ? (request.method.supervised?.hyperparameters ?? request.hyperparameters ?? {})
        : (request.hyperparameters ?? {});
  const trainingType: TrainingType = request.training_type ?? { type: 'lora', r: 8, alpha: 16, dropout: 0.05, target_modules: ['q_proj', 'v_proj'] };
  const hasValidationFile = Boolean(request.validation_file);
  const fraction = hasValidationFile ? 0 : (request.validation_split ?? DEFAULT_VALIDATION_FRACTION);
  const validationExamples = hasValidationFile
    ? (context.dataset.validationExamples ?? 0)
    : Math.max(1, Math.round(context.dataset.examples * fraction));
  const trainExamples = hasValidationFile ? context.dataset.examples : context.dataset.examples - validationExamples;

  const nEpochs = given.n_epochs === undefined || given.n_epochs === 'auto' ? autoEpochs(trainExamples) : given.n_epochs;
  const autoBatch = given.batch_size === undefined || given.batch_size === 'auto';
  let batchSize: number = given.batch_size === undefined || given.batch_size === 'auto' ? autoBatchSize(trainExamples) : given.batch_size;
  const multiplier = given.learning_rate_multiplier === undefined || given.learning_rate_multiplier === 'auto' ? 1 : given.learning_rate_multiplier;
  let accumulation = given.gradient_accumulation_steps ?? 1;
  const maxSeqLength = Math.min(given.max_seq_length ?? context.contextLength, context.contextLength);
  if (autoBatch && context.fitBatch) {
    // "auto" is an effective batch: what one micro-batch cannot hold, gradient accumulation adds up.
    const micro = context.fitBatch(batchSize, { trainingType, method, seq: maxSeqLength, accumulation });
    if (micro < batchSize) {
      if (given.gradient_accumulation_steps === undefined) accumulation = Math.ceil(batchSize / micro);
      batchSize = micro;
    }
  }

  const hyperparameters: JobSpec['hyperparameters'] = {
    n_epochs: nEpochs,
    batch_size: batchSize,
    learning_rate_multiplier: multiplier,
    learning_rate: BASE_LEARNING_RATE[trainingType.type] * multiplier,
    learning_rate_scheduler: given.learning_rate_scheduler ?? 'linear',
    warmup_ratio: given.warmup_ratio ?? 0,
    warmup_steps: given.warmup_steps ?? null,
    weight_decay: given.weight_decay ?? 0,
    max_grad_norm: given.max_grad_norm ?? 1,
    max_seq_length: maxSeqLength,
    gradient_accumulation_steps: accumulation,
    max_steps: given.max_steps ?? null,
  };
  if (method === 'dpo' && request.method?.type === 'dpo') {
    const dpo = request.method.dpo?.hyperparameters ?? {};
    hyperparameters.beta = dpo.beta === undefined || dpo.beta === 'auto' ? AUTO_DPO_BETA : dpo.beta;
    hyperparameters.loss_type = dpo.loss_type ?? 'sigmoid';
    hyperparameters.label_smoothing = dpo.label_smoothing ?? 0;
  }

  return {
    method,
    training_type: trainingType,
    hyperparameters,
    validation: { source: hasValidationFile ? 'file' : 'split', fraction },
    eval_interval: request.eval_interval ?? 0,
    checkpoint_interval: request.checkpoint_interval ?? 0,
    early_stopping: request.early_stopping ? { patience: request.early_stopping.patience, min_delta: request.early_stopping.min_delta, metric: 'valid_loss' } : null,
    checkpoint_selection: request.checkpoint_selection ?? 'last',
    eval_metrics: request.eval_metrics ?? [],
    estimates: estimate(trainExamples, validationExamples, hyperparameters, context),
  };
}

function estimate(trainExamples: number, validationExamples: number, hp: JobSpec['hyperparameters'], context: ResolveContext): JobEstimates {
  const share = context.dataset.examples > 0 ? trainExamples / context.dataset.examples : 0;
  const tokensPerEpoch = Math.round((context.dataset.totalTokens ?? 0) * share);
  const trainedPerEpoch = Math.round((context.dataset.trainedTokensPerEpoch ?? 0) * share);
  const stepsPerEpoch = Math.max(1, Math.ceil(trainExamples / (hp.batch_size * hp.gradient_accumulation_steps)));
  const totalSteps = hp.max_steps === null ? stepsPerEpoch * hp.n_epochs : Math.min(hp.max_steps, stepsPerEpoch * hp.n_epochs);
  const epochsRun = totalSteps / stepsPerEpoch;
  const totalTrained = Math.round(trainedPerEpoch * epochsRun);
  return {
    train_examples: trainExamples,
    validation_examples: validationExamples,
    tokens_per_epoch: tokensPerEpoch,
    trained_tokens_per_epoch: trainedPerEpoch,
    total_trained_tokens: totalTrained,
    steps_per_epoch: stepsPerEpoch,
    total_steps: totalSteps,
    // Throughput is measured in the same unit the trainer counts (processed tokens).
    estimated_seconds: Math.ceil((Math.max(trainedPerEpoch, tokensPerEpoch) * epochsRun) / Math.max(1, context.throughputTokensPerSecond)),
    estimated_cost_usd: context.usdPerMillionTrainedTokens === null ? null : (totalTrained / 1_000_000) * context.usdPerMillionTrainedTokens,
  };
}
