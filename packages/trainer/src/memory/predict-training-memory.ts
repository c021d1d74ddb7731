import { expectedWeightShapes, parameterCount } from '../io/model-folder/llama-weight-layout';
import { defaultLossChunks } from '../model/chunked-token-nll';
import type { LlamaConfig } from '../model/llama-config';
import { resolveTargetModules, type LoraSettings } from '../model/lora';

export interface TrainingMemoryInput {
  config: LlamaConfig;
  method: { kind: 'full' } | { kind: 'lora'; r: number; targetModules: LoraSettings['targetModules'] };
  objective: 'sft' | 'dpo';
  /** Sequences per micro-batch (DPO: chosen + rejected rows). */
  rows: number;
  /** Tokens per sequence (the longest row the run feeds). */
  seq: number;
  /** Per-layer activation recomputation in the training graph. */
  recompute: boolean;
  /** Micro-batches per optimizer step (more than one keeps a gradient accumulator). Default 1. */
  microBatches?: number;
  lossChunks?: number;
}

/** Bytes of each part of a training process at its peak, and their sum. */
export interface TrainingMemoryEstimate {
  total: number;
  parts: {
    /** Node.js, ONNX Runtime and the rest of the process before any model is loaded. */
    runtime: number;
    /** The frozen base weights, float32, held once (every session reads them in place). */
    weights: number;
    /** The trained tensors: LoRA matrices, or a copy of every weight for full fine-tuning. */
    trainable: number;
    /** AdamW's two float32 moments per trained value. */
    optimizer: number;
    /** Gradients: the graph's outputs in ONNX Runtime's arena, their host copy, an accumulator. */
    gradients: number;
    /** Tensors the forward pass keeps for the backward pass, plus the largest working set. */
    activations: number;
    /** The chunked LM head and cross-entropy working set. */
    lossHead: number;
    /** DPO: the reference pass's own session (forward only). */
    reference: number;
  };
}

const FLOAT = 4;
/** The process before the model: Node.js, ONNX Runtime's library and thread pools (measured: ~0.19 GB). */
const RUNTIME_BYTES = 0.2e9;
/**
 * Per token and layer, the forward tensors the backward pass reads (the built graphs' liveness on both
 * presets): ~13.5 hidden-sized vectors (norm inputs and outputs, q/k/v, attention context, residuals,
 * LoRA inputs) and ~4.7 intermediate-sized ones (gate, up, SiLU and its product); plus the softmax
 * probabilities, heads × T per token.
 */
const SAVED_HIDDEN_VECTORS = 13.5;
const SAVED_INTERMEDIATE_VECTORS = 4.7;
/**
 * What ONNX Runtime's CPU arena actually holds per layer at the peak, as multiples of the layer's live
 * tensors and of its weight bytes: fitted to the peak RSS measured on the presets (bench/presets; the
 * trainer README has the table). The arena keeps every page it touched and fragments between the
 * tensors a layer keeps and the ones it frees, so recomputation holds far more than the layer inputs
 * the graph keeps alive (liveness: ~2.3 hidden vectors a token); the weight term is a per-layer block
 * of about two layers' weight bytes that both modes hold (measured, cause not yet pinned down).
 */
const ARENA_PER_LAYER = {
  plain: { live: 1.08, weights: 2.3 },
  recompute: { live: 0.37, weights: 2.08 },
} as const;
/**
 * Full fine-tuning's gradients beyond the host copy: the graph outputs in the arena and what the arena
 * keeps around them, in multiples of the trained bytes (fitted on the 135M preset: 2.0 plain, 4.9 with
 * recomputation).
 */
const ARENA_GRADIENT_COPIES = { plain: 2.0, recompute: 4.9 } as const;

/** Trained values: every weight, or r · (in + out) per adapted linear layer. */
export function trainableParameters(config: LlamaConfig, method: TrainingMemoryInput['method']): number {
  if (method.kind === 'full') return parameterCount(config);
  const targets = new Set<string>(resolveTargetModules(method.targetModules));
  let n = 0;
  for (const [name, shape] of expectedWeightShapes(config)) {
    const module = /\.([a-z_]+_proj)\.weight$/.exec(name)?.[1];
    if (module && targets.has(module)) n += method.r * (shape[0]! + shape[1]!);
  }
  return n;
}

/** Bytes of one decoder layer's weights (projections, biases, norms). */
function layerWeightBytes(config: LlamaConfig): number {
  let n = 0;
  for (const [name, shape] of expectedWeightShapes(config)) if (name.startsWith('model.layers.0.')) n += shape.reduce((a, b) => a * b, 1);
  return n * FLOAT;
}

/**
 * The peak resident memory of a training process for one micro-batch shape: what the trainer holds
 * (weights once, trainable state, AdamW moments, gradients) plus ONNX Runtime's arena at the step's
 * peak (saved activations, the largest working set, the LM head's chunk). Checked against measured
 * peak RSS by `npm run bench:trainer -- --preset ...` (the table in the trainer README).
 */
export function predictTrainingMemory(input: TrainingMemoryInput): TrainingMemoryEstimate {
  const { config, rows, seq } = input;
  const d = config.hidden_size;
  const f = config.intermediate_size;
  const layers = config.num_hidden_layers;
  const tokens = rows * seq;
  const trained = trainableParameters(config, input.method);
  const accumulates = input.objective === 'dpo' || (input.microBatches ?? 1) > 1;

  const mode = input.recompute ? 'recompute' : 'plain';
  const attentionProbs = rows * config.num_attention_heads * seq * seq * FLOAT;
  const livePerLayer = tokens * (SAVED_HIDDEN_VECTORS * d + SAVED_INTERMEDIATE_VECTORS * f) * FLOAT + attentionProbs;
  const activations = layers * (ARENA_PER_LAYER[mode].live * livePerLayer + ARENA_PER_LAYER[mode].weights * layerWeightBytes(config));
  const chunks = input.lossChunks ?? defaultLossChunks(config.vocab_size);
  // A chunk's logits, probabilities and their gradient, plus the hidden states split into chunks.
  const lossHead = 3 * Math.ceil(tokens / Math.max(1, chunks)) * config.vocab_size * FLOAT + 3 * tokens * d * FLOAT;
  // The reference session (forward only) holds about one layer's tensors and the head's chunk.
  const reference = input.objective === 'dpo' ? livePerLayer + lossHead : 0;
  const fullGradients = input.method.kind === 'full' ? ARENA_GRADIENT_COPIES[mode] : 0;

  const parts = {
    runtime: RUNTIME_BYTES,
    weights: parameterCount(config) * FLOAT,
    trainable: trained * FLOAT,
    optimizer: 2 * trained * FLOAT,
    gradients: trained * FLOAT * (1 + fullGradients + (accumulates ? 1 : 0)),
    activations,
    lossHead,
    reference,
  };
  return { total: Object.values(parts).reduce((a, b) => a + b, 0), parts };
}

/** Whether a step needs recomputation to fit `budgetBytes`: it does when it would not fit without it. */
export function needsRecompute(input: Omit<TrainingMemoryInput, 'recompute'>, budgetBytes: number): boolean {
  return predictTrainingMemory({ ...input, recompute: false }).total > budgetBytes;
}
