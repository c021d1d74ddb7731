import type { Value } from '../graph/graph';
import type { GraphBuilder } from '../graph/graph-builder';
import * as op from '../graph/ops';
import { applyRotary, type RotaryTables } from './rotary';

export interface AttentionShape {
  numHeads: number;
  numKvHeads: number;
  headDim: number;
}

/**
 * LlamaAttention with grouped-query attention (optionally Qwen3's per-head q/k RMSNorm). Heads are laid out [B, kvHeads, group, T, D]: each group of
 * query heads shares one kv head through MatMul broadcasting over the group axis, which is what HF's
 * repeat_kv computes (query head h uses kv head h / group) without copying K and V.
 */
export function selfAttention(
  b: GraphBuilder,
  x: Value,
  /** The named projections of one input, in order (q, k and v together: see linearsOfOneInput). */
  proj: (names: readonly ('q_proj' | 'k_proj' | 'v_proj' | 'o_proj')[], input: Value) => Value[],
  shape: AttentionShape,
  rotary: RotaryTables,
  bias: Value,
  headNorms?: { q: (heads: Value) => Value; k: (heads: Value) => Value },
): Value {
  const { numHeads, numKvHeads, headDim } = shape;
  const group = numHeads / numKvHeads;
  const heads = (t: Value, perKv: number) => op.transpose(b, op.reshape(b, t, [0, 0, numKvHeads, perKv, headDim]), [0, 2, 3, 1, 4]);
  const cos = op.unsqueeze(b, rotary.cos, [1, 2]);
  const signedSin = op.unsqueeze(b, rotary.signedSin, [1, 2]);
  // Qwen3 normalises each head over its D features before RoPE.
  const [qProj, kProj, vProj] = proj(['q_proj', 'k_proj', 'v_proj'], x);
  const qHeads = heads(qProj!, group); // [B, kv, group, T, D]
  const kHeads = heads(kProj!, 1); // [B, kv, 1, T, D]
  const q = applyRotary(b, headNorms ? headNorms.q(qHeads) : qHeads, cos, signedSin);
  const k = applyRotary(b, headNorms ? headNorms.k(kHeads) : kHeads, cos, signedSin);
  const v = heads(vProj!, 1);
  const scores = op.mul(b, op.matMul(b, q, op.transpose(b, k, [0, 1, 2, 4, 3])), 1 / Math.sqrt(headDim));
  const probs = op.softmax(b, op.add(b, scores, bias), -1);
  const context = op.transpose(b, op.matMul(b, probs, v), [0, 3, 1, 2, 4]); // [B, T, kv, group, D]
  return proj(['o_proj'], op.reshape(b, context, [0, 0, numHeads * headDim]))[0]!;
}
