import { createHash } from 'node:crypto';
import { z } from 'zod';

/** The manifest's `format`, and the version this engine writes (and the highest it reads). */
export const CHECKPOINT_FORMAT = 'whetstone.checkpoint';
export const CHECKPOINT_FORMAT_VERSION = 1;

/** The files of a checkpoint. The manifest is written last: a store with a manifest holds a whole checkpoint. */
export const CHECKPOINT_FILES = {
  manifest: 'checkpoint.json',
  /** The trainable tensors by graph input name (PEFT names for LoRA, HF weight names for full fine-tuning). */
  trainable: 'trainable.safetensors',
  /** AdamW moments as `exp_avg.<name>` / `exp_avg_sq.<name>`, step and hyperparameters in the metadata. */
  optimizer: 'optimizer.safetensors',
  /** The trainable tensors of the best validated step, when the run delivers its best and that is not the current step. */
  best: 'best.safetensors',
  /** The health checks' history (train and validation points) and the warnings already raised. */
  health: 'health.json',
} as const;

const count = z.number().int().nonnegative();
/** Any number, NaN and ±Infinity included (a metric may be non-finite; zod's number() refuses those). */
const anyNumber = z.custom<number>((v) => typeof v === 'number', 'expected a number');
const fileRef = z.object({ name: z.string(), bytes: count, sha256: z.string().regex(/^[0-9a-f]{64}$/) });
const validation = z.object({ step: count, validLoss: anyNumber });

export const checkpointManifestSchema = z.object({
  format: z.literal(CHECKPOINT_FORMAT),
  version: z.number().int().positive(),
  loop: z.enum(['sft', 'preference']),
  position: z.object({ epoch: count, microBatch: count, step: count }),
  trainedTokens: count,
  schedule: z.object({ type: z.enum(['constant', 'linear', 'cosine']), baseLr: z.number(), warmupSteps: count, totalSteps: count }),
  rng: z.object({ seed: z.number() }),
  run: z.object({ hyperparameters: z.record(z.string(), z.unknown()), dataDigest: z.string() }),
  tracking: z.object({
    lastValidation: validation.optional(),
    earlyStopping: z.object({ bestLoss: anyNumber.optional(), bestStep: count.optional(), evaluationsWithoutImprovement: count }).optional(),
    best: validation.optional(),
  }),
  /** Where the best step's tensors are: their own file, the trainable tensors themselves (best = current step), or nowhere. */
  bestTrainable: z.enum(['file', 'trainable', 'none']),
  files: z.object({ trainable: fileRef, optimizer: fileRef, health: fileRef, best: fileRef.optional() }),
});
export type CheckpointManifest = z.output<typeof checkpointManifestSchema>;
export type CheckpointFileRef = z.output<typeof fileRef>;

const point = z.looseObject({ step: count, loss: anyNumber, gradNorm: anyNumber.optional() });
export const healthFileSchema = z.object({
  train: z.array(point),
  validation: z.array(point),
  reported: z.array(z.enum(['non_finite_loss', 'loss_exploding', 'overfitting', 'dpo_not_learning', 'preference_accuracy_saturated'])),
});

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** JSON that keeps NaN and ±Infinity (as strings), so metric histories round-trip exactly. */
export function encodeJson(value: unknown): Uint8Array {
  return Buffer.from(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2) + '\n');
}

export function decodeJson(bytes: Uint8Array): unknown {
  return JSON.parse(Buffer.from(bytes).toString('utf8'), (_k, v: unknown) => (v === 'NaN' || v === 'Infinity' || v === '-Infinity' ? Number(v) : v));
}
