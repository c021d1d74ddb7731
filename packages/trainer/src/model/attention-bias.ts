import type { DType } from '../graph/dtype';
import type { Value } from '../graph/graph';
import type { GraphBuilder } from '../graph/graph-builder';
import * as op from '../graph/ops';

/**
 * Large enough that exp(score + MASKED) is exactly 0 in float32 and float64, small enough that adding
 * it never overflows (HF uses the dtype's minimum).
 */
export const MASKED_SCORE = -1e9;

/**
 * Additive attention bias [B, 1, 1, T, T] (the two unit axes broadcast over kv-head groups and heads):
 * 0 where query i may attend key j, MASKED_SCORE elsewhere. Key j is allowed when j ≤ i, it is not
 * padding, and, when `positionIds` is given, it belongs to the same packed example as query i (a new
 * example starts wherever the position restarts at 0). With a `slidingWindow` W (Mistral), key j must
 * also satisfy i - j < W, as transformers' sliding_window_overlay. Built once and shared by every layer.
 */
export function causalPaddingBias(b: GraphBuilder, attentionMask: Value, dtype: DType, positionIds?: Value, slidingWindow?: number): Value {
  return b.scope('model.attention_bias', () => {
    const seqLen = op.reshape(b, op.shape(b, attentionMask, 1, 2), []);
    const index = op.range(b, b.scalar(0, 'int64'), seqLen, b.scalar(1, 'int64'), attentionMask.shape[1]);
    const query = op.unsqueeze(b, index, [1]);
    const key = op.unsqueeze(b, index, [0]);
    let causal = op.greaterOrEqual(b, query, key); // [T, T]: i >= j
    if (slidingWindow !== undefined) causal = op.and(b, causal, op.less(b, op.sub(b, query, key), b.scalar(slidingWindow, 'int64')));
    const keyIsToken = op.unsqueeze(b, op.cast(b, attentionMask, 'bool'), [1, 2, 3]); // [B, 1, 1, 1, T]
    let allowed = op.and(b, causal, keyIsToken);
    if (positionIds) {
      const segment = op.cumSum(b, op.cast(b, op.equal(b, positionIds, 0), 'int64'), 1); // [B, T]
      const sameExample = op.equal(b, op.unsqueeze(b, segment, [1, 2, 4]), op.unsqueeze(b, segment, [1, 2, 3])); // [B,1,1,T,T]
      allowed = op.and(b, allowed, sameExample);
    }
    return op.where(b, allowed, b.scalar(0, dtype), b.scalar(MASKED_SCORE, dtype), 'model.attention_bias');
  });
}
