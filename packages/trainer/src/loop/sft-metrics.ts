import type { SftDataReport } from './prepare-sft-data';
import type { RunPlan, RunState } from './run-training';
import type { StepProgress } from './run-objective';

/** Reported after every optimizer step. */
export interface SftStepMetrics extends StepProgress {
  /** Weighted mean token loss of this step's batch, before its update. */
  loss: number;
  meanTokenAccuracy: number;
}

/** Loss and accuracy on the held-out set after `step` optimizer steps. */
export interface SftValidationMetrics {
  step: number;
  validLoss: number;
  validMeanTokenAccuracy: number;
}

/** The shape of the run, known before the first step. */
export type SftRunPlan = RunPlan<SftDataReport>;

/** Handed to onStep: the loop's exact state after the step, for checkpointing. */
export type SftRunState = RunState;
