import { dataDigest } from './data-digest';
import { evalPromptsFromSupervised } from '../evaluation/eval-prompts';
import { GenerationEvaluator } from '../evaluation/generation-evaluator';
import { runSupervisedTraining, type SupervisedTrainingHooks, type SupervisedTrainingOptions, type SupervisedTrainingResult } from '../loop/run-supervised-training';
import type { SftRunState } from '../loop/sft-metrics';
import { initLoraAdapter } from '../model/lora';
import type { CheckpointState } from './checkpoint-state';
import { parseRunControl, RUN_CONTROL_KEYS, type DeliveredCheckpoint, type EarlyStopInfo, type RunControlHooks, type RunControlOptions } from './run-control';
import { TrainingRunController, type CheckpointCapture } from './run-controller';
import type { ModelBase } from './trained-model-from';

export interface ControlledSupervisedTrainingOptions extends Omit<SupervisedTrainingOptions, 'resumeFrom'>, RunControlOptions {
  /** Continue a run from its checkpoint (loadCheckpoint), under the same hyperparameters and data. */
  resumeFrom?: CheckpointState;
}

export interface ControlledSupervisedTrainingHooks extends SupervisedTrainingHooks, RunControlHooks {}

export interface ControlledSupervisedTrainingResult extends Omit<SupervisedTrainingResult, 'checkpoint'> {
  /** Which weights `model` holds: the last step's or the best validated step's. */
  delivered: DeliveredCheckpoint;
  earlyStopped?: EarlyStopInfo;
  /** The run's whole state at `position`, for saveCheckpoint. */
  checkpoint(): CheckpointState;
}

/**
 * runSupervisedTraining with the shared run control (checkpoints with exact resume, early stopping,
 * best-checkpoint delivery, divergence guard, health warnings, generation metrics), driven through the
 * loop's hooks until the loop calls TrainingRunController itself. A checkpoint due at a step that the
 * loop validates waits for that validation (the loop validates after onStep) so it records it; early
 * stopping aborts the loop through its signal, and the result then reads 'completed' with
 * `earlyStopped` set.
 */
export async function runSupervisedTrainingWithControl(
  options: ControlledSupervisedTrainingOptions,
  hooks: ControlledSupervisedTrainingHooks = {},
): Promise<ControlledSupervisedTrainingResult> {
  // The run-control options are taken out of what the loop sees; it has none of them.
  const {
    resumeFrom: resume,
    checkpointEvery: _checkpointEvery,
    earlyStopping: _earlyStopping,
    checkpointSelection: _checkpointSelection,
    divergenceGuard: _divergenceGuard,
    health: _health,
    generationEval: _generationEval,
    ...loopOptions
  } = options;
  const control = parseRunControl(Object.fromEntries(RUN_CONTROL_KEYS.filter((k) => options[k] !== undefined).map((k) => [k, options[k]])));
  const hp = options.hyperparameters;
  const { tokenizer } = options;
  const padId = tokenizer.padTokenId ?? tokenizer.eosTokenId ?? 0;
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
  const lora = { r: hp.lora.r, alpha: hp.lora.alpha, dropout: hp.lora.dropout, targetModules: hp.lora.targetModules, useRslora: hp.lora.useRslora };
  const modelBase: ModelBase =
    hp.method === 'lora'
      ? { kind: 'lora', adapterConfig: initLoraAdapter(options.config, options.weights, lora, hp.seed, options.baseModelNameOrPath ?? null).config }
      : { kind: 'full', config: options.config, weights: options.weights };

  const stopEarly = new AbortController();
  let controller: TrainingRunController | undefined;
  let totalSteps = 0;
  let validates = false;
  /** Whether the loop validates right after `step`'s onStep (every evalEvery steps before the last; the end is handled apart). */
  const validationFollows = (step: number) => validates && step < totalSteps && hp.evalEvery > 0 && step % hp.evalEvery === 0;
  let lastState: SftRunState | undefined;
  let pending: CheckpointCapture | undefined;
  const flush = async () => {
    const capture = pending;
    pending = undefined;
    if (capture) await controller!.checkpoint(() => capture);
  };

  const result = await runSupervisedTraining(
    {
      ...loopOptions,
      ...(resume ? { resumeFrom: { checkpoint: resume.trainer, position: resume.position, trainedTokens: resume.trainedTokens } } : {}),
    },
    {
      signal: hooks.signal ? AbortSignal.any([hooks.signal, stopEarly.signal]) : stopEarly.signal,
      onStart: async (plan) => {
        totalSteps = plan.totalSteps;
        validates = plan.data.validation.examples > 0;
        controller = new TrainingRunController(
          control,
          hooks,
          {
            loop: 'sft',
            seed: hp.seed,
            schedule: { type: hp.schedule, baseLr: hp.learningRate, warmupSteps: plan.warmupSteps, totalSteps: plan.totalSteps },
            hyperparameters: hp,
            dataDigest: dataDigest(options.trainExamples),
            hasValidation: plan.data.validation.examples > 0,
            modelBase,
            ...(generation ? { generation } : {}),
          },
          resume,
        );
        await hooks.onStart?.(plan);
        if (!resume) await controller.evaluateBase();
      },
      onStep: async (metrics, state) => {
        await flush();
        lastState = state;
        await hooks.onStep?.(metrics, state);
        await controller!.afterStep({ step: metrics.step, loss: metrics.loss, gradNorm: metrics.gradNorm });
        if (metrics.step < totalSteps && controller!.checkpointDue(metrics.step)) {
          pending = { position: state.position, trainedTokens: state.trainedTokens, trainer: state.checkpoint() };
          if (!validationFollows(metrics.step)) await flush();
        }
      },
      onValidation: async (metrics) => {
        await hooks.onValidation?.(metrics);
        const state = lastState;
        if (!state) return; // before the first step of this process: reported, not counted
        const atEnd = state.position.step >= totalSteps;
        const { stop } = await controller!.afterValidation(metrics.step, metrics.validLoss, () => state.checkpoint().trainable, atEnd);
        if (stop) stopEarly.abort();
        await flush();
      },
    },
  );
  await flush();
  const run = controller!;
  const status = run.earlyStopped ? 'completed' : result.status;
  const capture = (): CheckpointCapture => ({ position: result.position, trainedTokens: result.trainedTokens, trainer: result.checkpoint() });
  await run.checkpoint(capture);
  const delivery = run.deliver({ step: result.position.step, model: result.model });
  if (status === 'completed') await run.evaluateFinal(delivery);
  return {
    ...result,
    status,
    model: delivery.model,
    delivered: delivery.delivered,
    ...(run.earlyStopped ? { earlyStopped: run.earlyStopped } : {}),
    checkpoint: () => run.checkpointState(capture()),
  };
}
