import type { GenerationEvaluator, EvaluationStage } from '../evaluation/generation-evaluator';
import type { LossPoint } from '../evaluation/health/health-warning';
import { RunHealthMonitor } from '../evaluation/health/run-health-monitor';
import { TrainingDivergedError } from '../evaluation/health/training-diverged-error';
import type { GenerationEvalResult } from '../evaluation/run-generation-eval';
import type { LoopPosition } from '../loop/loop-position';
import type { TrainedModel } from '../loop/trained-model';
import type { LrSchedule } from '../optim/lr-schedule';
import type { HostTensor } from '../tensor/host-tensor';
import type { TrainerCheckpoint } from '../train/trainer';
import { BestCheckpoint } from './best-checkpoint';
import { CheckpointError } from './checkpoint-error';
import type { CheckpointState, TrainingLoopKind } from './checkpoint-state';
import { EarlyStopping } from './early-stopping';
import { checkResumable } from './resume-compatibility';
import type { DeliveredCheckpoint, EarlyStopInfo, RunControl, RunControlHooks } from './run-control';
import { trainedModelFrom, type ModelBase } from './trained-model-from';

/** What the loop tells the controller about its run. */
export interface RunControlContext {
  loop: TrainingLoopKind;
  seed: number;
  schedule: LrSchedule;
  /** The run's hyperparameters, JSON-serialisable (checked again on resume). */
  hyperparameters: Record<string, unknown>;
  dataDigest: string;
  hasValidation: boolean;
  /** Completes trainable tensors into a deliverable model. */
  modelBase: ModelBase;
  /** DPO runs: the loss when policy = reference (dpoLossAtZeroMargin); enables the DPO health checks. */
  dpoLossAtZeroMargin?: number;
  /** Present when the run evaluates generations (RunControl.generationEval). */
  generation?: GenerationEvaluator;
}

/** The loop's own part of a checkpoint, taken right after an optimizer step. */
export interface CheckpointCapture {
  position: LoopPosition;
  trainedTokens: number;
  trainer: TrainerCheckpoint;
}

/**
 * The run-control logic both training loops share, called at fixed points of a loop: after each
 * optimizer step (health checks, divergence guard), after each validation (early stopping, best step,
 * overfitting, generation metrics), when a checkpoint is due, and at the end (which weights to
 * deliver, final generation metrics). It owns everything a checkpoint holds besides the trainer's
 * tensors and the loop position, and restores it on resume.
 */
export class TrainingRunController {
  private readonly earlyStopping?: EarlyStopping;
  private readonly best: BestCheckpoint;
  private readonly health: RunHealthMonitor;
  private lastValidation?: { step: number; validLoss: number };
  private lastCheckpointStep?: number;
  private stoppedEarly?: EarlyStopInfo;

  constructor(
    readonly control: RunControl,
    private readonly hooks: RunControlHooks,
    private readonly context: RunControlContext,
    resumeFrom?: CheckpointState,
  ) {
    if (!context.hasValidation) {
      if (control.earlyStopping) throw new Error('early stopping needs validation examples');
      if (control.checkpointSelection === 'best') throw new Error("checkpointSelection 'best' needs validation examples");
    }
    const tracking = resumeFrom?.tracking;
    if (resumeFrom) {
      checkResumable(resumeFrom, context);
      if (control.checkpointSelection === 'best' && tracking?.best && !resumeFrom.bestTrainable) {
        throw new CheckpointError('incompatible', `cannot resume with checkpointSelection 'best': the checkpoint does not hold the weights of its best step ${tracking.best.step}`);
      }
      this.lastCheckpointStep = resumeFrom.position.step;
    }
    if (control.earlyStopping) this.earlyStopping = new EarlyStopping(control.earlyStopping, tracking?.earlyStopping);
    this.best = new BestCheckpoint(control.checkpointSelection === 'best', { best: tracking?.best, weights: resumeFrom?.bestTrainable });
    const dpo = context.dpoLossAtZeroMargin === undefined ? undefined : { lossAtZeroMargin: context.dpoLossAtZeroMargin, ...control.health.dpoNotLearning, ...control.health.accuracySaturated };
    this.health = new RunHealthMonitor(
      { totalSteps: context.schedule.totalSteps, divergence: control.divergenceGuard || {}, overfitting: control.health.overfitting, dpo },
      tracking?.health,
    );
    this.lastValidation = tracking?.lastValidation && { ...tracking.lastValidation };
  }

  /** The step of the last counted validation, restored on resume (the loop skips re-validating it at the end). */
  get lastValidationStep(): number | undefined {
    return this.lastValidation?.step;
  }

  /** Set once early stopping has ended the run. */
  get earlyStopped(): EarlyStopInfo | undefined {
    return this.stoppedEarly;
  }

  /** Generation metrics of the base model (a fresh run, before its first step). */
  async evaluateBase(): Promise<void> {
    await this.evaluate('base', 0);
  }

  /** After each optimizer step: health warnings; throws TrainingDivergedError when the guard is on and the run diverged. */
  async afterStep(point: LossPoint): Promise<void> {
    const warnings = this.health.recordStep(point);
    for (const warning of warnings) await this.hooks.onWarning?.(warning);
    const divergence = warnings.find((w) => w.severity === 'error');
    if (divergence && this.control.divergenceGuard !== false) throw new TrainingDivergedError(divergence);
  }

  /**
   * After a validation the run counts (not one made before training starts): overfitting warning,
   * best step (copying the weights when the run delivers its best), early stopping, and generation
   * metrics of the current weights unless this validation ends the run (the final evaluation follows).
   * `trainable` copies the current trainable tensors.
   */
  async afterValidation(step: number, validLoss: number, trainable: () => Map<string, HostTensor>, atEnd: boolean): Promise<{ stop: boolean }> {
    this.lastValidation = { step, validLoss };
    for (const warning of this.health.recordValidation({ step, loss: validLoss })) await this.hooks.onWarning?.(warning);
    let copy: Map<string, HostTensor> | undefined;
    const current = () => (copy ??= trainable());
    this.best.observe(step, validLoss, current);
    const verdict = this.earlyStopping?.observe(step, validLoss);
    const stop = !atEnd && verdict?.shouldStop === true;
    if (stop) {
      const state = this.earlyStopping!.state;
      this.stoppedEarly = { step, bestStep: state.bestStep ?? step, bestValidLoss: state.bestLoss ?? validLoss };
    }
    if (!atEnd && !stop) await this.evaluate('checkpoint', step, () => trainedModelFrom(this.context.modelBase, current()));
    return { stop };
  }

  /** Whether a periodic checkpoint is due after `step` (never without an onCheckpoint hook). */
  checkpointDue(step: number): boolean {
    return this.hooks.onCheckpoint !== undefined && this.control.checkpointEvery > 0 && step % this.control.checkpointEvery === 0;
  }

  /** Hands a checkpoint to onCheckpoint (once per step: a second call at the same step does nothing). */
  async checkpoint(capture: () => CheckpointCapture): Promise<void> {
    if (!this.hooks.onCheckpoint) return;
    const state = this.checkpointState(capture());
    if (this.lastCheckpointStep === state.position.step) return;
    this.lastCheckpointStep = state.position.step;
    await this.hooks.onCheckpoint(state);
  }

  /** The whole state of the run now: the loop's capture plus what the controller tracks. */
  checkpointState(capture: CheckpointCapture): CheckpointState {
    const { loop, seed, schedule, hyperparameters, dataDigest } = this.context;
    if (capture.trainer.step !== capture.position.step) throw new Error(`checkpoint: the trainer is at step ${capture.trainer.step} but the loop at step ${capture.position.step}`);
    const bestTrainable = this.best.weights;
    return {
      loop,
      position: { ...capture.position },
      trainedTokens: capture.trainedTokens,
      trainer: capture.trainer,
      schedule: { ...schedule },
      rng: { seed },
      run: { hyperparameters, dataDigest },
      tracking: {
        ...(this.lastValidation ? { lastValidation: { ...this.lastValidation } } : {}),
        ...(this.earlyStopping ? { earlyStopping: this.earlyStopping.state } : {}),
        ...(this.best.best ? { best: this.best.best } : {}),
        health: this.health.state,
      },
      ...(bestTrainable ? { bestTrainable } : {}),
    };
  }

  /** The weights the run delivers: the best validated step's when asked and known, else the last step's. */
  deliver(last: { step: number; model: TrainedModel }): { model: TrainedModel; delivered: DeliveredCheckpoint } {
    const best = this.best.best;
    if (this.control.checkpointSelection === 'best' && best) {
      const model = best.step === last.step ? last.model : trainedModelFrom(this.context.modelBase, this.best.weights!);
      return { model, delivered: { step: best.step, selection: 'best', validLoss: best.validLoss } };
    }
    const validLoss = this.lastValidation?.step === last.step ? this.lastValidation.validLoss : undefined;
    return { model: last.model, delivered: { step: last.step, selection: 'last', ...(validLoss !== undefined ? { validLoss } : {}) } };
  }

  /** Generation metrics of the delivered model. */
  async evaluateFinal(delivered: { model: TrainedModel; delivered: DeliveredCheckpoint }): Promise<void> {
    await this.evaluate('final', delivered.delivered.step, () => delivered.model);
  }

  private async evaluate(stage: EvaluationStage, step: number, model?: () => TrainedModel): Promise<void> {
    const { generation } = this.context;
    if (!generation || !this.hooks.onEvaluation) return;
    const result: GenerationEvalResult = await generation.evaluate(model?.());
    await this.hooks.onEvaluation({ step, stage, metrics: result.metrics, samples: result.samples });
  }
}
