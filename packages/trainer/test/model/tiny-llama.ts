import { deriveSeed, mulberry32 } from '../../src/data/seeded-random';
import { expectedWeightShapes } from '../../src/io/model-folder/llama-weight-layout';
import type { LlamaConfig } from '../../src/model/llama-config';
import type { HostTensor } from '../../src/tensor/host-tensor';

/** A very small Llama (GQA with 2 query heads per kv head, 2 layers) with random weights large enough to be nonlinear. */
export function tinyLlamaConfig(overrides: Partial<LlamaConfig> = {}): LlamaConfig {
  return {
    model_type: 'llama',
    vocab_size: 13,
    hidden_size: 16,
    intermediate_size: 24,
    num_hidden_layers: 2,
    num_attention_heads: 4,
    num_key_value_heads: 2,
    max_position_embeddings: 64,
    rms_norm_eps: 1e-5,
    rope_theta: 10000,
    tie_word_embeddings: false,
    hidden_act: 'silu',
    ...overrides,
  };
}

export function tinyLlamaWeights(config: LlamaConfig, seed: number): Map<string, HostTensor> {
  const weights = new Map<string, HostTensor>();
  for (const [name, shape] of expectedWeightShapes(config)) {
    const random = mulberry32(deriveSeed(seed, name));
    const n = shape.reduce((a, d) => a * d, 1);
    const isNorm = name.endsWith('norm.weight');
    const data = new Float32Array(n).map(() => (isNorm ? 0.8 + 0.4 * random() : 0.5 * (2 * random() - 1)));
    weights.set(name, { dtype: 'float32', shape, data });
  }
  return weights;
}

/** A batch for a [B, T] graph: ids, mask, labels (HF convention) and per-token weights. */
export interface TokenBatch {
  inputIds: number[][];
  attentionMask: number[][];
  labels: number[][];
  labelWeights: number[][];
}

/** Two rows of five tokens, one padded, with masked labels and uneven label weights. */
export const paddedTokenBatch = {
  inputIds: [
    [1, 5, 7, 2, 9],
    [3, 12, 4, 6, 0],
  ],
  attentionMask: [
    [1, 1, 1, 1, 1],
    [1, 1, 1, 1, 0],
  ],
  labels: [
    [-100, 5, 7, 2, 9],
    [-100, -100, 4, 6, -100],
  ],
  labelWeights: [
    [1, 1, 0.5, 1, 1],
    [1, 1, 1, 2, 0],
  ],
};
