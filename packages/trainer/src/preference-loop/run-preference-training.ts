import type { LoadedTokenizer } from '@whetstone/tokenizer';
import type { CheckpointState } from '../checkpoint/checkpoint-state';
import { dataDigest } from '../checkpoint/data-digest';
import { parseRunControl, RUN_CONTROL_KEYS, type DeliveredCheckpoint, type EarlyStopInfo, type RunControlHooks, type RunControlOptions } from '../checkpoint/run-control';
import { TrainingRunController, type CheckpointCapture } from '../checkpoint/run-controller';
import { copyTensors } from '../checkpoint/trained-model-from';
import type { PreferenceExample } from '../data/examples';
import { dpoLossAtZeroMargin, parseDpoSettings } from '../dpo/dpo-settings';
import { DpoTrainer } from '../dpo/dpo-trainer';
import { evalPromptsFromPreference } from '../evaluation/eval-prompts';
import { GenerationEvaluator } from '../evaluation/generation-evaluator';
import type { DpoPoint } from '../evaluation/health/health-warning';
import { START_POSITION, type LoopPosition } from '../loop/loop-position';
import { ProgressClock } from '../loop/progress-clock';
import type { TrainedModel } from '../loop/trained-model';
import { warmupStepsFor } from '../loop/training-length';
import type { LlamaConfig } from '../model/llama-config';
import type { LoraAdapter } from '../io/lora/lora-adapter';
import { startingAdapter } from '../model/starting-adapter';
import type { LrSchedule } from '../optim/lr-schedule';
import type { RuntimeConfig } from '../runtime/runtime-config';
import type { HostTensor } from '../tensor/host-tensor';
import type { TrainingMethod } from '../train/llama-trainer';
import { PreferenceBatchSource, preferenceBatchesInOrder } from './preference-batch-source';
import type { PreferenceHyperparameters } from './preference-hyperparameters';
import type { PreferenceRunPlan, PreferenceRunState, PreferenceStepMetrics, PreferenceValidationMetrics } from './preference-metrics';
import { preparePreferenceData } from './prepare-preference-data';

/** Micro-batches are padded to a multiple of 8 tokens, as the supervised loop does. */
const PAD_TO_MULTIPLE_OF = 8;

export interface PreferenceTrainingOptions extends RunControlOptions {
  config: LlamaConfig;
  /** Base model weights (float32, HF names); never mutated. Also the DPO reference model. */
  weights: ReadonlyMap<string, HostTensor>;
  tokenizer: LoadedTokenizer;
  trainExamples: readonly PreferenceExample[];
  validationExamples?: readonly PreferenceExample[];
  /** Parsed with parsePreferenceHyperparameters. */
  hyperparameters: PreferenceHyperparameters;
  runtime?: Partial<RuntimeConfig>;
  /**
   * Bytes this training process may use (the worker's memory). The trainer recomputes activations
   * when the memory model says a micro-batch of the longest rows would not fit otherwise.
   */
  memoryBudgetBytes?: number;
  /** Recorded in the adapter's base_model_name_or_path. */
  baseModelNameOrPath?: string;
  /** Also measure the validation set before the first step (reported, not counted for early stopping or the best step). */
  validateAtStart?: boolean;
  /** Continue a run from its checkpoint (loadCheckpoint), under the same hyperparameters and data. */
  resumeFrom?: CheckpointState;
  /**
   * LoRA warm start: train on from this adapter instead of a fresh init (rank, alpha and targets must
   * be the run's). The reference model stays `weights` without the adapter, as TRL does for PEFT models.
   */
  initialAdapter?: LoraAdapter;
}

export interface PreferenceTrainingHooks extends RunControlHooks {
  /** Checked before every optimizer step: an aborted run stops after at most the step in progress. */
  signal?: AbortSignal;
  onStart?(plan: PreferenceRunPlan): void | Promise<void>;
  onStep?(metrics: PreferenceStepMetrics, state: PreferenceRunState): void | Promise<void>;
  onValidation?(metrics: PreferenceValidationMetrics): void | Promise<void>;
}

export interface PreferenceTrainingResult {
  /** 'completed' includes a run ended by early stopping (see earlyStopped). */
  status: 'completed' | 'cancelled';
  plan: PreferenceRunPlan;
  /** Where the run stopped. */
  position: LoopPosition;
  trainedTokens: number;
  lastStep?: PreferenceStepMetrics;
  lastValidation?: PreferenceValidationMetrics;
  /** The delivered adapter (LoRA) or weights (full): the last step's, or the best validated step's (checkpointSelection). */
  model: TrainedModel;
  delivered: DeliveredCheckpoint;
  earlyStopped?: EarlyStopInfo;
  /** The run's state at `position`, for saveCheckpoint. */
  checkpoint(): CheckpointState;
}

/**
 * Preference tuning (DPO, IPO or hinge) of a Llama model, LoRA or full, shaped like
 * runSupervisedTraining: tokenizes the pairs, scores every sequence once with the frozen reference
 * (in dataset order, so the numbers do not depend on where a run resumes), serves shuffled
 * micro-batches of pairs, accumulates them into optimizer steps, reports TRL-named metrics after every
 * step, validates every `evalEvery` steps and at the end, stops when the signal is aborted. The shared
 * run control adds checkpoints (exact resume), early stopping, best-checkpoint delivery, the divergence
 * guard, health warnings and generation metrics before, during and after training.
 */
export async function runPreferenceTraining(options: PreferenceTrainingOptions, hooks: PreferenceTrainingHooks = {}): Promise<PreferenceTrainingResult> {
  const hp = options.hyperparameters;
  const control = parseRunControl(Object.fromEntries(RUN_CONTROL_KEYS.filter((k) => options[k] !== undefined).map((k) => [k, options[k]])));
  const dpo = parseDpoSettings({ beta: hp.beta, labelSmoothing: hp.labelSmoothing, lossType: hp.lossType });
  const { tokenizer } = options;
  const validationExamples = options.validationExamples ?? [];
  const data = preparePreferenceData(tokenizer, options.trainExamples, validationExamples, hp.maxLength);
  const padId = tokenizer.padTokenId ?? tokenizer.eosTokenId ?? 0;
  const source = new PreferenceBatchSource(data.train, {
    batchSize: hp.batchSize,
    gradientAccumulationSteps: hp.gradientAccumulationSteps,
    seed: hp.seed,
    shuffle: hp.shuffle,
    padId,
    padToMultipleOf: PAD_TO_MULTIPLE_OF,
  });
  const length = source.length({ epochs: hp.epochs, maxSteps: hp.maxSteps });
  const warmupSteps = warmupStepsFor(length.totalSteps, hp);
  const schedule: LrSchedule = { type: hp.schedule, baseLr: hp.learningRate, warmupSteps, totalSteps: length.totalSteps };
  const method = trainingMethod(options);
  const generation = control.generationEval
    ? new GenerationEvaluator(
        options.config,
        options.weights,
        evalPromptsFromPreference(tokenizer, validationExamples, control.generationEval.maxPrompts),
        control.generationEval,
        {
          decode: (ids) => tokenizer.decode(ids, { skipSpecialTokens: true }),
          eosTokenIds: [tokenizer.eosTokenId ?? padId],
          padTokenId: padId,
        },
        options.runtime,
      )
    : undefined;
  const controller = new TrainingRunController(
    control,
    hooks,
    {
      loop: 'preference',
      seed: hp.seed,
      schedule,
      hyperparameters: hp,
      dataDigest: dataDigest(options.trainExamples),
      hasValidation: data.validation.length > 0,
      modelBase: method.kind === 'lora' ? { kind: 'lora', adapterConfig: method.adapter!.config } : { kind: 'full', config: options.config, weights: options.weights },
      dpoLossAtZeroMargin: dpoLossAtZeroMargin(dpo),
      ...(generation ? { generation } : {}),
    },
    options.resumeFrom,
  );

  const trainer = await DpoTrainer.create({
    config: options.config,
    weights: options.weights,
    method,
    schedule,
    adamw: { beta1: hp.adamBeta1, beta2: hp.adamBeta2, eps: hp.adamEpsilon, weightDecay: hp.weightDecay },
    maxGradNorm: hp.maxGradNorm,
    seed: hp.seed,
    runtime: options.runtime,
    ...(options.memoryBudgetBytes !== undefined
      ? { memory: { budgetBytes: options.memoryBudgetBytes, rows: 2 * hp.batchSize, seq: hp.maxLength, microBatches: hp.gradientAccumulationSteps } }
      : {}),
    dpo,
  });
  try {
    const resume = options.resumeFrom;
    if (resume) trainer.restore(resume.trainer);
    const start: LoopPosition = resume ? { ...resume.position } : START_POSITION;
    const trainable = trainer.trainableSize();
    const plan: PreferenceRunPlan = { ...length, warmupSteps, trainableTensors: trainable.tensors, trainableParameters: trainable.parameters, recomputesActivations: trainer.recomputes, data: data.report, start };
    await hooks.onStart?.(plan);

    // The reference scores every sequence once, in dataset order: the values then do not depend on
    // which batch first holds a sequence, which would differ between a run and its resume.
    const validationBatches = preferenceBatchesInOrder(data.validation, hp.batchSize, padId, PAD_TO_MULTIPLE_OF);
    for (const batch of [...preferenceBatchesInOrder(data.train, hp.batchSize, padId, PAD_TO_MULTIPLE_OF), ...validationBatches]) {
      await trainer.reference.forBatch(batch);
    }
    if (!resume) await controller.evaluateBase();

    let position = start;
    let trainedTokens = resume?.trainedTokens ?? 0;
    let lastStep: PreferenceStepMetrics | undefined;
    let lastValidation: PreferenceValidationMetrics | undefined;
    let status: PreferenceTrainingResult['status'] = 'completed';
    const capture = (): CheckpointCapture => ({ position, trainedTokens, trainer: trainer.checkpoint() });
    /** Validates; `counted` validations feed early stopping, the best step and generation metrics. Returns whether to stop. */
    const validate = async (step: number, counted: boolean, atEnd: boolean): Promise<boolean> => {
      if (validationBatches.length === 0) return false;
      const { loss, ...metrics } = await trainer.evaluate(validationBatches);
      lastValidation = { step, validLoss: loss, ...metrics };
      await hooks.onValidation?.(lastValidation);
      if (!counted) return false;
      return (await controller.afterValidation(step, loss, () => copyTensors(trainer.trainableFeeds()), atEnd)).stop;
    };

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
        'rewards/chosen': result['rewards/chosen'],
        'rewards/rejected': result['rewards/rejected'],
        'rewards/accuracies': result['rewards/accuracies'],
        'rewards/margins': result['rewards/margins'],
        'logps/chosen': result['logps/chosen'],
        'logps/rejected': result['logps/rejected'],
        learning_rate: result.learningRate,
        grad_norm: result.gradNorm,
        'tokens/s': batches.tokens / Math.max(stepSeconds, 1e-9),
        pairs: result.pairs,
        trainedTokens,
        elapsedSeconds: clock.elapsedSeconds,
        etaSeconds: clock.etaSeconds(length.totalSteps - position.step),
      };
      const state: PreferenceRunState = { position, trainedTokens, checkpoint: () => controller.checkpointState(capture()) };
      await hooks.onStep?.(lastStep, state);
      const point: DpoPoint = {
        step: result.step,
        loss: result.loss,
        gradNorm: result.gradNorm,
        'rewards/chosen': result['rewards/chosen'],
        'rewards/rejected': result['rewards/rejected'],
        'rewards/accuracies': result['rewards/accuracies'],
      };
      await controller.afterStep(point);
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

    const last: TrainedModel = hp.method === 'lora' ? { kind: 'lora', adapter: trainer.loraAdapter() } : { kind: 'full', config: options.config, weights: trainer.trainedWeights() };
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
      // The trainer's tensors outlive its sessions, so this works after the run returns.
      checkpoint: () => controller.checkpointState(capture()),
    };
  } finally {
    await trainer.close();
  }
}

function trainingMethod(options: PreferenceTrainingOptions): TrainingMethod {
  const hp = options.hyperparameters;
  if (hp.method === 'full') return { kind: 'full' };
  const lora = { r: hp.lora.r, alpha: hp.lora.alpha, dropout: hp.lora.dropout, targetModules: hp.lora.targetModules, useRslora: hp.lora.useRslora };
  return { kind: 'lora', lora, adapter: startingAdapter(options, lora, hp.seed) };
}
