import { attr } from '../attributes';
import type { Dim } from '../dims';
import type { Value } from '../graph';
import type { GraphBuilder } from '../graph-builder';
import { normalizeAxis } from '../shape-inference';

function reducedShape(shape: readonly Dim[], axes: number[], keepdims: boolean): Dim[] {
  const set = new Set(axes.map((a) => normalizeAxis(a, shape.length)));
  const out: Dim[] = [];
  shape.forEach((d, i) => {
    if (!set.has(i)) out.push(d);
    else if (keepdims) out.push(1);
  });
  return out;
}

/** Reduce over constant axes (all axes when `axes` is empty). ReduceSum/Mean/Max take axes as an input from opset 18. */
function reduce(b: GraphBuilder, opType: string, x: Value, axes: number[], keepdims: boolean, name?: string): Value {
  const all = axes.length === 0 ? x.shape.map((_, i) => i) : axes;
  const inputs = axes.length === 0 ? [x] : [x, b.int64s(axes)];
  return b.node(opType, inputs, [{ dtype: x.dtype, shape: reducedShape(x.shape, all, keepdims) }], {
    attributes: { keepdims: attr.int(keepdims ? 1 : 0) },
    outputNames: [name],
  })[0]!;
}

export const reduceSum = (b: GraphBuilder, x: Value, axes: number[], keepdims: boolean, name?: string) =>
  reduce(b, 'ReduceSum', x, axes, keepdims, name);
export const reduceMean = (b: GraphBuilder, x: Value, axes: number[], keepdims: boolean, name?: string) =>
  reduce(b, 'ReduceMean', x, axes, keepdims, name);
export const reduceMax = (b: GraphBuilder, x: Value, axes: number[], keepdims: boolean, name?: string) =>
  reduce(b, 'ReduceMax', x, axes, keepdims, name);

/**
 * ReduceSum over axes computed at run time (keepdims=1, no-op when the axes tensor is empty):
 * the fallback of unbroadcasting when static shapes cannot tell which axes were broadcast.
 */
export function reduceSumDynamicAxes(b: GraphBuilder, x: Value, axes: Value, name?: string): Value {
  const shape = x.shape.map(() => b.unknownDim());
  return b.node('ReduceSum', [x, axes], [{ dtype: x.dtype, shape }], {
    attributes: { keepdims: attr.int(1), noop_with_empty_axes: attr.int(1) },
    outputNames: [name],
  })[0]!;
}

export function argMax(b: GraphBuilder, x: Value, axis: number, keepdims: boolean, name?: string): Value {
  return b.node('ArgMax', [x], [{ dtype: 'int64', shape: reducedShape(x.shape, [axis], keepdims) }], {
    attributes: { axis: attr.int(axis), keepdims: attr.int(keepdims ? 1 : 0) },
    outputNames: [name],
  })[0]!;
}
