import type { LoadedTokenizer } from '@whetstone/tokenizer';
import type { CheckpointState } from '../checkpoint/checkpoint-state';
import { dataDigest } from '../checkpoint/data-digest';
import { parseRunControl, RUN_CONTROL_KEYS, type DeliveredCheckpoint, type EarlyStopInfo, type RunControlHooks, type RunControlOptions } from '../checkpoint/run-control';
import { TrainingRunController, type CheckpointCapture } from '../checkpoint/run-controller';
import { copyTensors } from '../checkpoint/trained-model-from';
import { collateBatch, type Batch } from '../data/batch';
import type { SupervisedExample, TokenizedExample } from '../data/examples';
import { evalPromptsFromSupervised } from '../evaluation/eval-prompts';
import { GenerationEvaluator } from '../evaluation/generation-evaluator';
import type { LlamaConfig } from '../model/llama-config';
import type { LoraAdapter } from '../io/lora/lora-adapter';
import { type LoraSettings } from '../model/lora';
import { startingAdapter } from '../model/starting-adapter';
import type { RuntimeConfig } from '../runtime/runtime-config';
import type { HostTensor } from '../tensor/host-tensor';
import { LlamaTrainer, type TrainingMethod } from '../train/llama-trainer';
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

export interface SupervisedTrainingOptions extends RunControlOptions {
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
  /**
   * Bytes this training process may use (the worker's memory). The trainer recomputes activations
   * when the memory model says a micro-batch of the longest rows would not fit otherwise.
   */
  memoryBudgetBytes?: number;
  /** Recorded in the adapter's base_model_name_or_path. */
  baseModelNameOrPath?: string;
  /** Also measure the validation set before the first step (reported as step 0 or the resumed step). */
  validateAtStart?: boolean;
  /** Continue a run from its checkpoint (onCheckpoint / state.checkpoint() / loadCheckpoint), under the same hyperparameters and data. */
  resumeFrom?: CheckpointState;
  /**
   * LoRA warm start: train on from this adapter (a previous run's) instead of a fresh init. Its rank,
   * alpha and target modules must be the run's. (A full warm start passes the parent's `weights`.)
   */
  initialAdapter?: LoraAdapter;
}

export interface SupervisedTrainingHooks extends RunControlHooks {
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
  /** The delivered adapter (LoRA) or weights (full): the last step's, or the best validated step's (checkpointSelection). */
  model: TrainedModel;
  delivered: DeliveredCheckpoint;
  /** Set when early stopping ended the run (status is then 'completed'). */
  earlyStopped?: EarlyStopInfo;
  /** The run's whole state at `position`, for saveCheckpoint or resumeFrom. */
  checkpoint(): CheckpointState;
}

/**
 * Supervised fine-tuning of a Llama model on chat or prompt/completion examples: tokenizes, serves
 * shuffled (optionally packed) micro-batches, accumulates them into optimizer steps, reports metrics
 * after every step, validates every `evalEvery` steps and at the end, and stops early when the signal
 * is aborted. The shared run control (TrainingRunController) adds checkpoints with exact resume, early
 * stopping, best-checkpoint delivery, the divergence guard, health warnings and generation metrics.
 */
export async function runSupervisedTraining(options: SupervisedTrainingOptions, hooks: SupervisedTrainingHooks = {}): Promise<SupervisedTrainingResult> {
  const hp = options.hyperparameters;
  const control = parseRunControl(Object.fromEntries(RUN_CONTROL_KEYS.filter((k) => options[k] !== undefined).map((k) => [k, options[k]])));
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
  const schedule = { type: hp.schedule, baseLr: hp.learningRate, warmupSteps, totalSteps: length.totalSteps };
  const method = trainingMethod(options);
  const { tokenizer } = options;
  const generation = control.generationEval
    ? new GenerationEvaluator(
        options.config,
        options.weights,
        evalPromptsFromSupervised(tokenizer, options.validationExamples ?? [], control.generationEval.maxPrompts),
        control.generationEval,
        { decode: (ids) => tokenizer.decode(ids, { skipSpecialTokens: true }), eosTokenIds: [tokenizer.eosTokenId ?? padId], padTokenId: padId },
        options.runtime,
      )
    : undefined;
  const controller = new TrainingRunController(
    control,
    hooks,
    {
      loop: 'sft',
      seed: hp.seed,
      schedule,
      hyperparameters: hp,
      dataDigest: dataDigest(options.trainExamples),
      hasValidation: data.validation.length > 0,
      modelBase: method.kind === 'lora' ? { kind: 'lora', adapterConfig: method.adapter!.config } : { kind: 'full', config: options.config, weights: options.weights },
      ...(generation ? { generation } : {}),
    },
    options.resumeFrom,
  );
  const start: LoopPosition = options.resumeFrom ? { ...options.resumeFrom.position } : START_POSITION;

  const trainer = await LlamaTrainer.create({
    config: options.config,
    weights: options.weights,
    method,
    schedule,
    adamw: { beta1: hp.adamBeta1, beta2: hp.adamBeta2, eps: hp.adamEpsilon, weightDecay: hp.weightDecay },
    maxGradNorm: hp.maxGradNorm,
    seed: hp.seed,
    runtime: options.runtime,
    ...(options.memoryBudgetBytes !== undefined
      ? { memory: { budgetBytes: options.memoryBudgetBytes, rows: hp.batchSize, seq: hp.maxLength, microBatches: hp.gradientAccumulationSteps } }
      : {}),
  });
  try {
    if (options.resumeFrom) trainer.restore(options.resumeFrom.trainer);
    const trainable = trainer.trainableSize();
    const plan: SftRunPlan = {
      ...length,
      warmupSteps,
      trainableTensors: trainable.tensors,
      trainableParameters: trainable.parameters,
      recomputesActivations: trainer.recomputes,
      data: data.report,
      start,
    };
    await hooks.onStart?.(plan);
    if (!options.resumeFrom) await controller.evaluateBase();

    const validationBatches = batchesInOrder(data.validation, hp.batchSize, padId);
    let lastValidation: SftValidationMetrics | undefined;
    /** Validates; `counted` validations feed early stopping, the best step and generation metrics. Returns whether to stop. */
    const validate = async (step: number, counted: boolean, atEnd: boolean): Promise<boolean> => {
      if (validationBatches.length === 0) return false;
      const { loss, meanTokenAccuracy } = await trainer.evaluate(validationBatches);
      lastValidation = { step, validLoss: loss, validMeanTokenAccuracy: meanTokenAccuracy };
      await hooks.onValidation?.(lastValidation);
      if (!counted) return false;
      return (await controller.afterValidation(step, loss, () => copyTensors(trainer.trainableFeeds()), atEnd)).stop;
    };

    let position = start;
    let trainedTokens = options.resumeFrom?.trainedTokens ?? 0;
    const capture = (): CheckpointCapture => ({ position, trainedTokens, trainer: trainer.checkpoint() });
    let lastStep: SftStepMetrics | undefined;
    let status: SupervisedTrainingResult['status'] = 'completed';
    const clock = new ProgressClock();
    if (options.validateAtStart) await validate(position.step, false, false);

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
      const state: SftRunState = { position, trainedTokens, checkpoint: () => controller.checkpointState(capture()) };
      await hooks.onStep?.(lastStep, state);
      await controller.afterStep({ step: result.step, loss: result.loss, gradNorm: result.gradNorm });
      const isLast = position.step >= length.totalSteps;
      if (!isLast && hp.evalEvery > 0 && position.step % hp.evalEvery === 0 && (await validate(position.step, true, false))) break;
      if (!isLast && controller.checkpointDue(position.step)) {
        // Every checkpoint carries the whole validation set's metrics at its step (OpenAI's full_valid_*).
        if (lastValidation?.step !== position.step) await validate(position.step, false, false);
        await controller.checkpoint(capture);
      }
    }
    if (status === 'completed' && !controller.earlyStopped && controller.lastValidationStep !== position.step) await validate(position.step, true, true);
    await controller.checkpoint(capture);

    const last: TrainedModel =
      hp.method === 'lora' ? { kind: 'lora', adapter: trainer.loraAdapter() } : { kind: 'full', config: options.config, weights: trainer.trainedWeights() };
    const delivery = controller.deliver({ step: position.step, model: last });
    if (status === 'completed') await controller.evaluateFinal(delivery);
    return {
      status,
      plan,
      position,
      trainedTokens,
      lastStep,
      lastValidation,
      model: delivery.model,
      delivered: delivery.delivered,
      ...(controller.earlyStopped ? { earlyStopped: controller.earlyStopped } : {}),
      checkpoint: () => controller.checkpointState(capture()),
    };
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
  return { kind: 'lora', lora, adapter: startingAdapter(options, lora, hp.seed) };
}

/** Validation batches: the examples in their given order, batchSize rows each. */
function batchesInOrder(examples: readonly TokenizedExample[], batchSize: number, padId: number): Batch[] {
  const batches: Batch[] = [];
  for (let k = 0; k < examples.length; k += batchSize) {
    batches.push(collateBatch(examples.slice(k, k + batchSize).map((e) => [e]), { padId, padToMultipleOf: PAD_TO_MULTIPLE_OF }));
  }
  return batches;
}
