import type { Value } from '../graph/graph';
import type { GraphBuilder } from '../graph/graph-builder';
import * as op from '../graph/ops';

/**
 * `x` + 0 · (one element of `after`): the same values, computed only once `after` exists. ONNX Runtime
 * runs a node as soon as its inputs exist; this data dependency holds back work (a recomputation, the
 * next chunk) until the tensors it would otherwise be held beside are gone.
 */
export function tieAfter(b: GraphBuilder, x: Value, after: Value | undefined): Value {
  if (!after) return x;
  const one = op.reshape(b, op.slice(b, op.reshape(b, after, [-1]), [0], [1]), []);
  return op.add(b, x, op.mul(b, op.cast(b, one, x.dtype), 0));
}
