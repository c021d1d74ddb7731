import type { LlamaConfig } from '../../src/model/llama-config';

/** One measured configuration of a preset: a method, rows per micro-batch and tokens per row. */
export interface PresetRow {
  /** Printed name and the `--row` argument of the child process. */
  name: string;
  method: 'lora' | 'full';
  objective: 'sft' | 'dpo';
  /** Sequences per micro-batch (DPO: chosen + rejected, so rows / 2 pairs). */
  rows: number;
  seq: number;
  /** The peak-RSS budget for the row: the memory the trainer is told it may use ('auto' recomputation). */
  budgetGb: number;
}

export interface Preset {
  config: LlamaConfig;
  rows: PresetRow[];
}

/** LoRA as the budgets assume it: r = 8 on every linear layer. */
export const PRESET_LORA = { r: 8, alpha: 16, dropout: 0, targetModules: 'all-linear' } as const;

/** Rows of batch 4 × 256 with their budgets (GB) for LoRA, full and DPO-LoRA. */
const standardRows = (lora: number, full: number, dpo: number): PresetRow[] => [
  { name: 'lora', method: 'lora', objective: 'sft', rows: 4, seq: 256, budgetGb: lora },
  { name: 'full', method: 'full', objective: 'sft', rows: 4, seq: 256, budgetGb: full },
  // 2 pairs = 4 sequences of 256 tokens: the same tokens per micro-batch as the SFT rows.
  { name: 'dpo-lora', method: 'lora', objective: 'dpo', rows: 4, seq: 256, budgetGb: dpo },
];

/** The shapes of real small models (random weights: speed and memory do not depend on the values). */
export const PRESETS: Record<string, Preset> = {
  'smollm2-135m': {
    config: {
      model_type: 'llama',
      vocab_size: 49152,
      hidden_size: 576,
      intermediate_size: 1536,
      num_hidden_layers: 30,
      num_attention_heads: 9,
      num_key_value_heads: 3,
      max_position_embeddings: 8192,
      rms_norm_eps: 1e-5,
      rope_theta: 100000,
      tie_word_embeddings: true,
      hidden_act: 'silu',
    },
    rows: [
      ...standardRows(2, 5, 3),
      { name: 'lora-1x2048', method: 'lora', objective: 'sft', rows: 1, seq: 2048, budgetGb: 3 },
      // Full DPO: the policy is a copy of the weights, the base weights its reference. The issue bounds DPO
      // at 1.5x SFT's memory: 1.5 x the full row's 5 GB.
      { name: 'dpo-full', method: 'full', objective: 'dpo', rows: 4, seq: 256, budgetGb: 7.5 },
    ],
  },
  'qwen2.5-0.5b': {
    config: {
      model_type: 'qwen2',
      vocab_size: 151936,
      hidden_size: 896,
      intermediate_size: 4864,
      num_hidden_layers: 24,
      num_attention_heads: 14,
      num_key_value_heads: 2,
      max_position_embeddings: 32768,
      rms_norm_eps: 1e-6,
      rope_theta: 1000000,
      tie_word_embeddings: true,
      hidden_act: 'silu',
    },
    rows: standardRows(5, 14, 7),
  },
};
