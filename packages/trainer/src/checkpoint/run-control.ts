import { z } from 'zod';
import { generationEvalSettingsSchema, type TrainingEvaluation } from '../evaluation/generation-evaluator';
import type { HealthWarning } from '../evaluation/health/health-warning';
import type { CheckpointState } from './checkpoint-state';

const positive = z.number().positive();
const positiveInt = z.number().int().positive();

/**
 * How a training loop (supervised or preference) checkpoints, stops early, picks the weights it
 * delivers, guards against divergence and evaluates generations. The same options and hooks for both
 * loops, so the worker drives them alike.
 */
export const runControlSchema = z
  .object({
    /** Checkpoint every this many optimizer steps, besides the end of the run (0: only at the end). */
    checkpointEvery: z.number().int().nonnegative().default(0),
    /** Stop when the validation loss has not improved by more than minDelta for `patience` validations in a row. */
    earlyStopping: z.object({ patience: positiveInt, minDelta: z.number().nonnegative().default(0) }).strict().optional(),
    /** Which weights the run delivers: the last step's, or those of the lowest validation loss. */
    checkpointSelection: z.enum(['best', 'last']).default('last'),
    /**
     * Stop the run with a TrainingDivergedError when the loss or gradient norm is NaN/Inf or the loss
     * exceeds explodeFactor × its initial value; false only warns.
     */
    divergenceGuard: z
      .union([z.literal(false), z.object({ explodeFactor: z.number().gt(1).optional(), initialPoints: positiveInt.optional() }).strict()])
      .default({}),
    /** Thresholds of the other health checks (src/evaluation/health); defaults suit most runs. */
    health: z
      .object({
        overfitting: z.object({ patience: positiveInt, minRelativeRise: z.number().nonnegative(), smoothing: positiveInt }).partial().strict(),
        dpoNotLearning: z.object({ afterSteps: positiveInt, window: positiveInt, lossTolerance: positive, rewardTolerance: positive }).partial().strict(),
        accuracySaturated: z.object({ earlyStep: positiveInt, consecutive: positiveInt }).partial().strict(),
      })
      .partial()
      .strict()
      .default({}),
    /** User-defined generation metrics on validation prompts: for the base model, at each validation, and at the end. */
    generationEval: generationEvalSettingsSchema.optional(),
  })
  .strict();

export type RunControlOptions = z.input<typeof runControlSchema>;
export type RunControl = z.output<typeof runControlSchema>;

export function parseRunControl(input: RunControlOptions): RunControl {
  const parsed = runControlSchema.safeParse(input);
  if (!parsed.success) {
    throw new Error(`invalid run control options: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

/** The keys of RunControlOptions, to pick them out of a loop's options. */
export const RUN_CONTROL_KEYS = Object.keys(runControlSchema.shape) as (keyof RunControlOptions)[];

export interface RunControlHooks {
  /** A checkpoint every `checkpointEvery` steps and at the end of the run (completed, stopped early or cancelled). */
  onCheckpoint?(state: CheckpointState): void | Promise<void>;
  /** A health warning, each kind at most once per run; a divergence warning comes just before the TrainingDivergedError. */
  onWarning?(warning: HealthWarning): void | Promise<void>;
  /** Generation metrics of the base model (before training), at each validation, and of the delivered model. */
  onEvaluation?(evaluation: TrainingEvaluation): void | Promise<void>;
}

/** Which weights a run delivered, and why. */
export interface DeliveredCheckpoint {
  step: number;
  selection: 'best' | 'last';
  /** The validation loss at that step, when it was validated. */
  validLoss?: number;
}

/** Set when early stopping ended the run. */
export interface EarlyStopInfo {
  /** The step after whose validation the run stopped. */
  step: number;
  bestStep: number;
  bestValidLoss: number;
}
