import { nodesAddedBy } from '../autodiff/gradient-region';
import { recomputedRegion } from '../autodiff/recomputed-region';
import type { DType } from '../graph/dtype';
import type { Graph, Value } from '../graph/graph';
import { GraphBuilder } from '../graph/graph-builder';
import * as op from '../graph/ops';
import { loraModulePaths, loraScale } from '../io/lora/lora-adapter';
import { headDim } from '../io/model-folder/llama-config-schema';
import { checkLlamaWeights } from '../io/model-folder/llama-weight-layout';
import type { HostTensor } from '../tensor/host-tensor';
import { architectureOf } from './architecture';
import { causalPaddingBias } from './attention-bias';
import { decoderLayer, type LayerContext } from './decoder-layer';
import { placeWeight } from './graph-weights';
import { flattenRows, unflattenRows, type LoraBranch } from './linear';
import type { LlamaConfig } from './llama-config';
import { loraInputNames, resolveTargetModules, type LoraSettings } from './lora';
import { rmsNorm } from './rms-norm';
import { positionIds, rotaryTables } from './rotary';
import { sequenceLogProbs } from './sequence-log-probs';
import { causalLmLoss } from './token-loss';
import { chunkedTokenScores, defaultLossChunks, tokenScoresFromLogits, type TokenScores } from './chunked-token-nll';

/** Graph input and output names shared with the data pipeline and the trainer. */
export const LLAMA_IO = {
  inputIds: 'input_ids', // [B, T] int64
  attentionMask: 'attention_mask', // [B, T] int64, 1 = token, 0 = padding
  labels: 'labels', // [B, T] int64, HF convention (unshifted), -100 = not counted
  labelWeights: 'label_weights', // [B, T] float, weight of labels[b, t]
  positionIds: 'position_ids', // [B, T] int64, restarting at 0 for each packed example
  loraDropoutSeed: 'lora_dropout_seed', // [] int64, a fresh value per micro-batch
  logits: 'logits', // [B, T, vocab]
  loss: 'loss',
  accuracy: 'mean_token_accuracy',
  sequenceLogps: 'sequence_logps', // [B]: Σ of label_weights · log p(label) per row ('sequence-logps' graphs)
  sequenceLabelWeights: 'sequence_label_weights', // [B]: Σ of the counted label_weights per row
} as const;

export type TrainableWeights = { kind: 'none' } | { kind: 'full' } | { kind: 'lora'; lora: LoraSettings };

export interface LlamaGraphOptions {
  /**
   * 'logits' for inference graphs, 'loss' for training/evaluation graphs (loss + accuracy),
   * 'sequence-logps' for per-row completion log-probabilities (preference training).
   */
  objective: 'logits' | 'loss' | 'sequence-logps';
  trainable: TrainableWeights;
  /** Float type of the whole graph; float64 is for gradient checks. Default float32. */
  dtype?: Extract<DType, 'float32' | 'float64'>;
  /**
   * Where token positions come from. 'position-ids' (default for loss graphs): the `position_ids` input
   * of packed batches; attention also stays within each packed example. 'attention-mask' (default for
   * logits graphs): cumsum(mask) - 1, which handles left-padded generation batches.
   */
  positions?: 'position-ids' | 'attention-mask';
  /**
   * Loss and sequence-logps graphs: the LM head and token NLL over this many chunks of the tokens
   * (chunkedTokenScores), so the tokens × vocab logits never exist at once; 0 materialises the logits.
   * Default: defaultLossChunks(vocab).
   */
  lossChunks?: number;
  /**
   * The graph is going to be differentiated (a training graph). With a frozen LM head (LoRA) the chunked
   * head then computes its input's gradient per unit NLL in the forward pass, beside each chunk's logits,
   * instead of recomputing the logits in the backward pass. Default off (evaluation graphs).
   */
  training?: boolean;
  /**
   * Recompute each decoder layer's activations in the backward pass instead of keeping them from the
   * forward pass (gradient checkpointing): only every layer's input is kept. Same values, one more
   * forward pass of the layers. Default off.
   */
  recompute?: boolean;
  /** Apply LoRA dropout (adds the `lora_dropout_seed` input). Default: on for loss and sequence-logps graphs with lora dropout > 0. */
  loraDropout?: boolean;
  name?: string;
}

export interface TrainableInput {
  name: string;
  shape: number[];
}

export interface LlamaGraph {
  graph: Graph;
  /** Graph inputs the trainer feeds with its trainable tensors, in graph order. */
  trainableInputs: TrainableInput[];
}

/**
 * The Llama-layout decoder (LlamaForCausalLM, MistralForCausalLM, Qwen2ForCausalLM, Qwen3ForCausalLM) as a graph, with tensors named as in the HF checkpoint. Frozen
 * weights become initializers; trainable ones (all weights for full fine-tuning, the LoRA matrices under
 * their PEFT names for LoRA) become graph inputs.
 */
export function buildLlamaGraph(config: LlamaConfig, weights: ReadonlyMap<string, HostTensor>, options: LlamaGraphOptions): LlamaGraph {
  validateArchitecture(config);
  checkLlamaWeights(config, new Map([...weights].map(([n, t]) => [n, t.shape])), 'buildLlamaGraph');
  const dtype = options.dtype ?? 'float32';
  const b = new GraphBuilder(options.name ?? `llama.${options.objective}.${options.trainable.kind}`);
  const trainableInputs: TrainableInput[] = [];

  const inputIds = b.input(LLAMA_IO.inputIds, 'int64', ['batch', 'sequence']);
  const attentionMask = b.input(LLAMA_IO.attentionMask, 'int64', ['batch', 'sequence']);
  const scoresLabels = options.objective !== 'logits';
  const labels = scoresLabels ? b.input(LLAMA_IO.labels, 'int64', ['batch', 'sequence']) : undefined;
  const labelWeights = scoresLabels ? b.input(LLAMA_IO.labelWeights, dtype, ['batch', 'sequence']) : undefined;
  const positionsFromInput = (options.positions ?? (scoresLabels ? 'position-ids' : 'attention-mask')) === 'position-ids';
  const packedPositions = positionsFromInput ? b.input(LLAMA_IO.positionIds, 'int64', ['batch', 'sequence']) : undefined;

  const fullyTrainable = options.trainable.kind === 'full';
  const placed = new Map<string, Value>();
  const weight = (name: string): Value => {
    let v = placed.get(name);
    if (!v) {
      v = placeWeight(b, name, weights.get(name)!, fullyTrainable, dtype);
      if (fullyTrainable) trainableInputs.push({ name, shape: [...v.shape] as number[] });
      placed.set(name, v);
    }
    return v;
  };

  const lora = options.trainable.kind === 'lora' ? options.trainable.lora : undefined;
  const loraBranches = new Map<string, LoraBranch>();
  if (lora) {
    const useDropout = (options.loraDropout ?? scoresLabels) && lora.dropout > 0;
    const seed = useDropout ? b.input(LLAMA_IO.loraDropoutSeed, 'int64', []) : undefined;
    const scale = loraScale({ lora_alpha: lora.alpha, use_rslora: lora.useRslora }, lora.r);
    loraModulePaths(config.num_hidden_layers, resolveTargetModules(lora.targetModules)).forEach((modulePath, stream) => {
      const [outFeatures, inFeatures] = weights.get(`${modulePath}.weight`)!.shape as [number, number];
      const names = loraInputNames(modulePath);
      const A = b.input(names.A, dtype, [lora.r, inFeatures]);
      const B = b.input(names.B, dtype, [outFeatures, lora.r]);
      trainableInputs.push({ name: names.A, shape: [lora.r, inFeatures] }, { name: names.B, shape: [outFeatures, lora.r] });
      loraBranches.set(modulePath, { A, B, scale, ...(seed ? { dropout: { p: lora.dropout, seed, stream } } : {}) });
    });
  }

  let hidden = b.scope('model.embed_tokens', () => op.gather(b, weight('model.embed_tokens.weight'), inputIds, 0, 'model.embed_tokens'));
  const arch = architectureOf(config);
  const ctx: LayerContext = {
    config,
    arch,
    headDim: headDim(config),
    weight,
    lora: (modulePath) => loraBranches.get(modulePath),
    rotary: rotaryTables(b, packedPositions ?? positionIds(b, attentionMask), headDim(config), config.rope_theta, dtype, config.rope_scaling),
    attentionBias: causalPaddingBias(b, attentionMask, dtype, packedPositions, arch.slidingWindow),
  };
  for (let i = 0; i < config.num_hidden_layers; i++) {
    const layerInput = hidden;
    if (!options.recompute) {
      hidden = decoderLayer(b, ctx, i, layerInput);
      continue;
    }
    const { result, nodes } = nodesAddedBy(b, () => decoderLayer(b, ctx, i, layerInput));
    b.addRegion(recomputedRegion(b, `model.layers.${i}`, nodes, layerInput, result));
    hidden = result;
  }
  hidden = b.scope('model.norm', () => rmsNorm(b, hidden, weight('model.norm.weight'), config.rms_norm_eps));
  const head = weight(config.tie_word_embeddings ? 'model.embed_tokens.weight' : 'lm_head.weight');
  const logitsOf = () => b.scope('lm_head', () => unflattenRows(b, op.gemm(b, flattenRows(b, hidden), head, { transB: true }), hidden, LLAMA_IO.logits));
  const chunks = options.lossChunks ?? defaultLossChunks(config.vocab_size);
  const scoresFor = (targets: Value): TokenScores =>
    chunks === 0 ? tokenScoresFromLogits(b, logitsOf(), targets) : chunkedTokenScores(b, hidden, head, targets, chunks, { rowsGradientInForward: options.training === true && options.trainable.kind === 'lora' });

  if (options.objective === 'logits') {
    b.output(logitsOf());
  } else if (options.objective === 'sequence-logps') {
    const { logps, weights: rowWeights } = sequenceLogProbs(b, scoresFor, labels!, labelWeights!);
    b.output(logps, LLAMA_IO.sequenceLogps);
    b.output(rowWeights, LLAMA_IO.sequenceLabelWeights);
  } else {
    const { loss, accuracy } = causalLmLoss(b, scoresFor, labels!, labelWeights!);
    b.output(loss);
    b.output(accuracy);
  }
  return { graph: b.build(), trainableInputs };
}

function validateArchitecture(config: LlamaConfig): void {
  if (config.hidden_act !== undefined && config.hidden_act !== 'silu') {
    throw new Error(`unsupported hidden_act '${config.hidden_act}' (the Llama MLP uses silu)`);
  }
  if (config.num_attention_heads % config.num_key_value_heads !== 0) {
    throw new Error(`num_attention_heads (${config.num_attention_heads}) must be a multiple of num_key_value_heads (${config.num_key_value_heads})`);
  }
  if (headDim(config) % 2 !== 0) throw new Error(`head_dim ${headDim(config)} must be even for rotary embeddings`);
}
