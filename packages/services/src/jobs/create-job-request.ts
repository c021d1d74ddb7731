import { z } from 'zod';
// Deep import on purpose: the package index loads ONNX Runtime, which the API never needs.
import { generationMetricSpecs } from '@whetstone/trainer/src/evaluation/metric-spec';

const auto = z.literal('auto');
const LORA_MODULES = ['q_proj', 'k_proj', 'v_proj', 'o_proj', 'gate_proj', 'up_proj', 'down_proj'] as const;

/** OpenAI's three hyperparameters ("auto" or a value) plus our extensions, all optional. */
const commonHyperparameters = {
  n_epochs: z.union([auto, z.number().int().min(1).max(50)]).optional(),
  batch_size: z.union([auto, z.number().int().min(1).max(256)]).optional(),
  learning_rate_multiplier: z.union([auto, z.number().positive().max(100)]).optional(),
  // Extensions
  learning_rate_scheduler: z.enum(['constant', 'linear', 'cosine']).optional(),
  warmup_ratio: z.number().min(0).max(0.5).optional(),
  warmup_steps: z.number().int().min(0).max(100_000).optional(),
  weight_decay: z.number().min(0).max(1).optional(),
  max_grad_norm: z.number().min(0).max(1000).optional().describe('0 turns gradient clipping off'),
  max_seq_length: z.number().int().min(8).max(131_072).optional(),
  gradient_accumulation_steps: z.number().int().min(1).max(1024).optional(),
  max_steps: z.number().int().min(1).max(1_000_000).optional().describe('Stop after this many optimizer steps'),
};

export const supervisedHyperparametersSchema = z.object(commonHyperparameters).strict();

export const dpoHyperparametersSchema = z
  .object({
    ...commonHyperparameters,
    beta: z.union([auto, z.number().positive().max(10)]).optional(),
    loss_type: z.enum(['sigmoid', 'ipo', 'hinge']).optional(),
    label_smoothing: z.number().min(0).max(0.5).optional(),
  })
  .strict();

export const methodSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('supervised'), supervised: z.object({ hyperparameters: supervisedHyperparametersSchema.nullable().optional() }).nullable().optional() }),
  z.object({ type: z.literal('dpo'), dpo: z.object({ hyperparameters: dpoHyperparametersSchema.nullable().optional() }).nullable().optional() }),
]);

export const trainingTypeSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('lora'),
    r: z.number().int().min(1).max(512).default(8),
    alpha: z.number().positive().max(4096).default(16),
    dropout: z.number().min(0).max(0.9).default(0.05),
    target_modules: z.union([z.literal('all-linear'), z.array(z.enum(LORA_MODULES)).min(1)]).default(['q_proj', 'v_proj']),
  }),
  z.object({ type: z.literal('full') }),
]);

export const createJobRequestSchema = z
  .object({
    model: z.string().min(1).max(200),
    training_file: z.string().min(1).max(100),
    validation_file: z.string().min(1).max(100).nullable().optional(),
    suffix: z
      .string()
      .regex(/^[a-zA-Z0-9_-]{1,64}$/, 'up to 64 letters, digits, _ or -')
      .nullable()
      .optional(),
    seed: z.number().int().min(0).max(2 ** 31 - 1).nullable().optional(),
    metadata: z
      .record(z.string().min(1).max(64), z.string().max(512))
      .refine((m) => Object.keys(m).length <= 16, 'at most 16 keys')
      .nullable()
      .optional(),
    method: methodSchema.nullable().optional(),
    /** Legacy top-level hyperparameters (OpenAI's older shape); same as method.supervised.hyperparameters. */
    hyperparameters: supervisedHyperparametersSchema.nullable().optional(),
    // OpenAI's third-party integrations (wandb): accepted empty; any entry is refused by name in planJob.
    integrations: z.array(z.looseObject({ type: z.string().max(100) })).max(10).nullable().optional(),
    // Extensions
    training_type: trainingTypeSchema.optional(),
    validation_split: z.number().min(0.01).max(0.5).optional().describe('Held-out fraction when no validation file is given (default 0.1)'),
    eval_interval: z.number().int().min(0).max(1_000_000).optional().describe('Validate every N steps (0: only at the end)'),
    checkpoint_interval: z.number().int().min(0).max(1_000_000).optional().describe('Checkpoint every N steps (0: only at the end)'),
    early_stopping: z
      .object({ patience: z.number().int().min(1).max(1000), min_delta: z.number().min(0).default(0), metric: z.literal('valid_loss').default('valid_loss') })
      .optional(),
    checkpoint_selection: z.enum(['last', 'best']).optional(),
    eval_metrics: generationMetricSpecs.optional(),
    priority: z.number().int().min(-10).max(10).optional().describe('Higher runs first among your own queued jobs'),
  })
  .strict();

export type CreateJobRequest = z.infer<typeof createJobRequestSchema>;
export type TrainingType = z.infer<typeof trainingTypeSchema>;
