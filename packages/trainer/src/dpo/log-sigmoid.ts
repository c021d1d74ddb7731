import type { Value } from '../graph/graph';
import type { GraphBuilder } from '../graph/graph-builder';
import * as op from '../graph/ops';

/**
 * log σ(x) from primitives that have float64 kernels and gradient rules (ORT's Softplus has no
 * float64 kernel, and log(Sigmoid(x)) underflows to -inf below x ≈ -745):
 *   x ≥ 0: -log(1 + e^(-x))        x < 0: x - log(1 + e^x)
 * Each branch only ever sees inputs of its own sign (the "double where"), so neither branch
 * overflows and the branch not taken gets an exact zero gradient instead of 0 · ∞ = NaN.
 */
export function logSigmoid(b: GraphBuilder, x: Value, name?: string): Value {
  return b.scope('log_sigmoid', () => {
    const nonNegative = op.greaterOrEqual(b, x, 0);
    const positivePart = op.where(b, nonNegative, x, 0);
    const negativePart = op.where(b, nonNegative, 0, x);
    const log1pExp = (v: Value) => op.log(b, op.add(b, 1, op.exp(b, v)));
    const forPositive = op.neg(b, log1pExp(op.neg(b, positivePart)));
    const forNegative = op.sub(b, negativePart, log1pExp(negativePart));
    return op.where(b, nonNegative, forPositive, forNegative, name);
  });
}
