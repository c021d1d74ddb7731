import { sameDim, sameShape } from '../graph/dims';
import type { Value } from '../graph/graph';
import type { GraphBuilder } from '../graph/graph-builder';
import * as op from '../graph/ops';

/**
 * Sums a gradient computed at a broadcast output shape back to the shape of the operand `x`:
 * over the leading axes `x` lacks and over the axes where `x` has size 1. Every broadcasting
 * rule (Add, Mul, Where, Expand, MatMul batch axes...) goes through here.
 *
 * When static shapes decide which axes were broadcast this is one ReduceSum (+ Reshape to drop
 * leading axes); otherwise the axes are computed at run time from Shape(x) and Shape(grad).
 */
export function unbroadcast(b: GraphBuilder, grad: Value, x: Value): Value {
  if (sameShape(grad.shape, x.shape)) return grad;
  const lead = grad.shape.length - x.shape.length;
  if (lead < 0) throw new Error(`unbroadcast: gradient ${grad.name} has lower rank than ${x.name}`);
  const axes: number[] = [];
  for (let i = 0; i < lead; i++) axes.push(i);
  for (let i = 0; i < x.shape.length; i++) {
    const xd = x.shape[i]!;
    const gd = grad.shape[lead + i]!;
    if (xd === 1) {
      if (gd !== 1) axes.push(lead + i);
    } else if (!sameDim(xd, gd) && typeof xd !== 'number') {
      return unbroadcastDynamic(b, grad, x);
    }
  }
  const summed = axes.length > 0 ? op.reduceSum(b, grad, axes, true) : grad;
  return lead > 0 || !sameShape(summed.shape, x.shape) ? op.reshape(b, summed, op.shape(b, x)) : summed;
}

function unbroadcastDynamic(b: GraphBuilder, grad: Value, x: Value): Value {
  const lead = grad.shape.length - x.shape.length;
  const xShape = op.shape(b, x);
  const padded = lead > 0 ? op.concat(b, [b.int64s(new Array(lead).fill(1)), xShape], 0) : xShape;
  const gShape = op.shape(b, grad);
  const broadcastAxes = op.and(b, op.equal(b, padded, 1), op.not(b, op.equal(b, gShape, 1)));
  const axes = op.reshape(b, op.nonZero(b, broadcastAxes), [-1]);
  return op.reshape(b, op.reduceSumDynamicAxes(b, grad, axes), xShape);
}
