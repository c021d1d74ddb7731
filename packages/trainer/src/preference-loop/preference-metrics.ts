import type { DpoMetrics } from '../dpo/dpo-metrics';
import type { RunPlan, RunState } from '../loop/run-training';
import type { PreferenceDataReport } from './prepare-preference-data';

/** Reported after every optimizer step; the training metrics carry TRL's names, so logs read like a TRL run's. */
export interface PreferenceStepMetrics {
  /** Optimizer steps completed, this one included. */
  step: number;
  totalSteps: number;
  /** Epochs completed, fractional. */
  epoch: number;
  /** DPO loss of this step's pairs, before its update. */
  loss: number;
  'rewards/chosen': number;
  'rewards/rejected': number;
  /** Share of this step's pairs whose chosen reward is above the rejected one. */
  'rewards/accuracies': number;
  'rewards/margins': number;
  'logps/chosen': number;
  'logps/rejected': number;
  learning_rate: number;
  /** Global gradient norm before clipping. */
  grad_norm: number;
  /** Real tokens (both sequences of each pair) of this step per second of its wall time. */
  'tokens/s': number;
  /** Pairs in this step. */
  pairs: number;
  /** Real tokens processed since the run began, resumed steps included. */
  trainedTokens: number;
  elapsedSeconds: number;
  etaSeconds: number;
}

/** DPO loss and reward metrics on the held-out pairs after `step` optimizer steps. */
export interface PreferenceValidationMetrics extends Omit<DpoMetrics, 'loss'> {
  step: number;
  /** The DPO loss on the held-out pairs (TRL's eval_loss). */
  validLoss: number;
}

/** The shape of the run, known before the first step. */
export type PreferenceRunPlan = RunPlan<PreferenceDataReport>;

/** Handed to onStep: where the loop stands, and its whole state for a checkpoint. */
export type PreferenceRunState = RunState;
