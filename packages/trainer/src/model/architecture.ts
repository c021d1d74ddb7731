import type { LlamaConfig } from './llama-config';

/** The decoder families the engine builds; each is the Llama block plus the features below. */
export const SUPPORTED_MODEL_TYPES = ['llama', 'mistral', 'qwen2', 'qwen3'] as const;
export type SupportedModelType = (typeof SUPPORTED_MODEL_TYPES)[number];

/** The transformers class each model type loads as (config.json `architectures`). */
export const CAUSAL_LM_CLASS: Record<SupportedModelType, string> = {
  llama: 'LlamaForCausalLM',
  mistral: 'MistralForCausalLM',
  qwen2: 'Qwen2ForCausalLM',
  qwen3: 'Qwen3ForCausalLM',
};

export type AttentionProjection = 'q_proj' | 'k_proj' | 'v_proj' | 'o_proj';

/** What a model type adds to the plain Llama block, read from a validated config. */
export interface ArchitectureFeatures {
  modelType: SupportedModelType;
  /** Attention projections that carry a bias vector (`…self_attn.q_proj.bias`). */
  projectionBiases: ReadonlySet<AttentionProjection>;
  /** Qwen3: RMSNorm over each query/key head (`self_attn.q_norm.weight`, `k_norm.weight`) before RoPE. */
  qkNorm: boolean;
  /** Mistral: attention window in tokens (the token itself included); undefined = full causal. */
  slidingWindow: number | undefined;
}

export function isSupportedModelType(value: unknown): value is SupportedModelType {
  return typeof value === 'string' && (SUPPORTED_MODEL_TYPES as readonly string[]).includes(value);
}

/**
 * The architecture features of a validated config, following each transformers modeling file:
 * Qwen2 always has q/k/v biases; Llama and Qwen3 put biases on q/k/v/o when `attention_bias`;
 * Qwen3 normalises q and k per head; Mistral windows attention when `sliding_window` is set.
 */
export function architectureOf(config: LlamaConfig): ArchitectureFeatures {
  const modelType = config.model_type;
  if (!isSupportedModelType(modelType)) throw new Error(`model_type "${String(modelType)}" is not supported (one of ${SUPPORTED_MODEL_TYPES.join(', ')})`);
  const biases = new Set<AttentionProjection>();
  if (modelType === 'qwen2') ['q_proj', 'k_proj', 'v_proj'].forEach((p) => biases.add(p as AttentionProjection));
  if ((modelType === 'llama' || modelType === 'qwen3') && config.attention_bias === true) {
    ['q_proj', 'k_proj', 'v_proj', 'o_proj'].forEach((p) => biases.add(p as AttentionProjection));
  }
  return {
    modelType,
    projectionBiases: biases,
    qkNorm: modelType === 'qwen3',
    slidingWindow: modelType === 'mistral' ? config.sliding_window : undefined,
  };
}
