import { expectedWeightShapes, parameterCount } from '../io/model-folder/llama-weight-layout';
import { defaultLossChunks } from '../model/chunked-token-nll';
import type { LlamaConfig } from '../model/llama-config';
import { resolveTargetModules, type LoraSettings } from '../model/lora';

export interface TrainingMemoryInput {
  config: LlamaConfig;
  /** Full fine-tuning `inPlace` trains the base weights' own arrays (TrainingMethod's option): the model is held once. */
  method: { kind: 'full'; inPlace?: boolean } | { kind: 'lora'; r: number; targetModules: LoraSettings['targetModules'] };
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
    /** The trained tensors: LoRA matrices, or a copy of every weight for full fine-tuning (none when trained in place). */
    trainable: number;
    /** AdamW's two float32 moments per trained value. */
    optimizer: number;
    /**
     * Gradients: the buffers the graph writes into, onnxruntime-node's copy of them as the run returns
     * (freed at once, but alive at the step's end), an accumulator, full fine-tuning's LM head gradient in the arena.
     */
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
/** The process before the model: Node.js, ONNX Runtime's library and thread pools (measured: 0.095-0.105 GB; fitted 0.094). */
const RUNTIME_BYTES = 0.1e9;
/**
 * Per token and layer, the forward tensors the backward pass reads (the built graphs' liveness on both
 * presets): ~13.5 hidden-sized vectors (norm inputs and outputs, q/k/v, attention context, residuals,
 * LoRA inputs) and ~4.7 intermediate-sized ones (gate, up, SiLU and its product); plus the softmax
 * probabilities, heads × T per token.
 */
const SAVED_HIDDEN_VECTORS = 13.5;
const SAVED_INTERMEDIATE_VECTORS = 4.7;
/**
 * ARENA_OVERHEAD: bytes ONNX Runtime's CPU arena holds per byte of the modelled working set (saved layer
 * inputs, one layer's recomputed tensors and their gradients, the loss chunk): fitted on a 4-layer
 * SmolLM2-135M LoRA probe at 4 × 256 tokens (`bench/memory-probe.ts`, 0.447 GB) and kept since.
 *
 * With recomputation, fitted by least squares on calibration runs that are not benchmark rows
 * (`npx tsx bench/memory-probe.ts --preset smollm2-135m --layers 4|8 --method lora --rows R --seq T`,
 * 2 steps: 4 and 8 layers at 4 × 256 and 1 × 2048, 4 layers at 1 × 1024; residuals under 13 MB), then
 * checked, not refitted, against every preset row (the trainer README's table):
 * - RUNTIME_BYTES above (fitted 0.094 GB, what the probes print before loading anything);
 * - LAYER_BYTES + LAYER_OVERHEAD × the layer's weight bytes: what the process holds per decoder layer beyond
 *   its weights, saved input and LoRA state (ONNX Runtime's per-node kernels and small per-layer blocks). Refitted
 *   on the per-layer slope of 4- and 8-layer LoRA probes at 4 × 256 at both layer shapes (`--preset
 *   smollm2-135m|qwen2.5-0.5b --layers 4|8`: 0.447 / 0.544 and 1.228 / 1.532 GB, so 6.7 MB a layer beyond the
 *   counted parts at SmolLM2's 14.2 MB layers and 10.1 MB at Qwen2.5's 59.6 MB ones): the old single
 *   coefficient (0.35 × weight bytes, fitted on SmolLM2 only) over-predicted Qwen's rows by ~0.26 GB;
 * - ATTENTION_BLOCKS: rows × heads × T × T float blocks live while a layer's attention is recomputed and
 *   differentiated (scores, probabilities, their gradients): what makes long rows cost more than their tokens.
 * HEAD_GRADIENT_COPIES: full fine-tuning's [vocab, hidden] gradient blocks the arena holds (the LM head's
 * slices, their concatenation, the tied embedding's looked-up rows added into it), from a 4-layer full probe
 * at 4 × 256 less everything else: refitted after the rows were added into the head's gradient instead of a
 * zero block (1.380 GB measured, 1.592 before; the 8-layer one, not fitted, 1.664 measured, 1.689 predicted).
 */
const ARENA_OVERHEAD = 0.73;
const LAYER_BYTES = 5.7e6;
const LAYER_OVERHEAD = 0.073;
const ATTENTION_BLOCKS = 2.35;
const HEAD_GRADIENT_COPIES = 2.2;
/**
 * The plain (no recomputation) graph's arena per layer, where every layer's saved tensors stay alive until
 * the backward pass reaches it: multiples of the layer's saved token vectors (the SAVED_* vectors above)
 * and of its rows × heads × T × T attention blocks. Fitted by least squares on relative residuals, no
 * intercept, on calibration runs that are not benchmark rows (12-07 23:28-23:35 UTC, after RMSNorm and SiLU
 * were fused and LoRA's down products stacked): `npx tsx bench/memory-probe.ts --recompute off --steps 2`
 * with `--preset smollm2-135m --layers 4|8 --method lora` at 4 × 256 (0.631 / 0.904 GB) and 1 × 2048
 * (1.683 / 3.570), `--method full` at 4 × 256 (1.426 / 1.953), and `--preset qwen2.5-0.5b --layers 4|8
 * --method lora` at 4 × 256 (1.578 / 2.388), `--layers 4` at 1 × 2048 (3.149): residuals -12 % (135M 8 layers,
 * 1 × 2048) to +12 % (Qwen 4 layers, 1 × 2048). A third term in the layer's weight bytes fitted to -0.1, so it
 * is gone. Checked, not refitted, on the preset rows without recomputation (the trainer README's plain-graph
 * table). It replaces { live: 1.08, weights: 2.3 } (× saved tensors, × weight bytes), measured before parameter
 * gradients were scheduled early: 4.00 GB for the 135M LoRA row that now measures 2.6, which turned 'auto'
 * recomputation (~+35 % step time) on for runs that fit.
 */
const PLAIN_ARENA_PER_LAYER = { tokens: 0.83, attention: 1.58 } as const;

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
  const vocab = config.vocab_size;
  const layers = config.num_hidden_layers;
  const tokens = rows * seq;
  const trained = trainableParameters(config, input.method);
  const accumulates = input.objective === 'dpo' || (input.microBatches ?? 1) > 1;

  const attentionProbs = rows * config.num_attention_heads * seq * seq * FLOAT;
  const savedTokenVectors = tokens * (SAVED_HIDDEN_VECTORS * d + SAVED_INTERMEDIATE_VECTORS * f) * FLOAT;
  const livePerLayer = savedTokenVectors + attentionProbs;
  // Recomputation keeps each layer's input (one hidden vector a token) and works on one layer at a time:
  // its recomputed tensors plus their gradients. Without it every layer's saved tensors stay alive.
  const recomputed =
    ARENA_OVERHEAD * (layers * tokens * d * FLOAT + 2 * savedTokenVectors) +
    ATTENTION_BLOCKS * attentionProbs +
    layers * (LAYER_BYTES + LAYER_OVERHEAD * layerWeightBytes(config));
  // The plain graph holds at least what the recomputing one does (its per-layer kernels too): the floor
  // matters only for short micro-batches, below the 1,024-token probes its coefficients were fitted on.
  const plain = layers * (PLAIN_ARENA_PER_LAYER.tokens * savedTokenVectors + PLAIN_ARENA_PER_LAYER.attention * attentionProbs);
  const activations = input.recompute ? recomputed : Math.max(plain, recomputed);
  const chunks = input.lossChunks ?? defaultLossChunks(vocab);
  // A chunk's logits, probabilities and their gradient, plus the hidden states split into chunks.
  const lossHead = ARENA_OVERHEAD * (3 * Math.ceil(tokens / Math.max(1, chunks)) * vocab * FLOAT + 3 * tokens * d * FLOAT);
  // Full fine-tuning's LM head / embedding gradient ([vocab, d]) blocks in the arena.
  const headGradient = input.method.kind === 'full' ? HEAD_GRADIENT_COPIES * vocab * d * FLOAT : 0;
  // The reference session (forward only) holds about one layer's tensors and the head's chunk.
  const reference = input.objective === 'dpo' ? ARENA_OVERHEAD * livePerLayer + lossHead : 0;

  const parts = {
    runtime: RUNTIME_BYTES,
    weights: parameterCount(config) * FLOAT,
    trainable: input.method.kind === 'full' && input.method.inPlace ? 0 : trained * FLOAT,
    optimizer: 2 * trained * FLOAT,
    // The buffers the graph writes each step's gradients into, the binding's copy of them, an accumulator
    // over micro-batches, and the head's.
    gradients: trained * FLOAT * (2 + (accumulates ? 1 : 0)) + headGradient,
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
