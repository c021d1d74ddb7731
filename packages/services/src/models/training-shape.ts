import { z } from 'zod';
import type { LlamaConfig } from '@whetstone/trainer';

/**
 * The parts of a model's config.json the engine's memory model reads (layer sizes, vocabulary, tied
 * embeddings, biases), stored with the catalogue entry so job creation can predict a job's memory
 * without reading the model's files.
 */
export const trainingShapeSchema = z.object({
  model_type: z.string(),
  vocab_size: z.number().int().positive(),
  hidden_size: z.number().int().positive(),
  intermediate_size: z.number().int().positive(),
  num_hidden_layers: z.number().int().positive(),
  num_attention_heads: z.number().int().positive(),
  num_key_value_heads: z.number().int().positive(),
  head_dim: z.number().int().positive().optional(),
  tie_word_embeddings: z.boolean(),
  attention_bias: z.boolean().optional(),
});

export type TrainingShape = z.infer<typeof trainingShapeSchema>;

export function trainingShapeOf(config: LlamaConfig): TrainingShape {
  return trainingShapeSchema.parse({
    model_type: config.model_type,
    vocab_size: config.vocab_size,
    hidden_size: config.hidden_size,
    intermediate_size: config.intermediate_size,
    num_hidden_layers: config.num_hidden_layers,
    num_attention_heads: config.num_attention_heads,
    num_key_value_heads: config.num_key_value_heads,
    head_dim: config.head_dim,
    tie_word_embeddings: config.tie_word_embeddings,
    attention_bias: config.attention_bias,
  });
}

/** The shape as the config the memory model takes (fields it does not read get neutral values). */
export function configOfShape(shape: TrainingShape): LlamaConfig {
  return { ...shape, max_position_embeddings: 0, rms_norm_eps: 1e-6, rope_theta: 10000 };
}

// Built once: zod compiles a schema on its first parse, and every create reads the shape twice.
const resourcesWithShape = z.object({ training_shape: trainingShapeSchema });

/** A catalogue entry's stored shape, or undefined for entries imported before shapes were recorded. */
export function storedTrainingShape(resources: unknown): TrainingShape | undefined {
  const parsed = resourcesWithShape.safeParse(resources);
  return parsed.success ? parsed.data.training_shape : undefined;
}
