import { hostTensor } from '../../tensor/host-tensor';
import { attr } from '../attributes';
import { type Dim, divideDims, multiplyDims } from '../dims';
import type { DType } from '../dtype';
import type { Value } from '../graph';
import type { GraphBuilder } from '../graph-builder';
import { broadcastShapes, normalizeAxis } from '../shape-inference';

const INT64_MAX = Number.MAX_SAFE_INTEGER; // ONNX clamps slice ends; any huge value means "to the end"

/** The shape of `x` as a 1-D int64 tensor, optionally only axes [start, end). */
export function shape(b: GraphBuilder, x: Value, start?: number, end?: number, name?: string): Value {
  const rank = x.shape.length;
  const norm = (v: number) => Math.min(Math.max(v < 0 ? v + rank : v, 0), rank);
  const s = norm(start ?? 0);
  const e = norm(end ?? rank);
  const attributes = {
    ...(start !== undefined ? { start: attr.int(start) } : {}),
    ...(end !== undefined ? { end: attr.int(end) } : {}),
  };
  return b.node('Shape', [x], [{ dtype: 'int64', shape: [Math.max(0, e - s)] }], { attributes, outputNames: [name] })[0]!;
}

/** Number of elements, as an int64 scalar. */
export function size(b: GraphBuilder, x: Value, name?: string): Value {
  return b.node('Size', [x], [{ dtype: 'int64', shape: [] }], { outputNames: [name] })[0]!;
}

/**
 * Reshape to a constant target (0 copies the input dim, -1 is inferred) or to a shape tensor.
 * With a tensor whose contents are statically known (e.g. Shape(x)) the output keeps static dims.
 */
export function reshape(b: GraphBuilder, x: Value, target: number[] | Value, name?: string): Value {
  const targetValue = Array.isArray(target) ? b.int64s(target) : target;
  const dims = Array.isArray(target) ? target : b.shapeValue(target);
  const outShape = dims ? reshapeDims(b, x.shape, dims) : unknownShape(b, target as Value);
  return b.node('Reshape', [x, targetValue], [{ dtype: x.dtype, shape: outShape }], { outputNames: [name] })[0]!;
}

function unknownShape(b: GraphBuilder, shapeTensor: Value): Dim[] {
  const rank = shapeTensor.shape[0];
  if (typeof rank !== 'number') throw new Error(`reshape: target '${shapeTensor.name}' has unknown length`);
  return Array.from({ length: rank }, () => b.unknownDim());
}

function reshapeDims(b: GraphBuilder, input: readonly Dim[], target: readonly Dim[]): Dim[] {
  const out = target.map((d, i) => (d === 0 ? input[i]! : d));
  const inferred = out.indexOf(-1);
  if (inferred >= 0) {
    const known = multiplyDims(out.filter((_, i) => i !== inferred));
    out[inferred] = divideDims(multiplyDims(input), known) ?? b.unknownDim();
  }
  return out;
}

export function transpose(b: GraphBuilder, x: Value, perm?: number[], name?: string): Value {
  const p = perm ?? x.shape.map((_, i) => x.shape.length - 1 - i);
  return b.node('Transpose', [x], [{ dtype: x.dtype, shape: p.map((i) => x.shape[i]!) }], {
    attributes: { perm: attr.ints(p) },
    outputNames: [name],
  })[0]!;
}

export function unsqueeze(b: GraphBuilder, x: Value, axes: number[], name?: string): Value {
  const rank = x.shape.length + axes.length;
  const at = new Set(axes.map((a) => normalizeAxis(a, rank)));
  const out: Dim[] = [];
  let k = 0;
  for (let i = 0; i < rank; i++) out.push(at.has(i) ? 1 : x.shape[k++]!);
  return b.node('Unsqueeze', [x, b.int64s(axes)], [{ dtype: x.dtype, shape: out }], { outputNames: [name] })[0]!;
}

export function squeeze(b: GraphBuilder, x: Value, axes: number[], name?: string): Value {
  const at = new Set(axes.map((a) => normalizeAxis(a, x.shape.length)));
  const out = x.shape.filter((_, i) => !at.has(i));
  return b.node('Squeeze', [x, b.int64s(axes)], [{ dtype: x.dtype, shape: out }], { outputNames: [name] })[0]!;
}

export function concat(b: GraphBuilder, xs: Value[], axis: number, name?: string): Value {
  const first = xs[0];
  if (!first) throw new Error('Concat needs at least one input');
  const a = normalizeAxis(axis, first.shape.length);
  const out = [...first.shape];
  out[a] = sumDims(b, xs.map((x) => x.shape[a]!));
  return b.node('Concat', xs, [{ dtype: first.dtype, shape: out }], {
    attributes: { axis: attr.int(axis) },
    outputNames: [name],
  })[0]!;
}

function sumDims(b: GraphBuilder, dims: Dim[]): Dim {
  if (dims.every((d) => typeof d === 'number')) return (dims as number[]).reduce((s, d) => s + d, 0);
  const nonZero = dims.filter((d) => d !== 0);
  return nonZero.length === 1 ? nonZero[0]! : b.unknownDim();
}

/** Static slice along `axes` (steps default to 1). */
export function slice(
  b: GraphBuilder,
  x: Value,
  starts: number[],
  ends: number[],
  axes?: number[],
  steps?: number[],
  name?: string,
): Value {
  const ax = axes ?? starts.map((_, i) => i);
  const st = steps ?? starts.map(() => 1);
  const out = [...x.shape];
  ax.forEach((axis, k) => {
    const a = normalizeAxis(axis, x.shape.length);
    out[a] = slicedDim(b, x.shape[a]!, starts[k]!, ends[k]!, st[k]!);
  });
  const inputs = [x, b.int64s(starts), b.int64s(ends.map((e) => Math.min(e, INT64_MAX))), b.int64s(ax)];
  if (steps) inputs.push(b.int64s(steps));
  return b.node('Slice', inputs, [{ dtype: x.dtype, shape: out }], { outputNames: [name] })[0]!;
}

function slicedDim(b: GraphBuilder, dim: Dim, start: number, end: number, step: number): Dim {
  if (typeof dim !== 'number') {
    return start === 0 && end >= INT64_MAX && step === 1 ? dim : b.unknownDim();
  }
  const clampIndex = (v: number, lo: number, hi: number) => Math.min(Math.max(v < 0 ? v + dim : v, lo), hi);
  if (step > 0) {
    const s = clampIndex(start, 0, dim);
    const e = clampIndex(end, 0, dim);
    return Math.max(0, Math.ceil((e - s) / step));
  }
  const s = clampIndex(start, -1, dim - 1);
  const e = clampIndex(end, -1, dim - 1);
  return Math.max(0, Math.ceil((s - e) / -step));
}

/** Split into pieces of the given sizes along `axis`. */
export function split(b: GraphBuilder, x: Value, sizes: number[], axis: number, names?: string[]): Value[] {
  const a = normalizeAxis(axis, x.shape.length);
  const outputs = sizes.map((s) => {
    const shp = [...x.shape];
    shp[a] = s;
    return { dtype: x.dtype, shape: shp };
  });
  return b.node('Split', [x, b.int64s(sizes)], outputs, {
    attributes: { axis: attr.int(axis) },
    outputNames: names ?? [],
  });
}

/** Broadcast `x` to `target` (a constant shape or a shape tensor). */
export function expand(b: GraphBuilder, x: Value, target: number[] | Value, name?: string): Value {
  const targetValue = Array.isArray(target) ? b.int64s(target) : target;
  const dims = Array.isArray(target) ? target : b.shapeValue(target);
  const outShape = dims ? broadcastShapes(x.shape, dims) : unknownShape(b, target as Value);
  return b.node('Expand', [x, targetValue], [{ dtype: x.dtype, shape: outShape }], { outputNames: [name] })[0]!;
}

/** A tensor of the given shape tensor's shape, filled with `value`. */
export function constantOfShape(b: GraphBuilder, shapeTensor: Value, value: number, dtype: DType, name?: string): Value {
  const dims = b.shapeValue(shapeTensor);
  const outShape = dims ? [...dims] : unknownShape(b, shapeTensor);
  return b.node('ConstantOfShape', [shapeTensor], [{ dtype, shape: outShape }], {
    attributes: { value: attr.tensor(hostTensor(dtype, [1], [value])) },
    outputNames: [name],
  })[0]!;
}

/** Zeros shaped and typed like `x`. */
export function zerosLike(b: GraphBuilder, x: Value, name?: string): Value {
  return constantOfShape(b, shape(b, x), 0, x.dtype, name);
}

/** [start, start+delta, ...) below limit; all three are scalars of one dtype. */
export function range(b: GraphBuilder, start: Value, limit: Value, delta: Value, length?: Dim, name?: string): Value {
  return b.node('Range', [start, limit, delta], [{ dtype: start.dtype, shape: [length ?? b.unknownDim()] }], {
    outputNames: [name],
  })[0]!;
}

/** Pads with a constant; `pads` is [begin_0, begin_1, ..., end_0, end_1, ...] over all axes. */
export function pad(b: GraphBuilder, x: Value, pads: number[], value: number, name?: string): Value {
  const rank = x.shape.length;
  if (pads.length !== 2 * rank) throw new Error(`pad: need ${2 * rank} pad values for rank ${rank}`);
  const out = x.shape.map((d, i) => {
    const extra = pads[i]! + pads[i + rank]!;
    return extra === 0 ? d : typeof d === 'number' ? d + extra : b.unknownDim();
  });
  return b.node('Pad', [x, b.int64s(pads), b.scalar(value, x.dtype)], [{ dtype: x.dtype, shape: out }], {
    attributes: { mode: attr.string('constant') },
    outputNames: [name],
  })[0]!;
}

/** Running sum along `axis`. */
export function cumSum(b: GraphBuilder, x: Value, axis: number, name?: string): Value {
  return b.node('CumSum', [x, b.scalar(axis, 'int64')], [{ dtype: x.dtype, shape: x.shape }], { outputNames: [name] })[0]!;
}
