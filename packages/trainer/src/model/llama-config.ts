/**
 * The subset of a Hugging Face Llama-family `config.json` the engine uses.
 * Field names are exactly those of the HF file so it can be read and written directly.
 */
export interface LlamaConfig {
  architectures?: string[];
  model_type: string; // "llama" (also accepted: "qwen2"/"mistral" when they follow the same layout)
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
  tie_word_embeddings: boolean;
  hidden_act?: string; // "silu"
  bos_token_id?: number;
  eos_token_id?: number | number[];
  pad_token_id?: number;
  torch_dtype?: string;
}
