import { buildTinyTokenizer, type TinyTokenizerFiles } from '@whetstone/tokenizer';
import { deriveSeed, fillNormal, mulberry32 } from '../data/seeded-random';
import { CAUSAL_LM_CLASS, type SupportedModelType } from '../model/architecture';
import type { LlamaConfig } from '../model/llama-config';
import type { HostTensor } from '../tensor/host-tensor';
import { parseLlamaConfig } from './model-folder/llama-config-schema';
import { expectedWeightShapes } from './model-folder/llama-weight-layout';
import { saveModelFolder } from './model-folder/save-model-folder';

export interface TinyModelOptions {
  seed: number;
  /**
   * Architecture (default 'llama'), each with the features its real checkpoints have: Qwen2 q/k/v
   * biases, Qwen3 q/k norms and a head_dim that differs from hidden/heads, Mistral a sliding window
   * of max_position_embeddings / 32 tokens.
   */
  modelType?: SupportedModelType;
  hiddenSize?: number; // 64
  numLayers?: number; // 2
  numHeads?: number; // 4
  numKvHeads?: number; // 2
  intermediateSize?: number; // 128
  maxPositionEmbeddings?: number; // 256
  ropeTheta?: number; // 10000
  tieWordEmbeddings?: boolean; // true
  /** Standard deviation of the normal init of every matrix (norm weights are 1). */
  initStd?: number; // 0.02
}

/** Config fields each architecture's tiny model adds (sizes scaled to the tiny model). */
const ARCHITECTURE_FEATURES: Record<SupportedModelType, (options: TinyModelOptions) => Partial<LlamaConfig>> = {
  llama: () => ({}),
  qwen2: () => ({}),
  qwen3: (o) => ({ head_dim: (o.hiddenSize ?? 64) / (o.numHeads ?? 4) + 4 }),
  mistral: (o) => ({ sliding_window: Math.max(2, Math.floor((o.maxPositionEmbeddings ?? 256) / 32)) }),
};

export interface TinyModel {
  config: LlamaConfig;
  weights: Map<string, HostTensor>;
  tokenizer: TinyTokenizerFiles;
  generationConfig: Record<string, unknown>;
}

/**
 * A deterministic, randomly initialised tiny Llama with the tiny tokenizer's vocabulary: a real
 * model folder for tests and demos (no npm package ships weights). Each tensor is drawn from its
 * own stream, seeded by (seed, tensor name), so the result depends only on the options.
 */
export function buildTinyModel(options: TinyModelOptions): TinyModel {
  const tokenizer = buildTinyTokenizer({ modelMaxLength: options.maxPositionEmbeddings ?? 256 });
  const ids = tokenizer.specialTokenIds;
  const modelType = options.modelType ?? 'llama';
  const config: LlamaConfig = {
    architectures: [CAUSAL_LM_CLASS[modelType]],
    model_type: modelType,
    vocab_size: tokenizer.vocabSize,
    hidden_size: options.hiddenSize ?? 64,
    intermediate_size: options.intermediateSize ?? 128,
    num_hidden_layers: options.numLayers ?? 2,
    num_attention_heads: options.numHeads ?? 4,
    num_key_value_heads: options.numKvHeads ?? 2,
    max_position_embeddings: options.maxPositionEmbeddings ?? 256,
    rms_norm_eps: 1e-5,
    rope_theta: options.ropeTheta ?? 10000,
    tie_word_embeddings: options.tieWordEmbeddings ?? true,
    hidden_act: 'silu',
    bos_token_id: ids['<|begin_of_text|>'],
    eos_token_id: ids['<|eot_id|>'],
    pad_token_id: ids['<|pad|>'],
    torch_dtype: 'float32',
    ...ARCHITECTURE_FEATURES[modelType](options),
  };
  parseLlamaConfig(config, 'tiny model options'); // fail on inconsistent sizes before allocating anything
  const std = options.initStd ?? 0.02;
  const weights = new Map<string, HostTensor>();
  for (const [name, shape] of expectedWeightShapes(config)) {
    const data = new Float32Array(shape.reduce((n, d) => n * d, 1));
    if (name.endsWith('norm.weight')) data.fill(1);
    else fillNormal(data, std, mulberry32(deriveSeed(options.seed, name)));
    weights.set(name, { dtype: 'float32', shape, data });
  }
  const generationConfig = {
    bos_token_id: ids['<|begin_of_text|>'],
    eos_token_id: [ids['<|eot_id|>'], ids['<|end_of_text|>']],
    pad_token_id: ids['<|pad|>'],
  };
  return { config, weights, tokenizer, generationConfig };
}

/** Writes the tiny model as a Hugging Face folder; the same options always give byte-identical files. */
export async function writeTinyModelFolder(dir: string, options: TinyModelOptions): Promise<string[]> {
  const model = buildTinyModel(options);
  return saveModelFolder(dir, model.config, model.weights, {
    'tokenizer.json': model.tokenizer.tokenizerJson,
    'tokenizer_config.json': model.tokenizer.tokenizerConfig,
    'generation_config.json': model.generationConfig,
  });
}
