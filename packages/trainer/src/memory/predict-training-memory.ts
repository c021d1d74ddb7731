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
 * ONNX Runtime's CPU arena grows in doubling extensions and keeps every page it touched: its resident
 * size runs above the live tensors at the peak (measured 1.0x-1.6x on the presets; bench/presets).
 */
const ARENA_OVERHEAD = 1.3;
/**
 * Per token and layer, the forward tensors the backward pass reads (from the built graphs' liveness on
 * both presets): ~13.5 hidden-sized vectors (norm inputs and outputs, q/k/v, attention context,
 * residuals, LoRA inputs) and ~4.7 intermediate-sized ones (gate, up, SiLU and its product); plus the
 * softmax probabilities, heads × T per token.
 */
const SAVED_HIDDEN_VECTORS = 13.5;
const SAVED_INTERMEDIATE_VECTORS = 4.7;
/** With recomputation a layer keeps its input (and the residual the tie reads): ~2.3 hidden vectors a token. */
const RECOMPUTE_SAVED_HIDDEN_VECTORS = 2.3;

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

  const attentionProbs = rows * config.num_attention_heads * seq * seq * FLOAT;
  const savedPerLayer = tokens * (SAVED_HIDDEN_VECTORS * d + SAVED_INTERMEDIATE_VECTORS * f) * FLOAT + attentionProbs;
  // The recomputed layer holds one plain layer's tensors plus the attention backward's square temporaries.
  const activations = input.recompute
    ? layers * (tokens * RECOMPUTE_SAVED_HIDDEN_VECTORS * d * FLOAT) + savedPerLayer + attentionProbs
    : layers * savedPerLayer;
  const chunks = input.lossChunks ?? defaultLossChunks(config.vocab_size);
  // A chunk's logits, probabilities and their gradient, plus the hidden states split into chunks.
  const lossHead = 3 * Math.ceil(tokens / Math.max(1, chunks)) * config.vocab_size * FLOAT + 3 * tokens * d * FLOAT;
  const reference = input.objective === 'dpo' ? savedPerLayer + lossHead : 0;

  const parts = {
    runtime: RUNTIME_BYTES,
    weights: parameterCount(config) * FLOAT,
    trainable: trained * FLOAT,
    optimizer: 2 * trained * FLOAT,
    gradients: trained * FLOAT * (1 + ARENA_OVERHEAD + (accumulates ? 1 : 0)),
    activations: ARENA_OVERHEAD * activations,
    lossHead: ARENA_OVERHEAD * lossHead,
    reference: ARENA_OVERHEAD * reference,
  };
  return { total: Object.values(parts).reduce((a, b) => a + b, 0), parts };
}

/** Whether a step needs recomputation to fit `budgetBytes`: it does when it would not fit without it. */
export function needsRecompute(input: Omit<TrainingMemoryInput, 'recompute'>, budgetBytes: number): boolean {
  return predictTrainingMemory({ ...input, recompute: false }).total > budgetBytes;
}
