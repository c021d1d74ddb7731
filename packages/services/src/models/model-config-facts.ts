import type { ModelResources } from './base-models';

/** The config.json fields we read to describe a Llama-family model. */
export interface ModelConfigJson {
  model_type?: string;
  architectures?: string[];
  vocab_size: number;
  hidden_size: number;
  intermediate_size: number;
  num_hidden_layers: number;
  num_attention_heads: number;
  num_key_value_heads?: number;
  head_dim?: number;
  max_position_embeddings: number;
  tie_word_embeddings?: boolean;
}

/** Parameter count of a Llama-family decoder, computed from its config (no weights needed). */
export function llamaParameterCount(c: ModelConfigJson): number {
  const headDim = c.head_dim ?? c.hidden_size / c.num_attention_heads;
  const kvHeads = c.num_key_value_heads ?? c.num_attention_heads;
  const attention = c.hidden_size * headDim * (2 * c.num_attention_heads + 2 * kvHeads);
  const mlp = 3 * c.hidden_size * c.intermediate_size;
  const norms = 2 * c.hidden_size;
  const embeddings = c.vocab_size * c.hidden_size * (c.tie_word_embeddings === false ? 2 : 1);
  return c.num_hidden_layers * (attention + mlp + norms) + embeddings + c.hidden_size;
}

/** Resources a model needs: float32 weights + Adam state for LoRA is small; activations dominate. */
export function estimateResources(parameterCount: number): ModelResources {
  const weightsGb = (parameterCount * 4) / 1024 ** 3;
  const minMemoryGb = Math.max(1, Math.ceil(weightsGb * 1.5 + 1));
  return { worker_class: minMemoryGb <= 16 ? 'default' : minMemoryGb <= 80 ? 'gpu-80gb' : 'gpu-141gb', min_memory_gb: minMemoryGb };
}
