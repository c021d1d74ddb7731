import type { Value } from '../graph/graph';
import type { GraphBuilder } from '../graph/graph-builder';
import * as op from '../graph/ops';

/**
 * `x` itself, available only once `after` exists: ONNX Runtime runs a node as soon as its inputs exist;
 * this data dependency holds back work (a recomputation, the next chunk, the gradient flowing on) until
 * the tensors it would otherwise be held beside are gone.
 *
 * A Reshape of `x` to its own shape, where the shape tensor is Shape(x) + (one element of `after` <
 * itself, always false, cast to 0): ONNX Runtime's Reshape hands back x's buffer, so the tie costs a few
 * scalar nodes instead of a pass over x (the earlier `x + 0 · after[0]` wrote a copy of x, and turned it
 * into NaN when that element was infinite). The comparison cannot be folded away: it reads a value that
 * exists only at run time.
 */
export function tieAfter(b: GraphBuilder, x: Value, after: Value | undefined): Value {
  if (!after) return x;
  const one = op.slice(b, op.reshape(b, after, [-1]), [0], [1]);
  const zero = op.cast(b, op.less(b, one, one), 'int64');
  const target = op.add(b, op.shape(b, x), zero);
  return b.node('Reshape', [x, target], [{ dtype: x.dtype, shape: x.shape }])[0]!;
}
