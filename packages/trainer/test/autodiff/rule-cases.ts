import type { Value } from '../../src/graph/graph';
import type { GraphBuilder } from '../../src/graph/graph-builder';
import { attr } from '../../src/graph/attributes';
import * as op from '../../src/graph/ops';
import { hostTensor } from '../../src/tensor/host-tensor';

/** How to fill a float64 input of a gradient-check case. */
export interface InputSpec {
  shape: number[];
  /** Value range; default [-1, 1]. Keep away from singularities (0 for Log, Reciprocal...). */
  range?: [number, number];
  /** Exact values instead of random ones. */
  values?: number[];
}

export interface RuleCase {
  /** The op whose gradient rule this case checks. */
  rule: string;
  label: string;
  inputs: Record<string, InputSpec>;
  /** Builds the op under test from the inputs; every returned output feeds the weighted-sum loss. */
  build(b: GraphBuilder, x: Record<string, Value>): Value | Value[];
  epsilon?: number;
}

const ints = (b: GraphBuilder, shape: number[], values: number[]) => b.constant(hostTensor('int64', shape, values), 'indices');
const positive: [number, number] = [0.5, 2];

export const RULE_CASES: RuleCase[] = [
  // ---- elementwise arithmetic (with broadcasting) ----
  { rule: 'Add', label: 'same shape', inputs: { a: { shape: [2, 3] }, c: { shape: [2, 3] } }, build: (b, x) => op.add(b, x.a!, x.c!) },
  { rule: 'Add', label: 'bias row [3] onto [2,3]', inputs: { a: { shape: [2, 3] }, c: { shape: [3] } }, build: (b, x) => op.add(b, x.a!, x.c!) },
  {
    rule: 'Add',
    label: 'both broadcast [2,1,3] + [4,1]',
    inputs: { a: { shape: [2, 1, 3] }, c: { shape: [4, 1] } },
    build: (b, x) => op.add(b, x.a!, x.c!),
  },
  { rule: 'Sub', label: 'column broadcast [2,3] - [2,1]', inputs: { a: { shape: [2, 3] }, c: { shape: [2, 1] } }, build: (b, x) => op.sub(b, x.a!, x.c!) },
  { rule: 'Mul', label: 'broadcast [2,3] * [1,3]', inputs: { a: { shape: [2, 3] }, c: { shape: [1, 3] } }, build: (b, x) => op.mul(b, x.a!, x.c!) },
  { rule: 'Mul', label: 'x * x (one tensor, two uses)', inputs: { a: { shape: [4] } }, build: (b, x) => op.mul(b, x.a!, x.a!) },
  {
    rule: 'Div',
    label: 'broadcast [2,3] / [3]',
    inputs: { a: { shape: [2, 3] }, c: { shape: [3], range: positive } },
    build: (b, x) => op.div(b, x.a!, x.c!),
  },
  { rule: 'Neg', label: '[2,3]', inputs: { a: { shape: [2, 3] } }, build: (b, x) => op.neg(b, x.a!) },
  { rule: 'Pow', label: 'x^2 (RMSNorm square)', inputs: { a: { shape: [2, 3] } }, build: (b, x) => op.pow(b, x.a!, 2) },
  { rule: 'Pow', label: 'x^1.5, x > 0', inputs: { a: { shape: [5], range: positive } }, build: (b, x) => op.pow(b, x.a!, 1.5) },
  {
    rule: 'Pow',
    label: 'per-column constant exponents [3]',
    inputs: { a: { shape: [2, 3], range: positive } },
    build: (b, x) => op.pow(b, x.a!, b.constant(hostTensor('float64', [3], [3, -1, 0.5]))),
  },
  // ---- unary math ----
  { rule: 'Sqrt', label: 'x > 0', inputs: { a: { shape: [2, 3], range: positive } }, build: (b, x) => op.sqrt(b, x.a!) },
  { rule: 'Reciprocal', label: 'x > 0', inputs: { a: { shape: [2, 3], range: positive } }, build: (b, x) => op.reciprocal(b, x.a!) },
  { rule: 'Exp', label: '[2,3]', inputs: { a: { shape: [2, 3] } }, build: (b, x) => op.exp(b, x.a!) },
  { rule: 'Log', label: 'x > 0', inputs: { a: { shape: [2, 3], range: positive } }, build: (b, x) => op.log(b, x.a!) },
  { rule: 'Sigmoid', label: '[2,3]', inputs: { a: { shape: [2, 3], range: [-3, 3] } }, build: (b, x) => op.sigmoid(b, x.a!) },
  { rule: 'Tanh', label: '[2,3]', inputs: { a: { shape: [2, 3], range: [-2, 2] } }, build: (b, x) => op.tanh(b, x.a!) },
  { rule: 'Sin', label: '[2,3]', inputs: { a: { shape: [2, 3], range: [-3, 3] } }, build: (b, x) => op.sin(b, x.a!) },
  { rule: 'Cos', label: '[2,3]', inputs: { a: { shape: [2, 3], range: [-3, 3] } }, build: (b, x) => op.cos(b, x.a!) },
  // ---- matrix products ----
  { rule: 'Gemm', label: '[3,4] · [2,4]ᵀ', inputs: { a: { shape: [3, 4] }, w: { shape: [2, 4] } }, build: (b, x) => op.gemm(b, x.a!, x.w!, { transB: true }) },
  { rule: 'Gemm', label: '[4,3]ᵀ · [4,2]', inputs: { a: { shape: [4, 3] }, w: { shape: [4, 2] } }, build: (b, x) => op.gemm(b, x.a!, x.w!, { transA: true }) },
  { rule: 'Gemm', label: '[4,3]ᵀ · [2,4]ᵀ', inputs: { a: { shape: [4, 3] }, w: { shape: [2, 4] } }, build: (b, x) => op.gemm(b, x.a!, x.w!, { transA: true, transB: true }) },
  { rule: 'Gemm', label: '[3,4] · [4,2]', inputs: { a: { shape: [3, 4] }, w: { shape: [4, 2] } }, build: (b, x) => op.gemm(b, x.a!, x.w!) },
  {
    rule: 'Gemm',
    label: '0.5 · [3,4] · [2,4]ᵀ + c [3,2]',
    inputs: { a: { shape: [3, 4] }, w: { shape: [2, 4] }, c: { shape: [3, 2] } },
    build: (b, x) => op.gemm(b, x.a!, x.w!, { transB: true, alpha: 0.5, c: x.c! }),
  },
  {
    rule: 'Gemm',
    label: '-1.5 · [4,3]ᵀ · [4,2] + 0.25 · row c [2]',
    inputs: { a: { shape: [4, 3] }, w: { shape: [4, 2] }, c: { shape: [2] } },
    build: (b, x) => op.gemm(b, x.a!, x.w!, { transA: true, alpha: -1.5, c: x.c!, beta: 0.25 }),
  },
  {
    rule: 'Gemm',
    label: '2 · [4,3]ᵀ · [2,4]ᵀ + column c [3,1]',
    inputs: { a: { shape: [4, 3] }, w: { shape: [2, 4] }, c: { shape: [3, 1] } },
    build: (b, x) => op.gemm(b, x.a!, x.w!, { transA: true, transB: true, alpha: 2, c: x.c! }),
  },
  { rule: 'MatMul', label: '[3,4] @ [4,2]', inputs: { a: { shape: [3, 4] }, w: { shape: [4, 2] } }, build: (b, x) => op.matMul(b, x.a!, x.w!) },
  {
    rule: 'MatMul',
    label: 'activations [2,3,4] @ weight [4,5]',
    inputs: { a: { shape: [2, 3, 4] }, w: { shape: [4, 5] } },
    build: (b, x) => op.matMul(b, x.a!, x.w!),
  },
  {
    rule: 'MatMul',
    label: 'batch broadcast [2,1,3,4] @ [3,4,2] (GQA style)',
    inputs: { a: { shape: [2, 1, 3, 4] }, w: { shape: [3, 4, 2] } },
    build: (b, x) => op.matMul(b, x.a!, x.w!),
  },
  {
    rule: 'MatMul',
    label: 'weight [3,4] @ batched [2,4,2]',
    inputs: { a: { shape: [3, 4] }, w: { shape: [2, 4, 2] } },
    build: (b, x) => op.matMul(b, x.a!, x.w!),
  },
  // ---- normalisations ----
  { rule: 'Softmax', label: 'last axis of [2,3,4]', inputs: { a: { shape: [2, 3, 4], range: [-2, 2] } }, build: (b, x) => op.softmax(b, x.a!, -1) },
  { rule: 'Softmax', label: 'axis 1 of [2,3,4]', inputs: { a: { shape: [2, 3, 4], range: [-2, 2] } }, build: (b, x) => op.softmax(b, x.a!, 1) },
  { rule: 'LogSoftmax', label: 'last axis of [2,3,4]', inputs: { a: { shape: [2, 3, 4], range: [-2, 2] } }, build: (b, x) => op.logSoftmax(b, x.a!, -1) },
  { rule: 'LogSoftmax', label: 'axis 0 of [3,4]', inputs: { a: { shape: [3, 4], range: [-2, 2] } }, build: (b, x) => op.logSoftmax(b, x.a!, 0) },
  // ---- reductions ----
  { rule: 'ReduceSum', label: 'axis 1, keepdims 0', inputs: { a: { shape: [2, 3, 4] } }, build: (b, x) => op.reduceSum(b, x.a!, [1], false) },
  { rule: 'ReduceSum', label: 'axes [0,2], keepdims 1', inputs: { a: { shape: [2, 3, 4] } }, build: (b, x) => op.reduceSum(b, x.a!, [0, 2], true) },
  { rule: 'ReduceSum', label: 'all axes to a scalar', inputs: { a: { shape: [2, 3] } }, build: (b, x) => op.reduceSum(b, x.a!, [], false) },
  { rule: 'ReduceMean', label: 'last axis, keepdims 1 (RMSNorm)', inputs: { a: { shape: [2, 3, 4] } }, build: (b, x) => op.reduceMean(b, x.a!, [-1], true) },
  { rule: 'ReduceMean', label: 'axis 0, keepdims 0', inputs: { a: { shape: [3, 4] } }, build: (b, x) => op.reduceMean(b, x.a!, [0], false) },
  // ---- shape manipulation ----
  { rule: 'Transpose', label: 'perm [2,0,1]', inputs: { a: { shape: [2, 3, 4] } }, build: (b, x) => op.transpose(b, x.a!, [2, 0, 1]) },
  { rule: 'Transpose', label: 'default (reverse) perm', inputs: { a: { shape: [2, 3, 4] } }, build: (b, x) => op.transpose(b, x.a!) },
  { rule: 'Reshape', label: '[2,3,4] -> [6,4]', inputs: { a: { shape: [2, 3, 4] } }, build: (b, x) => op.reshape(b, x.a!, [6, 4]) },
  { rule: 'Reshape', label: 'split heads [0,0,2,2]', inputs: { a: { shape: [2, 3, 4] } }, build: (b, x) => op.reshape(b, x.a!, [0, 0, 2, 2]) },
  { rule: 'Unsqueeze', label: 'axes [0,-1]', inputs: { a: { shape: [2, 3] } }, build: (b, x) => op.unsqueeze(b, x.a!, [0, -1]) },
  { rule: 'Squeeze', label: 'axis 1 of [2,1,3]', inputs: { a: { shape: [2, 1, 3] } }, build: (b, x) => op.squeeze(b, x.a!, [1]) },
  {
    rule: 'Flatten',
    label: 'axis 2 of [2,3,2,2]',
    inputs: { a: { shape: [2, 3, 2, 2] } },
    build: (b, x) => b.node('Flatten', [x.a!], [{ dtype: 'float64', shape: [6, 4] }], { attributes: { axis: attr.int(2) } })[0]!,
  },
  {
    rule: 'Concat',
    label: 'three inputs on axis 1, one constant',
    inputs: { a: { shape: [2, 1] }, c: { shape: [2, 3] } },
    build: (b, x) => op.concat(b, [x.a!, b.constant(hostTensor('float64', [2, 2], [1, 2, 3, 4])), x.c!], 1),
  },
  { rule: 'Concat', label: 'same tensor twice (RoPE halves)', inputs: { a: { shape: [2, 2] } }, build: (b, x) => op.concat(b, [x.a!, x.a!], -1) },
  { rule: 'Slice', label: 'x[:, 1:3]', inputs: { a: { shape: [2, 4] } }, build: (b, x) => op.slice(b, x.a!, [1], [3], [1]) },
  {
    rule: 'Slice',
    label: 'x[::-2, 1:] (negative step, open end)',
    inputs: { a: { shape: [5, 3] } },
    build: (b, x) => op.slice(b, x.a!, [-1, 1], [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER], [0, 1], [-2, 1]),
  },
  { rule: 'Split', label: 'three pieces of the last axis', inputs: { a: { shape: [2, 6] } }, build: (b, x) => op.split(b, x.a!, [1, 2, 3], -1) },
  {
    rule: 'Split',
    label: 'one piece unused by the loss',
    inputs: { a: { shape: [4, 2] } },
    build: (b, x) => op.split(b, x.a!, [2, 2], 0)[1]!,
  },
  {
    rule: 'Gather',
    label: 'embedding rows, repeated ids',
    inputs: { e: { shape: [5, 3] } },
    build: (b, x) => op.gather(b, x.e!, ints(b, [2, 3], [1, 4, 1, 0, 1, 3]), 0),
  },
  {
    rule: 'Gather',
    label: 'tied embedding: the looked-up matrix is also a MatMul operand (rows added into its gradient)',
    inputs: { e: { shape: [5, 3] }, h: { shape: [2, 3] } },
    build: (b, x) => [op.gather(b, x.e!, ints(b, [2, 2], [4, 1, 1, 0]), 0), op.matMul(b, x.h!, op.transpose(b, x.e!, [1, 0]))],
  },
  {
    rule: 'Gather',
    label: 'axis 1 with 2-D indices',
    inputs: { e: { shape: [2, 4, 3] } },
    build: (b, x) => op.gather(b, x.e!, ints(b, [2, 2], [3, 0, 3, -1]), 1),
  },
  {
    rule: 'GatherElements',
    label: 'label pick along the last axis',
    inputs: { a: { shape: [2, 3, 4] } },
    build: (b, x) => op.gatherElements(b, x.a!, ints(b, [2, 3, 1], [0, 3, 3, 1, 2, 0]), -1),
  },
  {
    rule: 'Where',
    label: 'constant mask, broadcast branches',
    inputs: { a: { shape: [2, 3] }, c: { shape: [3] } },
    build: (b, x) => op.where(b, b.constant(hostTensor('bool', [2, 3], [1, 0, 1, 0, 0, 1])), x.a!, x.c!),
  },
  {
    rule: 'Cast',
    label: 'float64 -> float32 -> float64 on float32-exact values',
    inputs: { a: { shape: [2, 2], values: [0.5, -0.25, 1.75, 3] } },
    build: (b, x) => op.cast(b, op.cast(b, x.a!, 'float32'), 'float64'),
    epsilon: 1 / 64,
  },
  { rule: 'Expand', label: '[3,1] -> [2,3,4]', inputs: { a: { shape: [3, 1] } }, build: (b, x) => op.expand(b, x.a!, [2, 3, 4]) },
  { rule: 'Identity', label: '[2,3]', inputs: { a: { shape: [2, 3] } }, build: (b, x) => op.identity(b, x.a!) },
  {
    rule: 'Sum',
    label: 'three inputs with broadcasting',
    inputs: { a: { shape: [2, 3] }, c: { shape: [3] }, d: { shape: [2, 1] } },
    build: (b, x) => op.sum(b, [x.a!, x.c!, x.d!]),
  },
  {
    rule: 'SimplifiedLayerNormalization',
    label: 'RMSNorm of [2,3,4] rows, weight [4]',
    inputs: { a: { shape: [2, 3, 4], range: [-2, 2] }, w: { shape: [4], range: [0.5, 1.5] } },
    build: (b, x) => op.simplifiedLayerNorm(b, x.a!, x.w!, 1e-5).y,
  },
  {
    rule: 'SimplifiedLayerNormalization',
    label: 'per-head RMSNorm of [2,2,3,5] (Qwen3 q/k norm), large eps',
    inputs: { a: { shape: [2, 2, 3, 5], range: [-0.5, 0.5] }, w: { shape: [5], range: [-1, 1] } },
    build: (b, x) => op.simplifiedLayerNorm(b, x.a!, x.w!, 0.1).y,
  },
  { rule: 'QuickGelu', label: 'SiLU (alpha 1) of [2,3]', inputs: { a: { shape: [2, 3], range: [-4, 4] } }, build: (b, x) => op.quickGelu(b, x.a!, 1) },
  { rule: 'QuickGelu', label: 'alpha 1.702 of [3,4]', inputs: { a: { shape: [3, 4], range: [-3, 3] } }, build: (b, x) => op.quickGelu(b, x.a!, 1.702) },
];
