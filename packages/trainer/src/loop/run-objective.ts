import type { LoadedTokenizer } from '@whetstone/tokenizer';
import type { TrainingLoopKind } from '../checkpoint/checkpoint-state';
import type { Batch } from '../data/batch';
import type { EvalPrompt } from '../evaluation/run-generation-eval';
import type { LossPoint } from '../evaluation/health/health-warning';
import type { StepBookkeeping, Trainer, TrainerOptions } from '../train/trainer';
import type { StepBatches } from './batch-source';
import type { LoopPosition } from './loop-position';
import type { SftHyperparameters } from './sft-hyperparameters';
import type { TrainingLength } from './training-length';

/** The knobs every run has, whatever its objective (commonTrainingFields plus the learning rate). */
export type CommonHyperparameters = Omit<SftHyperparameters, 'packing'>;

/** A run's data, tokenized and ready to serve. */
export interface PreparedData<Report> {
  /** Serves any step from its position (a pure function of it, so a resumed run gets the same batches). */
  step(position: LoopPosition): StepBatches;
  length: TrainingLength;
  /** The held-out set in its given order. */
  validationBatches: Batch[];
  report: { train: Report; validation: Report };
  /** Every batch in dataset order, for an objective that primes itself before the first step (TrainingObjective.prime). */
  primeBatches?(): Batch[];
}

/** What the loop measured for a step, reported with the objective's metrics. */
export interface StepProgress extends StepBookkeeping {
  totalSteps: number;
  /** Epochs completed, fractional (1.5 = halfway through the second epoch). */
  epoch: number;
  /** Real (non-padding) tokens of this step per second of its wall time. */
  tokensPerSecond: number;
  /** Real tokens processed since the run began, resumed steps included. */
  trainedTokens: number;
  /** Wall seconds since this process started the run. */
  elapsedSeconds: number;
  /** Estimated seconds until the last step. */
  etaSeconds: number;
}

/**
 * The part of a training run that depends on its objective: how examples become batches, which trainer
 * runs them, and how its metrics are named. runTraining does the rest, the same for every objective.
 */
export interface RunObjective<Example, HP extends CommonHyperparameters, M extends { loss: number }, Step, Validation, Report> {
  /** Recorded in checkpoints: a checkpoint resumes only under the same kind of loop. */
  loop: TrainingLoopKind;
  prepare(tokenizer: LoadedTokenizer, train: readonly Example[], validation: readonly Example[], hp: HP, padId: number): PreparedData<Report>;
  /** Prompts for generation metrics, from the validation examples. */
  evalPrompts(tokenizer: LoadedTokenizer, validation: readonly Example[], max: number): EvalPrompt[];
  /** Sequences per micro-batch (for the memory plan). */
  rowsPerMicroBatch(hp: HP): number;
  createTrainer(options: TrainerOptions, hp: HP): Promise<Trainer<M>>;
  /** The loss when the policy equals its reference (preference objectives): turns on their health checks. */
  lossAtZeroMargin?(hp: HP): number;
  stepMetrics(result: M & StepBookkeeping, progress: StepProgress): Step;
  /** What the health monitor records of a step. */
  healthPoint(result: M & StepBookkeeping): LossPoint;
  validationMetrics(step: number, metrics: M): Validation;
}
