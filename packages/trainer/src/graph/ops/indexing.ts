import { attr } from '../attributes';
import type { Value } from '../graph';
import type { GraphBuilder } from '../graph-builder';
import { normalizeAxis } from '../shape-inference';

/** Rows of `data` along `axis` picked by `indices` (embedding lookup with axis 0). */
export function gather(b: GraphBuilder, data: Value, indices: Value, axis = 0, name?: string): Value {
  const a = normalizeAxis(axis, data.shape.length);
  const out = [...data.shape.slice(0, a), ...indices.shape, ...data.shape.slice(a + 1)];
  return b.node('Gather', [data, indices], [{ dtype: data.dtype, shape: out }], {
    attributes: { axis: attr.int(axis) },
    outputNames: [name],
  })[0]!;
}

/** Elementwise pick along `axis`: out[..i..] = data[..indices[..i..]..]; output has the indices' shape. */
export function gatherElements(b: GraphBuilder, data: Value, indices: Value, axis: number, name?: string): Value {
  return b.node('GatherElements', [data, indices], [{ dtype: data.dtype, shape: indices.shape }], {
    attributes: { axis: attr.int(axis) },
    outputNames: [name],
  })[0]!;
}

export type ScatterReduction = 'none' | 'add' | 'mul' | 'max' | 'min';

export function scatterND(
  b: GraphBuilder,
  data: Value,
  indices: Value,
  updates: Value,
  reduction: ScatterReduction = 'none',
  name?: string,
): Value {
  return b.node('ScatterND', [data, indices, updates], [{ dtype: data.dtype, shape: data.shape }], {
    attributes: { reduction: attr.string(reduction) },
    outputNames: [name],
  })[0]!;
}

export function scatterElements(
  b: GraphBuilder,
  data: Value,
  indices: Value,
  updates: Value,
  axis: number,
  reduction: ScatterReduction = 'none',
  name?: string,
): Value {
  return b.node('ScatterElements', [data, indices, updates], [{ dtype: data.dtype, shape: data.shape }], {
    attributes: { axis: attr.int(axis), reduction: attr.string(reduction) },
    outputNames: [name],
  })[0]!;
}

/** Indices of the non-zero elements, shape [rank, count]. */
export function nonZero(b: GraphBuilder, x: Value, name?: string): Value {
  return b.node('NonZero', [x], [{ dtype: 'int64', shape: [x.shape.length, b.unknownDim()] }], { outputNames: [name] })[0]!;
}
