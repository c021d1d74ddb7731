import type { LoadedTokenizer } from '@whetstone/tokenizer';
import type { CheckpointState, TrainingLoopKind } from '../checkpoint/checkpoint-state';
import { dataDigest } from '../checkpoint/data-digest';
import { parseRunControl, RUN_CONTROL_KEYS, type DeliveredCheckpoint, type EarlyStopInfo, type RunControlHooks, type RunControlOptions } from '../checkpoint/run-control';
import { TrainingRunController, type CheckpointCapture } from '../checkpoint/run-controller';
import { copyTensors } from '../checkpoint/trained-model-from';
import { GenerationEvaluator } from '../evaluation/generation-evaluator';
import type { LlamaConfig } from '../model/llama-config';
import type { LoraAdapter } from '../io/lora/lora-adapter';
import { startingAdapter } from '../model/starting-adapter';
import type { LrSchedule } from '../optim/lr-schedule';
import type { RuntimeConfig } from '../runtime/runtime-config';
import type { HostTensor } from '../tensor/host-tensor';
import type { TrainingMethod } from '../train/trainer';
import { START_POSITION, type LoopPosition } from './loop-position';
import { ProgressClock } from './progress-clock';
import type { CommonHyperparameters, RunObjective } from './run-objective';
import type { TrainedModel } from './trained-model';
import { warmupStepsFor } from './training-length';

export interface TrainingOptions<Example, HP> extends RunControlOptions {
  config: LlamaConfig;
  /** Base model weights (float32, HF names); never mutated unless `trainInPlace`. */
  weights: ReadonlyMap<string, HostTensor>;
  /**
   * The caller hands `weights` over: supervised full fine-tuning trains these arrays themselves, so the
   * model is held once (the base model's generation metrics are measured before the first step), and
   * they hold the trained weights afterwards. Full DPO still copies them (its reference is the base model).
   */
  trainInPlace?: boolean;
  /** The model's tokenizer; its chat template renders chat examples. */
  tokenizer: LoadedTokenizer;
  trainExamples: readonly Example[];
  validationExamples?: readonly Example[];
  hyperparameters: HP;
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
  /** Continue a run from its checkpoint (onCheckpoint / state.checkpoint() / loadCheckpoint), under the same hyperparameters and data. */
  resumeFrom?: CheckpointState;
  /**
   * LoRA warm start: train on from this adapter (a previous run's) instead of a fresh init; its rank,
   * alpha and target modules must be the run's. A full warm start passes the parent's `weights`.
   * DPO's reference stays `weights` without the adapter, as TRL does for PEFT models.
   */
  initialAdapter?: LoraAdapter;
}

/** The shape of the run, known before the first step. */
export interface RunPlan<Report> {
  totalSteps: number;
  stepsPerEpoch: number;
  epochs: number;
  warmupSteps: number;
  /** The trainable tensors and their total size. */
  trainableTensors: number;
  trainableParameters: number;
  /** Whether the training graph recomputes each layer's activations (the memory budget asked for it). */
  recomputesActivations: boolean;
  data: { train: Report; validation: Report };
  /** Where the run starts (not the origin when resuming). */
  start: LoopPosition;
}

/** Handed to onStep: the loop's exact state after the step, for checkpointing. */
export interface RunState {
  position: LoopPosition;
  trainedTokens: number;
  /** The run's whole state now, for saveCheckpoint (copies the trainable tensors and optimizer moments: call when saving). */
  checkpoint(): CheckpointState;
}

export interface TrainingHooks<Plan, Step, Validation> extends RunControlHooks {
  /**
   * Checked before every optimizer step and between its micro-batches: an aborted run stops within the
   * micro-batch in progress, and a step it interrupts is not taken (the run stays at the step before).
   */
  signal?: AbortSignal;
  onStart?(plan: Plan): void | Promise<void>;
  onStep?(metrics: Step, state: RunState): void | Promise<void>;
  onValidation?(metrics: Validation): void | Promise<void>;
}

export interface TrainingResult<Plan, Step, Validation> {
  /** 'completed' includes a run ended by early stopping (see earlyStopped). */
  status: 'completed' | 'cancelled';
  plan: Plan;
  /** Where the run stopped: resuming from here with `checkpoint()` continues it exactly. */
  position: LoopPosition;
  trainedTokens: number;
  lastStep?: Step;
  lastValidation?: Validation;
  /** The delivered adapter (LoRA) or weights (full): the last step's, or the best validated step's (checkpointSelection). */
  model: TrainedModel;
  delivered: DeliveredCheckpoint;
  /** Set when early stopping ended the run (status is then 'completed'). */
  earlyStopped?: EarlyStopInfo;
  /** The run's whole state at `position`, for saveCheckpoint or resumeFrom. */
  checkpoint(): CheckpointState;
}

/**
 * The one training loop, for every objective: prepares the data, serves shuffled micro-batches,
 * accumulates them into optimizer steps, reports metrics after every step, validates every `evalEvery`
 * steps and at the end, and stops when the signal is aborted. The shared run control
 * (TrainingRunController) adds checkpoints with exact resume, early stopping, best-checkpoint delivery,
 * the divergence guard, health warnings and generation metrics before, during and after training.
 */
export async function runTraining<Example, HP extends CommonHyperparameters, M extends { loss: number }, Step, Validation, Report>(
  objective: RunObjective<Example, HP, M, Step, Validation, Report>,
  options: TrainingOptions<Example, HP>,
  hooks: TrainingHooks<RunPlan<Report>, Step, Validation> = {},
): Promise<TrainingResult<RunPlan<Report>, Step, Validation>> {
  const hp = options.hyperparameters;
  const control = parseRunControl(Object.fromEntries(RUN_CONTROL_KEYS.filter((k) => options[k] !== undefined).map((k) => [k, options[k]])));
  const { tokenizer } = options;
  const validationExamples = options.validationExamples ?? [];
  const padId = tokenizer.padTokenId ?? tokenizer.eosTokenId ?? 0;
  const data = objective.prepare(tokenizer, options.trainExamples, validationExamples, hp, padId);
  const { length } = data;
  const warmupSteps = warmupStepsFor(length.totalSteps, hp);
  const schedule: LrSchedule = { type: hp.schedule, baseLr: hp.learningRate, warmupSteps, totalSteps: length.totalSteps };
  const method = trainingMethod(options, objective.loop);
  const generation = control.generationEval
    ? new GenerationEvaluator(
        options.config,
        options.weights,
        objective.evalPrompts(tokenizer, validationExamples, control.generationEval.maxPrompts),
        control.generationEval,
        { decode: (ids) => tokenizer.decode(ids, { skipSpecialTokens: true }), eosTokenIds: [tokenizer.eosTokenId ?? padId], padTokenId: padId },
        options.runtime,
      )
    : undefined;
  const lossAtZeroMargin = objective.lossAtZeroMargin?.(hp);
  const controller = new TrainingRunController(
    control,
    hooks,
    {
      loop: objective.loop,
      seed: hp.seed,
      schedule,
      hyperparameters: hp,
      dataDigest: dataDigest(options.trainExamples),
      hasValidation: data.validationBatches.length > 0,
      modelBase: method.kind === 'lora' ? { kind: 'lora', adapterConfig: method.adapter!.config } : { kind: 'full', config: options.config, weights: options.weights },
      ...(lossAtZeroMargin !== undefined ? { dpoLossAtZeroMargin: lossAtZeroMargin } : {}),
      ...(generation ? { generation } : {}),
    },
    options.resumeFrom,
  );

  const trainer = await objective.createTrainer(
    {
      config: options.config,
      weights: options.weights,
      method,
      schedule,
      adamw: { beta1: hp.adamBeta1, beta2: hp.adamBeta2, eps: hp.adamEpsilon, weightDecay: hp.weightDecay },
      maxGradNorm: hp.maxGradNorm,
      seed: hp.seed,
      runtime: options.runtime,
      ...(options.memoryBudgetBytes !== undefined
        ? { memory: { budgetBytes: options.memoryBudgetBytes, rows: objective.rowsPerMicroBatch(hp), seq: hp.maxLength, microBatches: hp.gradientAccumulationSteps } }
        : {}),
    },
    hp,
  );
  try {
    const resume = options.resumeFrom;
    if (resume) trainer.restore(resume.trainer);
    const start: LoopPosition = resume ? { ...resume.position } : START_POSITION;
    const trainable = trainer.trainableSize();
    const plan: RunPlan<Report> = {
      ...length,
      warmupSteps,
      trainableTensors: trainable.tensors,
      trainableParameters: trainable.parameters,
      recomputesActivations: trainer.recomputes,
      data: data.report,
      start,
    };
    await hooks.onStart?.(plan);
    if (data.primeBatches && trainer.objective.prime) await trainer.objective.prime(data.primeBatches());
    if (!resume) await controller.evaluateBase();

    let position = start;
    let trainedTokens = resume?.trainedTokens ?? 0;
    let lastStep: Step | undefined;
    let lastValidation: { step: number; metrics: Validation } | undefined;
    let status: 'completed' | 'cancelled' = 'completed';
    const capture = (): CheckpointCapture => ({ position, trainedTokens, trainer: trainer.checkpoint() });
    /** Validates; `counted` validations feed early stopping, the best step and generation metrics. Returns whether to stop. */
    const validate = async (step: number, counted: boolean, atEnd: boolean): Promise<boolean> => {
      if (data.validationBatches.length === 0) return false;
      const metrics = await trainer.evaluate(data.validationBatches);
      lastValidation = { step, metrics: objective.validationMetrics(step, metrics) };
      await hooks.onValidation?.(lastValidation.metrics);
      if (!counted) return false;
      return (await controller.afterValidation(step, metrics.loss, () => copyTensors(trainer.trainableFeeds()), atEnd)).stop;
    };

    const clock = new ProgressClock();
    if (options.validateAtStart) await validate(position.step, false, false);
    while (position.step < length.totalSteps) {
      if (hooks.signal?.aborted) {
        status = 'cancelled';
        break;
      }
      const stepStarted = performance.now();
      const batches = data.step(position);
      const result = await trainer.trainStepOrAbort(batches.microBatches, hooks.signal);
      if (!result) {
        status = 'cancelled'; // aborted between micro-batches: the step was not taken
        break;
      }
      const stepSeconds = (performance.now() - stepStarted) / 1000;
      position = batches.next;
      trainedTokens += batches.tokens;
      clock.stepDone();
      lastStep = objective.stepMetrics(result, {
        step: result.step,
        totalSteps: length.totalSteps,
        epoch: batches.epochProgress,
        learningRate: result.learningRate,
        gradNorm: result.gradNorm,
        tokensPerSecond: batches.tokens / Math.max(stepSeconds, 1e-9),
        trainedTokens,
        elapsedSeconds: clock.elapsedSeconds,
        etaSeconds: clock.etaSeconds(length.totalSteps - position.step),
      });
      await hooks.onStep?.(lastStep, { position, trainedTokens, checkpoint: () => controller.checkpointState(capture()) });
      await controller.afterStep(objective.healthPoint(result));
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
      lastValidation: lastValidation?.metrics,
      model: delivery.model,
      delivered: delivery.delivered,
      ...(controller.earlyStopped ? { earlyStopped: controller.earlyStopped } : {}),
      // Sessions are closed below; the trainer's tensors stay readable, so this works after the run returns.
      checkpoint: () => controller.checkpointState(capture()),
    };
  } finally {
    await trainer.close();
  }
}

/**
 * Full fine-tuning (in place when the caller handed its weights over and the objective needs no base
 * model: not DPO), or LoRA starting from a warm start's adapter or the seed's init, named after the base
 * model for adapter_config.json.
 */
function trainingMethod<HP extends CommonHyperparameters>(options: TrainingOptions<unknown, HP>, loop: TrainingLoopKind): TrainingMethod {
  const hp = options.hyperparameters;
  if (hp.method === 'full') return { kind: 'full', inPlace: options.trainInPlace === true && loop === 'sft' };
  const lora = { r: hp.lora.r, alpha: hp.lora.alpha, dropout: hp.lora.dropout, targetModules: hp.lora.targetModules, useRslora: hp.lora.useRslora };
  return { kind: 'lora', lora, adapter: startingAdapter(options, lora, hp.seed) };
}
