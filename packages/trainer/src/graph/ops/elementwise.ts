import { attr } from '../attributes';
import { type DType, onnxDataType } from '../dtype';
import type { Value } from '../graph';
import type { GraphBuilder } from '../graph-builder';
import { broadcastShapes } from '../shape-inference';

/** A tensor, or a number that becomes a scalar constant of the other operand's dtype. */
export type Operand = Value | number;

function resolve(b: GraphBuilder, x: Operand, like: DType): Value {
  return typeof x === 'number' ? b.scalar(x, like) : x;
}

function dtypeOf(a: Operand, c: Operand): DType {
  if (typeof a !== 'number') return a.dtype;
  if (typeof c !== 'number') return c.dtype;
  throw new Error('at least one operand must be a tensor');
}

function binary(b: GraphBuilder, opType: string, a: Operand, c: Operand, outDType?: DType, name?: string): Value {
  const dtype = dtypeOf(a, c);
  const x = resolve(b, a, dtype);
  const y = resolve(b, c, dtype);
  if (x.dtype !== y.dtype) throw new Error(`${opType}: dtypes differ (${x.name}: ${x.dtype}, ${y.name}: ${y.dtype})`);
  return b.node(opType, [x, y], [{ dtype: outDType ?? dtype, shape: broadcastShapes(x.shape, y.shape) }], {
    outputNames: [name],
  })[0]!;
}

function unary(b: GraphBuilder, opType: string, x: Value, name?: string): Value {
  return b.node(opType, [x], [{ dtype: x.dtype, shape: x.shape }], { outputNames: [name] })[0]!;
}

export const add = (b: GraphBuilder, x: Operand, y: Operand, name?: string) => binary(b, 'Add', x, y, undefined, name);
export const sub = (b: GraphBuilder, x: Operand, y: Operand, name?: string) => binary(b, 'Sub', x, y, undefined, name);
export const mul = (b: GraphBuilder, x: Operand, y: Operand, name?: string) => binary(b, 'Mul', x, y, undefined, name);
export const div = (b: GraphBuilder, x: Operand, y: Operand, name?: string) => binary(b, 'Div', x, y, undefined, name);
export const pow = (b: GraphBuilder, x: Operand, y: Operand, name?: string) => binary(b, 'Pow', x, y, undefined, name);
export const max = (b: GraphBuilder, x: Operand, y: Operand, name?: string) => binary(b, 'Max', x, y, undefined, name);
export const min = (b: GraphBuilder, x: Operand, y: Operand, name?: string) => binary(b, 'Min', x, y, undefined, name);
export const mod = (b: GraphBuilder, x: Operand, y: Operand, name?: string) => binary(b, 'Mod', x, y, undefined, name);
export const bitwiseXor = (b: GraphBuilder, x: Operand, y: Operand, name?: string) =>
  binary(b, 'BitwiseXor', x, y, undefined, name);

export const equal = (b: GraphBuilder, x: Operand, y: Operand, name?: string) => binary(b, 'Equal', x, y, 'bool', name);
export const less = (b: GraphBuilder, x: Operand, y: Operand, name?: string) => binary(b, 'Less', x, y, 'bool', name);
export const lessOrEqual = (b: GraphBuilder, x: Operand, y: Operand, name?: string) =>
  binary(b, 'LessOrEqual', x, y, 'bool', name);
export const greater = (b: GraphBuilder, x: Operand, y: Operand, name?: string) => binary(b, 'Greater', x, y, 'bool', name);
export const greaterOrEqual = (b: GraphBuilder, x: Operand, y: Operand, name?: string) =>
  binary(b, 'GreaterOrEqual', x, y, 'bool', name);
export const and = (b: GraphBuilder, x: Value, y: Value, name?: string) => binary(b, 'And', x, y, 'bool', name);
export const or = (b: GraphBuilder, x: Value, y: Value, name?: string) => binary(b, 'Or', x, y, 'bool', name);

export const neg = (b: GraphBuilder, x: Value, name?: string) => unary(b, 'Neg', x, name);
export const sqrt = (b: GraphBuilder, x: Value, name?: string) => unary(b, 'Sqrt', x, name);
export const reciprocal = (b: GraphBuilder, x: Value, name?: string) => unary(b, 'Reciprocal', x, name);
export const exp = (b: GraphBuilder, x: Value, name?: string) => unary(b, 'Exp', x, name);
export const log = (b: GraphBuilder, x: Value, name?: string) => unary(b, 'Log', x, name);
export const sigmoid = (b: GraphBuilder, x: Value, name?: string) => unary(b, 'Sigmoid', x, name);
export const tanh = (b: GraphBuilder, x: Value, name?: string) => unary(b, 'Tanh', x, name);
export const sin = (b: GraphBuilder, x: Value, name?: string) => unary(b, 'Sin', x, name);
export const cos = (b: GraphBuilder, x: Value, name?: string) => unary(b, 'Cos', x, name);
export const abs = (b: GraphBuilder, x: Value, name?: string) => unary(b, 'Abs', x, name);
export const sign = (b: GraphBuilder, x: Value, name?: string) => unary(b, 'Sign', x, name);
export const not = (b: GraphBuilder, x: Value, name?: string) => unary(b, 'Not', x, name);
export const identity = (b: GraphBuilder, x: Value, name?: string) => unary(b, 'Identity', x, name);

/** Elementwise sum of any number of same-dtype tensors (broadcasting). */
export function sum(b: GraphBuilder, xs: Value[], name?: string): Value {
  if (xs.length === 0) throw new Error('Sum needs at least one input');
  const shape = xs.map((x) => x.shape).reduce((s, t) => broadcastShapes(s, t));
  return b.node('Sum', xs, [{ dtype: xs[0]!.dtype, shape }], { outputNames: [name] })[0]!;
}

export function where(b: GraphBuilder, condition: Value, x: Operand, y: Operand, name?: string): Value {
  const dtype = dtypeOf(x, y);
  const xv = resolve(b, x, dtype);
  const yv = resolve(b, y, dtype);
  const shape = broadcastShapes(condition.shape, broadcastShapes(xv.shape, yv.shape));
  return b.node('Where', [condition, xv, yv], [{ dtype, shape }], { outputNames: [name] })[0]!;
}

export function cast(b: GraphBuilder, x: Value, to: DType, name?: string): Value {
  return b.node('Cast', [x], [{ dtype: to, shape: x.shape }], {
    attributes: { to: attr.int(onnxDataType(to)) },
    outputNames: [name],
  })[0]!;
}
