import type { Value } from '../../graph/graph';
import type { GraphBuilder } from '../../graph/graph-builder';
import * as op from '../../graph/ops';

/** Swaps the last two axes (matrix transpose of every matrix in a batch). */
export function transposeLast2(b: GraphBuilder, x: Value): Value {
  const r = x.shape.length;
  const perm = x.shape.map((_, i) => i);
  perm[r - 1] = r - 2;
  perm[r - 2] = r - 1;
  return op.transpose(b, x, perm);
}

/** `x` collapsed to [-1, last dim]. */
export function flattenToMatrix(b: GraphBuilder, x: Value): Value {
  const last = x.shape[x.shape.length - 1]!;
  if (typeof last === 'number') return op.reshape(b, x, [-1, last]);
  return op.reshape(b, x, op.concat(b, [b.int64s([-1]), op.shape(b, x, -1)], 0));
}

/** The constant axes a ReduceSum, ReduceMean, Squeeze or Unsqueeze node read from its second input (undefined: all axes / none given). */
export function constantAxes(b: GraphBuilder, axesInput: string | undefined, opType: string): number[] | undefined {
  if (!axesInput) return undefined;
  const dims = b.shapeValue(axesInput);
  if (!dims || dims.some((d) => typeof d !== 'number')) {
    throw new Error(`${opType} gradient needs constant axes; '${axesInput}' is computed at run time`);
  }
  return dims as number[];
}
