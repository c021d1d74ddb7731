import type { DType } from '../graph/dtype';
import type { Value } from '../graph/graph';
import type { GraphBuilder } from '../graph/graph-builder';
import * as op from '../graph/ops';
import type { RopeScaling } from './llama-config';
import { hostTensor } from '../tensor/host-tensor';

/**
 * RoPE inverse frequencies 1 / theta^(2i/d), computed in the graph's float type the way HF's
 * LlamaRotaryEmbedding does (float32 arithmetic for float32 graphs), then scaled as transformers'
 * `ROPE_INIT_FUNCTIONS` do: "linear" divides every frequency by the factor (positions / factor);
 * "llama3" divides low frequencies (wavelength > original context / low_freq_factor) by the factor,
 * keeps high ones (wavelength < original context / high_freq_factor) and interpolates between.
 */
export function inverseFrequencies(headDim: number, theta: number, dtype: DType, scaling?: RopeScaling): number[] {
  const r = dtype === 'float32' ? Math.fround : (v: number) => v;
  const base = Array.from({ length: headDim / 2 }, (_, i) => r(1 / r(Math.pow(theta, r(r(2 * i) / headDim)))));
  if (!scaling) return base;
  if (scaling.rope_type === 'linear') return base.map((f) => r(f / scaling.factor));
  const { factor, low_freq_factor: low, high_freq_factor: high, original_max_position_embeddings: context } = scaling;
  const lowFreqWavelen = context / low;
  const highFreqWavelen = context / high;
  return base.map((f) => {
    const wavelen = (2 * Math.PI) / f;
    if (wavelen < highFreqWavelen) return f;
    if (wavelen > lowFreqWavelen) return r(f / factor);
    const smooth = (context / wavelen - low) / (high - low);
    return r((1 - smooth) * (f / factor) + smooth * f);
  });
}

/**
 * Position of each token: its index among the row's attended tokens (cumsum(mask) - 1), as HF's
 * generate computes it; padding positions get 1. For right-padded training rows this is 0..n-1, as in
 * HF training.
 */
export function positionIds(b: GraphBuilder, attentionMask: Value): Value {
  const positions = op.sub(b, op.cumSum(b, attentionMask, 1), 1);
  return op.where(b, op.equal(b, attentionMask, 0), 1, positions, 'position_ids');
}

export interface RotaryTables {
  cos: Value;
  /** sin with its first half negated, [-sin, sin]: rotate_half(x)·sin = [x₂, x₁]·signedSin, so no Neg of x₂ (nor of its gradient). */
  signedSin: Value;
}

/** cos and signed sin of position * inverse frequency over both halves of the head: [B, T, headDim]. */
export function rotaryTables(b: GraphBuilder, positions: Value, headDim: number, theta: number, dtype: DType, scaling?: RopeScaling): RotaryTables {
  return b.scope('model.rotary_emb', () => {
    const invFreq = b.constant(hostTensor(dtype, [headDim / 2], inverseFrequencies(headDim, theta, dtype, scaling)), 'inv_freq');
    const freqs = op.mul(b, op.unsqueeze(b, op.cast(b, positions, dtype), [-1]), invFreq);
    const cos = op.cos(b, freqs);
    const sin = op.sin(b, freqs);
    return { cos: op.concat(b, [cos, cos], -1, 'model.rotary_emb.cos'), signedSin: op.concat(b, [op.neg(b, sin), sin], -1, 'model.rotary_emb.signed_sin') };
  });
}

/**
 * HF apply_rotary_pos_emb for one tensor [..., T, headDim]: x·cos + rotate_half(x)·sin with rotate_half(x) =
 * [-x₂, x₁], computed as x·cos + [x₂, x₁]·signedSin (the same numbers: negation is exact).
 */
export function applyRotary(b: GraphBuilder, x: Value, cos: Value, signedSin: Value): Value {
  const half = (x.shape[x.shape.length - 1] as number) / 2;
  const [x1, x2] = op.split(b, x, [half, half], -1);
  const swapped = op.concat(b, [x2!, x1!], -1);
  return op.add(b, op.mul(b, x, cos), op.mul(b, swapped, signedSin));
}
