import type { HealthMonitorState } from '../evaluation/health/run-health-monitor';
import type { LoopPosition } from '../loop/loop-position';
import type { LrSchedule } from '../optim/lr-schedule';
import type { HostTensor } from '../tensor/host-tensor';
import type { TrainerCheckpoint } from '../train/trainer';
import type { BestValidation } from './best-checkpoint';
import type { EarlyStoppingState } from './early-stopping';

/** The loop a checkpoint belongs to. */
export type TrainingLoopKind = 'sft' | 'preference';

/** What a run tracks besides its weights: validations, early stopping, the best step, health history. */
export interface RunTracking {
  /** The last counted validation (the end-of-run validation is skipped when it was at the final step). */
  lastValidation?: BestValidation;
  earlyStopping?: EarlyStoppingState;
  best?: BestValidation;
  health: HealthMonitorState;
}

/**
 * Everything needed to continue a run exactly where it stopped, in memory (saveCheckpoint writes it).
 *
 * Randomness: every random stream of a run is counter-based, a pure function of the run seed and
 * counters held elsewhere in this state, so the seed is the whole RNG state:
 *  - epoch order: deriveSeed(seed, 'epoch', epoch), with the epoch in `position`;
 *  - LoRA dropout masks: deriveSeed(seed, 'lora_dropout', step, micro-batch), with the step in the
 *    optimizer state and the micro-batch index restarting at 0 every step;
 *  - LoRA init: deriveSeed(seed, 'lora_A', module), drawn once; its result is in `trainer.trainable`;
 *  - generation for evaluation is greedy (no randomness); the validation split is made before the loop.
 * The DPO reference log-probs are recomputed from the frozen base model on resume, in a canonical
 * batching, so they are bit-identical to the original run's.
 */
export interface CheckpointState {
  loop: TrainingLoopKind;
  /** Where the loop stands: the next micro-batch of which epoch, optimizer steps done. */
  position: LoopPosition;
  /** Real tokens trained on so far. */
  trainedTokens: number;
  /** The trainable tensors and the optimizer state (AdamW moments, its step, its hyperparameters). */
  trainer: TrainerCheckpoint;
  /** The learning-rate schedule; stateless, its step is the optimizer's. */
  schedule: LrSchedule;
  rng: { seed: number };
  /** What the run was: resuming under other hyperparameters or data would not continue the same run. */
  run: { hyperparameters: Record<string, unknown>; dataDigest: string };
  tracking: RunTracking;
  /** The trainable tensors at `tracking.best.step`, when the run delivers its best checkpoint. */
  bestTrainable?: Map<string, HostTensor>;
}
