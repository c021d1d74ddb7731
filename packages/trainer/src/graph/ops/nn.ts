import { attr } from '../attributes';
import { formatShape, sameDim } from '../dims';
import type { Value } from '../graph';
import type { GraphBuilder } from '../graph-builder';
import { broadcastShapes } from '../shape-inference';

/** Batched matrix product with broadcasting over leading axes; both operands have rank >= 2. */
export function matMul(b: GraphBuilder, x: Value, y: Value, name?: string): Value {
  if (x.shape.length < 2 || y.shape.length < 2) {
    throw new Error(`matMul: operands need rank >= 2, got ${formatShape(x.shape)} and ${formatShape(y.shape)}`);
  }
  const k1 = x.shape[x.shape.length - 1]!;
  const k2 = y.shape[y.shape.length - 2]!;
  if (typeof k1 === 'number' && typeof k2 === 'number' && !sameDim(k1, k2)) {
    throw new Error(`matMul: inner dims differ: ${x.name} ${formatShape(x.shape)} x ${y.name} ${formatShape(y.shape)}`);
  }
  const batch = broadcastShapes(x.shape.slice(0, -2), y.shape.slice(0, -2));
  const out = [...batch, x.shape[x.shape.length - 2]!, y.shape[y.shape.length - 1]!];
  return b.node('MatMul', [x, y], [{ dtype: x.dtype, shape: out }], { outputNames: [name] })[0]!;
}

export function softmax(b: GraphBuilder, x: Value, axis = -1, name?: string): Value {
  return b.node('Softmax', [x], [{ dtype: x.dtype, shape: x.shape }], {
    attributes: { axis: attr.int(axis) },
    outputNames: [name],
  })[0]!;
}

export function logSoftmax(b: GraphBuilder, x: Value, axis = -1, name?: string): Value {
  return b.node('LogSoftmax', [x], [{ dtype: x.dtype, shape: x.shape }], {
    attributes: { axis: attr.int(axis) },
    outputNames: [name],
  })[0]!;
}
