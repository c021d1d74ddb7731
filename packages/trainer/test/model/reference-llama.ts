/**
 * An independent, loop-by-loop float64 implementation of Hugging Face's LlamaForCausalLM forward pass
 * and causal-LM loss, written from the HF modeling code: the evidence the graph is checked against.
 */
import type { LlamaConfig } from '../../src/model/llama-config';
import type { HostTensor } from '../../src/tensor/host-tensor';

type Mat = Float64Array; // row-major [rows, cols]

function weight(weights: ReadonlyMap<string, HostTensor>, name: string): Float64Array {
  const t = weights.get(name);
  if (!t) throw new Error(`reference: missing ${name}`);
  return Float64Array.from(t.data as Float32Array);
}

/** y[n, out] = x[n, in] · W[out, in]ᵀ */
function linear(x: Mat, n: number, inF: number, w: Float64Array, outF: number): Mat {
  const y = new Float64Array(n * outF);
  for (let r = 0; r < n; r++)
    for (let o = 0; o < outF; o++) {
      let s = 0;
      for (let i = 0; i < inF; i++) s += x[r * inF + i]! * w[o * inF + i]!;
      y[r * outF + o] = s;
    }
  return y;
}

function rmsNorm(x: Mat, n: number, d: number, w: Float64Array, eps: number): Mat {
  const y = new Float64Array(n * d);
  for (let r = 0; r < n; r++) {
    let ms = 0;
    for (let i = 0; i < d; i++) ms += x[r * d + i]! ** 2;
    const inv = 1 / Math.sqrt(ms / d + eps);
    for (let i = 0; i < d; i++) y[r * d + i] = w[i]! * x[r * d + i]! * inv;
  }
  return y;
}

export interface ReferenceOptions {
  /** Extra deltas added to linear weights (merged LoRA: scale · B · A), by weight name. */
  weightDeltas?: Map<string, Float64Array>;
}

/** Logits [B][T][V] for right- or left-padded rows. */
export function referenceLogits(
  config: LlamaConfig,
  weights: ReadonlyMap<string, HostTensor>,
  inputIds: number[][],
  attentionMask: number[][],
  options: ReferenceOptions = {},
): number[][][] {
  const H = config.hidden_size;
  const nH = config.num_attention_heads;
  const nKv = config.num_key_value_heads;
  const D = config.head_dim ?? H / nH;
  const V = config.vocab_size;
  const I = config.intermediate_size;
  const W = (name: string) => {
    const w = weight(weights, name);
    const delta = options.weightDeltas?.get(name);
    if (delta) for (let i = 0; i < w.length; i++) w[i] = w[i]! + delta[i]!;
    return w;
  };
  const embed = W('model.embed_tokens.weight');
  const head = config.tie_word_embeddings ? embed : W('lm_head.weight');
  const out: number[][][] = [];
  for (let bi = 0; bi < inputIds.length; bi++) {
    const ids = inputIds[bi]!;
    const mask = attentionMask[bi]!;
    const T = ids.length;
    // HF generate's positions: cumsum(mask) - 1, padding -> 1
    let seen = 0;
    const pos = mask.map((m) => (m ? seen++ : 1));
    let h = new Float64Array(T * H);
    ids.forEach((id, t) => h.set(embed.subarray(id * H, (id + 1) * H), t * H));
    for (let l = 0; l < config.num_hidden_layers; l++) {
      const p = `model.layers.${l}`;
      const x = rmsNorm(h, T, H, W(`${p}.input_layernorm.weight`), config.rms_norm_eps);
      const q = linear(x, T, H, W(`${p}.self_attn.q_proj.weight`), nH * D);
      const k = linear(x, T, H, W(`${p}.self_attn.k_proj.weight`), nKv * D);
      const v = linear(x, T, H, W(`${p}.self_attn.v_proj.weight`), nKv * D);
      const rope = (m: Mat, heads: number) => {
        const r = new Float64Array(m.length);
        for (let t = 0; t < T; t++)
          for (let hh = 0; hh < heads; hh++)
            for (let d = 0; d < D; d++) {
              const i = d % (D / 2);
              const angle = pos[t]! * (1 / Math.pow(config.rope_theta, (2 * i) / D));
              const base = (t * heads + hh) * D;
              const rotated = d < D / 2 ? -m[base + d + D / 2]! : m[base + d - D / 2]!;
              r[base + d] = m[base + d]! * Math.cos(angle) + rotated * Math.sin(angle);
            }
        return r;
      };
      const qr = rope(q, nH);
      const kr = rope(k, nKv);
      const ctx = new Float64Array(T * nH * D);
      for (let hh = 0; hh < nH; hh++) {
        const kvh = Math.floor(hh / (nH / nKv)); // repeat_kv
        for (let i = 0; i < T; i++) {
          const scores = new Float64Array(T);
          for (let j = 0; j < T; j++) {
            let s = 0;
            for (let d = 0; d < D; d++) s += qr[(i * nH + hh) * D + d]! * kr[(j * nKv + kvh) * D + d]!;
            scores[j] = s / Math.sqrt(D) + (j <= i && mask[j] ? 0 : -1e9);
          }
          const mx = Math.max(...scores);
          const e = scores.map((s) => Math.exp(s - mx));
          const z = e.reduce((a, c) => a + c, 0);
          for (let j = 0; j < T; j++)
            for (let d = 0; d < D; d++) ctx[(i * nH + hh) * D + d]! += (e[j]! / z) * v[(j * nKv + kvh) * D + d]!;
        }
      }
      const o = linear(ctx, T, nH * D, W(`${p}.self_attn.o_proj.weight`), H);
      h = h.map((val, idx) => val + o[idx]!);
      const x2 = rmsNorm(h, T, H, W(`${p}.post_attention_layernorm.weight`), config.rms_norm_eps);
      const gate = linear(x2, T, H, W(`${p}.mlp.gate_proj.weight`), I);
      const up = linear(x2, T, H, W(`${p}.mlp.up_proj.weight`), I);
      const act = gate.map((g, idx) => (g / (1 + Math.exp(-g))) * up[idx]!);
      const down = linear(act, T, I, W(`${p}.mlp.down_proj.weight`), H);
      h = h.map((val, idx) => val + down[idx]!);
    }
    const hn = rmsNorm(h, T, H, W('model.norm.weight'), config.rms_norm_eps);
    const logits = linear(hn, T, H, head, V);
    out.push(Array.from({ length: T }, (_, t) => Array.from(logits.subarray(t * V, (t + 1) * V))));
  }
  return out;
}

/** HF causal-LM loss with per-token weights: logits at t predict labels at t+1; Σ w·nll / Σ w over labels ≠ -100. */
export function referenceLoss(logits: number[][][], labels: number[][], labelWeights: number[][]): { loss: number; accuracy: number } {
  let num = 0;
  let den = 0;
  let hits = 0;
  let scored = 0;
  logits.forEach((rows, bi) => {
    for (let t = 0; t + 1 < rows.length; t++) {
      const label = labels[bi]![t + 1]!;
      if (label === -100) continue;
      const w = labelWeights[bi]![t + 1]!;
      const row = rows[t]!;
      const mx = Math.max(...row);
      const lse = mx + Math.log(row.reduce((a, v) => a + Math.exp(v - mx), 0));
      num += w * (lse - row[label]!);
      den += w;
      if (w > 0) {
        scored++;
        if (row.indexOf(mx) === label) hits++;
      }
    }
  });
  return { loss: num / den, accuracy: hits / Math.max(scored, 1) };
}
