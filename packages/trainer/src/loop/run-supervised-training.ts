import type { LoadedTokenizer } from '@whetstone/tokenizer';
import { collateBatch, type Batch } from '../data/batch';
import type { SupervisedExample, TokenizedExample } from '../data/examples';
import type { LlamaConfig } from '../model/llama-config';
import { initLoraAdapter, type LoraSettings } from '../model/lora';
import type { RuntimeConfig } from '../runtime/runtime-config';
import type { HostTensor } from '../tensor/host-tensor';
import { LlamaTrainer, type TrainerCheckpoint, type TrainingMethod } from '../train/llama-trainer';
import { BatchSource } from './batch-source';
import { START_POSITION, type LoopPosition } from './loop-position';
import { prepareSftData } from './prepare-sft-data';
import { ProgressClock } from './progress-clock';
import type { SftHyperparameters } from './sft-hyperparameters';
import type { SftRunPlan, SftRunState, SftStepMetrics, SftValidationMetrics } from './sft-metrics';
import type { TrainedModel } from './trained-model';
import { trainingLength, warmupStepsFor } from './training-length';

/** Micro-batches are padded to a multiple of 8 tokens: few distinct shapes, little wasted compute. */
const PAD_TO_MULTIPLE_OF = 8;

export interface SupervisedTrainingOptions {
  config: LlamaConfig;
  /** Base model weights (float32, HF names); never mutated. */
  weights: ReadonlyMap<string, HostTensor>;
  /** The model's tokenizer; its chat template renders chat examples. */
  tokenizer: LoadedTokenizer;
  trainExamples: readonly SupervisedExample[];
  validationExamples?: readonly SupervisedExample[];
  /** Parsed with parseSftHyperparameters. */
  hyperparameters: SftHyperparameters;
  runtime?: Partial<RuntimeConfig>;
  /** Recorded in the adapter's base_model_name_or_path. */
  baseModelNameOrPath?: string;
  /** Also measure the validation set before the first step (reported as step 0 or the resumed step). */
  validateAtStart?: boolean;
  /** Continue a run from a trainer checkpoint and the loop position it was taken at. */
  resumeFrom?: { checkpoint: TrainerCheckpoint; position: LoopPosition; trainedTokens?: number };
}

export interface SupervisedTrainingHooks {
  /** Checked before every optimizer step: an aborted run stops after at most the step in progress. */
  signal?: AbortSignal;
  onStart?(plan: SftRunPlan): void | Promise<void>;
  onStep?(metrics: SftStepMetrics, state: SftRunState): void | Promise<void>;
  onValidation?(metrics: SftValidationMetrics): void | Promise<void>;
}

export interface SupervisedTrainingResult {
  status: 'completed' | 'cancelled';
  plan: SftRunPlan;
  /** Where the run stopped: resuming from here with `checkpoint()` continues it exactly. */
  position: LoopPosition;
  trainedTokens: number;
  lastStep?: SftStepMetrics;
  lastValidation?: SftValidationMetrics;
  /** The trained adapter (LoRA) or weights (full), as of `position`. */
  model: TrainedModel;
  checkpoint(): TrainerCheckpoint;
}

/**
 * Supervised fine-tuning of a Llama model on chat or prompt/completion examples: tokenizes, serves
 * shuffled (optionally packed) micro-batches, accumulates them into optimizer steps, reports metrics
 * after every step, validates every `evalEvery` steps and at the end, and stops early when the signal
 * is aborted. The loop position is explicit (see LoopPosition), so a checkpoint plus that position
 * resumes a run exactly.
 */
export async function runSupervisedTraining(options: SupervisedTrainingOptions, hooks: SupervisedTrainingHooks = {}): Promise<SupervisedTrainingResult> {
  const hp = options.hyperparameters;
  const data = prepareSftData(options.tokenizer, options.trainExamples, options.validationExamples ?? [], hp.maxLength);
  const padId = options.tokenizer.padTokenId ?? options.tokenizer.eosTokenId ?? 0;
  const source = new BatchSource(data.train, {
    batchSize: hp.batchSize,
    gradientAccumulationSteps: hp.gradientAccumulationSteps,
    seed: hp.seed,
    shuffle: hp.shuffle,
    packToLength: hp.packing ? hp.maxLength : undefined,
    padId,
    padToMultipleOf: PAD_TO_MULTIPLE_OF,
  });
  const length = trainingLength(source, { epochs: hp.epochs, maxSteps: hp.maxSteps });
  const warmupSteps = warmupStepsFor(length.totalSteps, hp);
  const start = checkedStart(options.resumeFrom, length.totalSteps);

  const trainer = await LlamaTrainer.create({
    config: options.config,
    weights: options.weights,
    method: trainingMethod(options),
    schedule: { type: hp.schedule, baseLr: hp.learningRate, warmupSteps, totalSteps: length.totalSteps },
    adamw: { beta1: hp.adamBeta1, beta2: hp.adamBeta2, eps: hp.adamEpsilon, weightDecay: hp.weightDecay },
    maxGradNorm: hp.maxGradNorm,
    seed: hp.seed,
    runtime: options.runtime,
  });
  try {
    if (options.resumeFrom) trainer.restore(options.resumeFrom.checkpoint);
    const trainable = trainer.trainableSize();
    const plan: SftRunPlan = {
      ...length,
      warmupSteps,
      trainableTensors: trainable.tensors,
      trainableParameters: trainable.parameters,
      data: data.report,
      start,
    };
    await hooks.onStart?.(plan);

    const validationBatches = batchesInOrder(data.validation, hp.batchSize, padId);
    let lastValidation: SftValidationMetrics | undefined;
    const validate = async (step: number) => {
      if (validationBatches.length === 0) return;
      const { loss, meanTokenAccuracy } = await trainer.evaluate(validationBatches);
      lastValidation = { step, validLoss: loss, validMeanTokenAccuracy: meanTokenAccuracy };
      await hooks.onValidation?.(lastValidation);
    };

    let position = start;
    let trainedTokens = options.resumeFrom?.trainedTokens ?? 0;
    let lastStep: SftStepMetrics | undefined;
    let status: SupervisedTrainingResult['status'] = 'completed';
    const clock = new ProgressClock();
    if (options.validateAtStart) await validate(position.step);

    while (position.step < length.totalSteps) {
      if (hooks.signal?.aborted) {
        status = 'cancelled';
        break;
      }
      const stepStarted = performance.now();
      const batches = source.step(position);
      const result = await trainer.trainStep(batches.microBatches);
      const stepSeconds = (performance.now() - stepStarted) / 1000;
      position = batches.next;
      trainedTokens += batches.tokens;
      clock.stepDone();
      lastStep = {
        step: result.step,
        totalSteps: length.totalSteps,
        epoch: batches.epochProgress,
        loss: result.loss,
        meanTokenAccuracy: result.meanTokenAccuracy,
        learningRate: result.learningRate,
        gradNorm: result.gradNorm,
        tokensPerSecond: batches.tokens / Math.max(stepSeconds, 1e-9),
        trainedTokens,
        elapsedSeconds: clock.elapsedSeconds,
        etaSeconds: clock.etaSeconds(length.totalSteps - position.step),
      };
      const state: SftRunState = { position, trainedTokens, checkpoint: () => trainer.checkpoint() };
      await hooks.onStep?.(lastStep, state);
      const isLast = position.step >= length.totalSteps;
      if (!isLast && hp.evalEvery > 0 && position.step % hp.evalEvery === 0) await validate(position.step);
    }
    if (status === 'completed' && lastValidation?.step !== position.step) await validate(position.step);

    const model: TrainedModel =
      hp.method === 'lora' ? { kind: 'lora', adapter: trainer.loraAdapter() } : { kind: 'full', config: options.config, weights: trainer.trainedWeights() };
    return { status, plan, position, trainedTokens, lastStep, lastValidation, model, checkpoint: () => trainer.checkpoint() };
  } finally {
    // Sessions only: the trainer's tensors stay readable, so result.checkpoint() works after this.
    await trainer.close();
  }
}

function trainingMethod(options: SupervisedTrainingOptions): TrainingMethod {
  const hp = options.hyperparameters;
  if (hp.method === 'full') return { kind: 'full' };
  const lora: LoraSettings = {
    r: hp.lora.r,
    alpha: hp.lora.alpha,
    dropout: hp.lora.dropout,
    targetModules: hp.lora.targetModules,
    useRslora: hp.lora.useRslora,
  };
  // The same init LlamaTrainer would draw from the seed, plus the base model's name for adapter_config.json.
  const adapter = initLoraAdapter(options.config, options.weights, lora, hp.seed, options.baseModelNameOrPath ?? null);
  return { kind: 'lora', lora, adapter };
}

function checkedStart(resume: SupervisedTrainingOptions['resumeFrom'], totalSteps: number): LoopPosition {
  if (!resume) return START_POSITION;
  const { checkpoint, position } = resume;
  if (checkpoint.step !== position.step) throw new Error(`resume: the checkpoint is at step ${checkpoint.step} but the loop position at step ${position.step}`);
  if (position.step > totalSteps) throw new Error(`resume: position step ${position.step} is past the run's ${totalSteps} steps`);
  return { ...position };
}

/** Validation batches: the examples in their given order, batchSize rows each. */
function batchesInOrder(examples: readonly TokenizedExample[], batchSize: number, padId: number): Batch[] {
  const batches: Batch[] = [];
  for (let k = 0; k < examples.length; k += batchSize) {
    batches.push(collateBatch(examples.slice(k, k + batchSize).map((e) => [e]), { padId, padToMultipleOf: PAD_TO_MULTIPLE_OF }));
  }
  return batches;
}
