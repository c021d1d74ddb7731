import { z } from 'zod';
import { LORA_TARGETABLE_MODULES } from '../io/lora/lora-adapter';

const positiveInt = z.number().int().positive();
const MODULE_NAMES = Object.keys(LORA_TARGETABLE_MODULES) as [keyof typeof LORA_TARGETABLE_MODULES, ...(keyof typeof LORA_TARGETABLE_MODULES)[]];

/** LoRA settings of a run (PEFT LoraConfig semantics); `targetModules` is a module list or 'all-linear'. */
export const loraHyperparametersSchema = z.object({
  r: positiveInt.default(8),
  alpha: z.number().positive().default(16),
  dropout: z.number().min(0).lt(1).default(0),
  targetModules: z
    .union([z.literal('all-linear'), z.array(z.enum(MODULE_NAMES)).min(1)], {
      error: `expected 'all-linear' or a non-empty list of ${MODULE_NAMES.join(', ')}`,
    })
    .default('all-linear'),
  useRslora: z.boolean().default(false),
});

/**
 * Every knob of a supervised fine-tuning run, validated once (CLI flags, a queued job's payload) and
 * then passed down. One optimizer step consumes `gradientAccumulationSteps` micro-batches of
 * `batchSize` rows. A run lasts `epochs` epochs, or `maxSteps` optimizer steps, whichever ends first.
 */
/**
 * The knobs every training loop shares (supervised and preference), with the same names and
 * defaults; each loop adds its own (learning-rate default, packing, DPO settings).
 */
export const commonTrainingFields = {
  method: z.enum(['lora', 'full']).default('lora'),
  lora: loraHyperparametersSchema.default(loraHyperparametersSchema.parse({})),
  schedule: z.enum(['constant', 'linear', 'cosine']).default('linear'),
  /** Linear warmup length; `warmupRatio` (a fraction of the total steps) is used when this is absent. */
  warmupSteps: z.number().int().nonnegative().optional(),
  warmupRatio: z.number().min(0).max(1).default(0),
  /** Decoupled AdamW decay; never applied to norm weights or biases. */
  weightDecay: z.number().nonnegative().default(0),
  adamBeta1: z.number().min(0).lt(1).default(0.9),
  adamBeta2: z.number().min(0).lt(1).default(0.999),
  adamEpsilon: z.number().positive().default(1e-8),
  /** Global-norm clipping threshold; 0 turns clipping off. */
  maxGradNorm: z.number().nonnegative().default(1),
  /** Rows (supervised) or pairs (preference) per micro-batch. */
  batchSize: positiveInt.default(4),
  gradientAccumulationSteps: positiveInt.default(1),
  epochs: positiveInt.optional(),
  maxSteps: positiveInt.optional(),
  /** Tokens kept per sequence (packed rows hold at most this many). */
  maxLength: z.number().int().min(2).default(1024),
  seed: z.number().int().nonnegative().max(2 ** 32 - 1).default(42),
  shuffle: z.boolean().default(true),
  /** Validate every this many optimizer steps (0: only at the end). */
  evalEvery: z.number().int().nonnegative().default(0),
};

/**
 * Every knob of a supervised fine-tuning run, validated once (CLI flags, a queued job's payload) and
 * then passed down. One optimizer step consumes `gradientAccumulationSteps` micro-batches of
 * `batchSize` rows. A run lasts `epochs` epochs, or `maxSteps` optimizer steps, whichever ends first.
 */
export const sftHyperparametersSchema = z
  .object({
    ...commonTrainingFields,
    learningRate: z.number().positive().default(2e-4),
    /** Pack several examples per row (attention and positions stay within each example). */
    packing: z.boolean().default(false),
  })
  .transform((hp) => (hp.epochs === undefined && hp.maxSteps === undefined ? { ...hp, epochs: 1 } : hp));

export type SftHyperparameters = z.output<typeof sftHyperparametersSchema>;
export type SftHyperparametersInput = z.input<typeof sftHyperparametersSchema>;

/** Validates hyperparameters and fills defaults; the error lists every bad field by path. */
export function parseSftHyperparameters(input: SftHyperparametersInput): SftHyperparameters {
  const parsed = sftHyperparametersSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new Error(`invalid hyperparameters: ${problems.join('; ')}`);
  }
  return parsed.data;
}
