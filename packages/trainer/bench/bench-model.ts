import { collateBatch, type Batch } from '../src/data/batch';
import { deriveSeed, fillNormal, mulberry32 } from '../src/data/seeded-random';
import { expectedWeightShapes } from '../src/io/model-folder/llama-weight-layout';
import type { LlamaConfig } from '../src/model/llama-config';
import type { HostTensor } from '../src/tensor/host-tensor';

export interface BenchModelOptions {
  hidden: number;
  layers: number;
  heads: number;
  kvHeads: number;
  intermediate: number;
  vocab: number;
  seq: number;
}

export function benchConfig(o: BenchModelOptions): LlamaConfig {
  return {
    model_type: 'llama',
    vocab_size: o.vocab,
    hidden_size: o.hidden,
    intermediate_size: o.intermediate,
    num_hidden_layers: o.layers,
    num_attention_heads: o.heads,
    num_key_value_heads: o.kvHeads,
    max_position_embeddings: Math.max(o.seq, 256),
    rms_norm_eps: 1e-5,
    rope_theta: 10000,
    tie_word_embeddings: true,
    hidden_act: 'silu',
  };
}

/** Random weights (std 0.02, norms 1): speed does not depend on the values. */
export function benchWeights(config: LlamaConfig): Map<string, HostTensor> {
  const weights = new Map<string, HostTensor>();
  for (const [name, shape] of expectedWeightShapes(config)) {
    const data = new Float32Array(shape.reduce((n, d) => n * d, 1));
    if (name.endsWith('norm.weight')) data.fill(1);
    else fillNormal(data, 0.02, mulberry32(deriveSeed(1, name)));
    weights.set(name, { dtype: 'float32', shape, data });
  }
  return weights;
}

/** A full batch: `batch` rows of `seq` random tokens, every token trained on. */
export function benchBatch(config: LlamaConfig, batch: number, seq: number): Batch {
  const random = mulberry32(7);
  const rows = Array.from({ length: batch }, () => {
    const inputIds = Array.from({ length: seq }, () => Math.floor(random() * config.vocab_size));
    return [{ inputIds, weights: inputIds.map(() => 1) }];
  });
  return collateBatch(rows, { padId: 0, padToLength: seq });
}
