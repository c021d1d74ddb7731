import type { Value } from '../graph/graph';
import type { GraphBuilder } from '../graph/graph-builder';
import * as op from '../graph/ops';

/** LlamaRMSNorm: weight * x / sqrt(mean(x², last axis) + eps). */
export function rmsNorm(b: GraphBuilder, x: Value, weight: Value, eps: number): Value {
  const variance = op.reduceMean(b, op.mul(b, x, x), [-1], true);
  const inverseRms = op.reciprocal(b, op.sqrt(b, op.add(b, variance, eps)));
  return op.mul(b, weight, op.mul(b, x, inverseRms));
}
