import type { CheckpointState } from '../checkpoint/checkpoint-state';
import type { LoopPosition } from './loop-position';
import type { SftDataReport } from './prepare-sft-data';

/** Reported after every optimizer step. */
export interface SftStepMetrics {
  /** Optimizer steps completed, this one included. */
  step: number;
  totalSteps: number;
  /** Epochs completed, fractional (1.5 = halfway through the second epoch). */
  epoch: number;
  /** Weighted mean token loss of this step's batch, before its update. */
  loss: number;
  meanTokenAccuracy: number;
  learningRate: number;
  /** Global gradient norm before clipping. */
  gradNorm: number;
  /** Real (non-padding) tokens of this step per second of its wall time. */
  tokensPerSecond: number;
  /** Real tokens processed since the run began, resumed steps included. */
  trainedTokens: number;
  /** Wall seconds since this process started the run. */
  elapsedSeconds: number;
  /** Estimated seconds until the last step. */
  etaSeconds: number;
}

/** Loss and accuracy on the held-out set after `step` optimizer steps. */
export interface SftValidationMetrics {
  step: number;
  validLoss: number;
  validMeanTokenAccuracy: number;
}

/** The shape of the run, known before the first step. */
export interface SftRunPlan {
  totalSteps: number;
  stepsPerEpoch: number;
  epochs: number;
  warmupSteps: number;
  /** The trainable tensors and their total size. */
  trainableTensors: number;
  trainableParameters: number;
  /** Whether the training graph recomputes each layer's activations (the memory budget asked for it). */
  recomputesActivations: boolean;
  data: { train: SftDataReport; validation: SftDataReport };
  /** Where the run starts (not the origin when resuming). */
  start: LoopPosition;
}

/** Handed to onStep: the loop's exact state after the step, for checkpointing. */
export interface SftRunState {
  position: LoopPosition;
  trainedTokens: number;
  /** The run's whole state now, for saveCheckpoint (copies the trainable tensors and optimizer moments: call when saving). */
  checkpoint(): CheckpointState;
}
