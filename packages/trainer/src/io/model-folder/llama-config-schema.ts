import { z } from 'zod';
import type { LlamaConfig } from '../../model/llama-config';

/** Model types whose config.json and weights follow the Llama layout the engine builds. */
export const SUPPORTED_MODEL_TYPES = ['llama', 'mistral', 'qwen2'] as const;

const positiveInt = z.number().int().positive();

/**
 * config.json as the engine needs it. Omitted fields get the defaults transformers' LlamaConfig
 * uses; fields the engine does not read are kept (so a saved fine-tune keeps the original config).
 */
const llamaConfigSchema = z
  .object({
    model_type: z.enum(SUPPORTED_MODEL_TYPES),
    architectures: z.array(z.string()).optional(),
    vocab_size: positiveInt,
    hidden_size: positiveInt,
    intermediate_size: positiveInt,
    num_hidden_layers: positiveInt,
    num_attention_heads: positiveInt,
    num_key_value_heads: positiveInt.optional(),
    head_dim: positiveInt.nullish(),
    max_position_embeddings: positiveInt.default(2048),
    rms_norm_eps: z.number().positive().default(1e-6),
    rope_theta: z.number().positive().default(10000),
    tie_word_embeddings: z.boolean().default(false),
    hidden_act: z.literal('silu').default('silu'),
    rope_scaling: z.null().optional(),
    bos_token_id: z.number().int().nonnegative().nullish(),
    eos_token_id: z.union([z.number().int().nonnegative(), z.array(z.number().int().nonnegative())]).nullish(),
    pad_token_id: z.number().int().nonnegative().nullish(),
    torch_dtype: z.string().nullish(),
  })
  .loose();

/** A validated config: the LlamaConfig fields, plus whatever else the file held. */
export type ParsedLlamaConfig = LlamaConfig & Record<string, unknown>;

/**
 * Validates a parsed config.json. Errors name the offending field, e.g.
 * `config.json: num_key_value_heads: 3 does not divide num_attention_heads (8)`.
 */
export function parseLlamaConfig(raw: unknown, source = 'config.json'): ParsedLlamaConfig {
  const result = llamaConfigSchema.safeParse(liftRopeParameters(raw, source));
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${explain(issue)}`);
    throw new Error(`${source}: ${problems.join('; ')}`);
  }
  // null means "not set" in HF configs; drop those keys so optional fields are simply absent.
  const config = Object.fromEntries(Object.entries(result.data).filter(([, value]) => value !== null)) as ParsedLlamaConfig;
  config.num_key_value_heads ??= config.num_attention_heads;
  checkHeads(config, source);
  return config;
}

/**
 * transformers 5 writes RoPE settings as `rope_parameters: {rope_type, rope_theta}` instead of a
 * top-level `rope_theta`; read the theta from there (never fall back to the default silently) and
 * refuse scaled variants the engine does not implement.
 */
function liftRopeParameters(raw: unknown, source: string): unknown {
  if (!raw || typeof raw !== 'object' || !('rope_parameters' in raw)) return raw;
  const { rope_parameters: rope, ...rest } = raw as Record<string, unknown>;
  if (rope === null || rope === undefined) return rest;
  const { rope_type, rope_theta } = rope as { rope_type?: unknown; rope_theta?: unknown };
  if (rope_type !== undefined && rope_type !== 'default') {
    throw new Error(`${source}: rope_parameters.rope_type: "${String(rope_type)}" is not supported by the engine (only "default")`);
  }
  return { rope_theta, ...rest };
}

function explain(issue: z.core.$ZodIssue): string {
  if (issue.path[0] === 'rope_scaling') return 'rope scaling is not supported by the engine (must be null or absent)';
  if (issue.path[0] === 'hidden_act') return 'only "silu" (SwiGLU MLP) is supported';
  return issue.message;
}

function checkHeads(config: LlamaConfig, source: string): void {
  const { hidden_size, num_attention_heads, num_key_value_heads } = config;
  if (num_attention_heads % num_key_value_heads !== 0) {
    throw new Error(`${source}: num_key_value_heads: ${num_key_value_heads} does not divide num_attention_heads (${num_attention_heads})`);
  }
  if (config.head_dim === undefined && hidden_size % num_attention_heads !== 0) {
    throw new Error(`${source}: hidden_size: ${hidden_size} is not divisible by num_attention_heads (${num_attention_heads}) and head_dim is not given`);
  }
}

/** Per-head dimension: `head_dim` when given, else hidden_size / num_attention_heads. */
export function headDim(config: LlamaConfig): number {
  return config.head_dim ?? config.hidden_size / config.num_attention_heads;
}
