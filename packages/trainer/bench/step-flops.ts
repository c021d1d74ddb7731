import type { LlamaConfig } from '../src/model/llama-config';
import { resolveTargetModules } from '../src/model/lora';

export interface FlopShape {
  config: LlamaConfig;
  batch: number;
  seq: number;
  /** LoRA rank and target modules; absent for full fine-tuning. */
  lora?: { r: number; targetModules: readonly string[] | 'all-linear' };
}

export interface StepFlops {
  forward: number;
  backward: number;
}

type Module = 'q_proj' | 'k_proj' | 'v_proj' | 'o_proj' | 'gate_proj' | 'up_proj' | 'down_proj';

/**
 * Matmul FLOPs (2 per multiply-add) of one forward and one backward pass, counted from the graph the
 * engine builds. With N = B·T tokens, d = hidden, q = heads·head_dim, k = kv_heads·head_dim,
 * f = intermediate, V = vocab, a = 2·B·heads·T²·head_dim:
 *
 *   forward, per layer:   2N·(d·q + 2·d·k + q·d + 3·d·f)  (q, k, v, o, gate, up, down)  +  2a  (QKᵀ and P·V,
 *                         the full T×T square)  +  2N·r·(in + out) per LoRA-adapted W[out, in]
 *   forward, lm_head:     2N·d·V
 *
 * Backward, full fine-tuning: every matmul twice (the gradient of each operand): 2 × forward.
 * Backward, LoRA: only gradients the loss needs of the LoRA matrices are built, so
 *   - a frozen projection costs 1 × its forward (input gradient) when its input depends on a LoRA
 *     matrix, else 0 (in layer 0, q/k/v read the frozen embeddings);
 *   - each LoRA pair costs 2 × its forward (gradients of A, B, the rank-r activations and the input),
 *     less the input gradient 2N·r·in where the input is frozen;
 *   - attention: dQ, dK, dV (a each) only for those that depend on a LoRA matrix, dP (a) when Q or K does;
 *   - lm_head: 1 × (input gradient).
 * bench/graph-flops.ts counts the same from the built graph; the bench prints both.
 */
export function stepFlops({ config, batch, seq, lora }: FlopShape): StepFlops {
  const N = batch * seq;
  const d = config.hidden_size;
  const headDim = config.head_dim ?? d / config.num_attention_heads;
  const q = config.num_attention_heads * headDim;
  const k = config.num_key_value_heads * headDim;
  const f = config.intermediate_size;
  const dims: Record<Module, { in: number; out: number }> = {
    q_proj: { in: d, out: q },
    k_proj: { in: d, out: k },
    v_proj: { in: d, out: k },
    o_proj: { in: q, out: d },
    gate_proj: { in: d, out: f },
    up_proj: { in: d, out: f },
    down_proj: { in: f, out: d },
  };
  const projection = (m: Module) => 2 * N * dims[m].in * dims[m].out;
  const attention = 2 * batch * config.num_attention_heads * seq * seq * headDim; // one of QKᵀ, P·V
  const lmHead = 2 * N * d * config.vocab_size;

  let forward = lmHead;
  let backward = lora ? lmHead : 2 * lmHead;
  if (!lora) {
    const perLayer = (Object.keys(dims) as Module[]).reduce((s, m) => s + projection(m), 0) + 2 * attention;
    return { forward: forward + config.num_hidden_layers * perLayer, backward: backward + 2 * config.num_hidden_layers * perLayer };
  }

  const targets = new Set<string>(resolveTargetModules(lora.targetModules));
  const loraForward = (m: Module) => (targets.has(m) ? 2 * N * lora.r * (dims[m].in + dims[m].out) : 0);
  let inputActive = false; // the embeddings are frozen
  for (let layer = 0; layer < config.num_hidden_layers; layer++) {
    // Which activations depend on a LoRA matrix (and so carry gradients) in this layer.
    const outActive = (m: Module, input: boolean): boolean => input || targets.has(m);
    const qActive = outActive('q_proj', inputActive);
    const kActive = outActive('k_proj', inputActive);
    const vActive = outActive('v_proj', inputActive);
    const attentionActive = qActive || kActive || vActive;
    const mlpInput: boolean = inputActive || outActive('o_proj', attentionActive);
    const downInput: boolean = outActive('gate_proj', mlpInput) || outActive('up_proj', mlpInput);
    const inputs: Record<Module, boolean> = {
      q_proj: inputActive,
      k_proj: inputActive,
      v_proj: inputActive,
      o_proj: attentionActive,
      gate_proj: mlpInput,
      up_proj: mlpInput,
      down_proj: downInput,
    };
    forward += 2 * attention;
    backward += attention * (Number(qActive) + Number(kActive) + Number(vActive) + Number(qActive || kActive));
    for (const m of Object.keys(dims) as Module[]) {
      forward += projection(m) + loraForward(m);
      const inputGradient = inputs[m];
      backward += (inputGradient ? projection(m) : 0) + 2 * loraForward(m);
      if (targets.has(m) && !inputGradient) backward -= 2 * N * lora.r * dims[m].in;
    }
    inputActive = mlpInput || outActive('down_proj', downInput);
  }
  return { forward, backward };
}
