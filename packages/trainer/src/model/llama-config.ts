/** RoPE frequency scaling the engine implements (transformers' `rope_scaling`, normalised to `rope_type`). */
export type RopeScaling =
  | { rope_type: 'linear'; factor: number }
  | {
      rope_type: 'llama3';
      factor: number;
      low_freq_factor: number;
      high_freq_factor: number;
      original_max_position_embeddings: number;
    };

/**
 * The subset of a Hugging Face decoder `config.json` the engine uses (Llama, Mistral, Qwen2, Qwen3:
 * all Llama-layout decoders). Field names are exactly those of the HF file so it can be read and
 * written directly; `architectureOf` (model/architecture.ts) says what each model type adds.
 */
export interface LlamaConfig {
  architectures?: string[];
  model_type: string; // "llama" | "mistral" | "qwen2" | "qwen3" (see SUPPORTED_MODEL_TYPES)
  vocab_size: number;
  hidden_size: number;
  intermediate_size: number;
  num_hidden_layers: number;
  num_attention_heads: number;
  num_key_value_heads: number;
  head_dim?: number; // defaults to hidden_size / num_attention_heads
  max_position_embeddings: number;
  rms_norm_eps: number;
  rope_theta: number;
  rope_scaling?: RopeScaling;
  tie_word_embeddings: boolean;
  hidden_act?: string; // "silu"
  /** Llama / Qwen3: biases on q, k, v and o projections. Qwen2 always has q/k/v biases (and no o bias). */
  attention_bias?: boolean;
  /** Mistral: each token attends to the last `sliding_window` tokens (itself included). */
  sliding_window?: number;
  bos_token_id?: number;
  eos_token_id?: number | number[];
  pad_token_id?: number;
  torch_dtype?: string;
}
