import { attr, type Attributes } from '../attributes';
import { formatShape, sameDim, sameShape } from '../dims';
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

/**
 * 2-D Gemm: alpha · op(a) · op(b) (+ beta · c, c broadcast to the product's shape), op = transpose where the flag
 * is set. ONNX Runtime reads a transposed operand in place, so `x · Wᵀ` needs no transposed copy of W
 * (folded or per step); alpha and c are applied inside the product's own pass over its output (no
 * separate Mul and Add passes over it).
 */
export function gemm(
  b: GraphBuilder,
  x: Value,
  y: Value,
  flags: { transA?: boolean; transB?: boolean; alpha?: number; c?: Value; beta?: number } = {},
  name?: string,
): Value {
  if (x.shape.length !== 2 || y.shape.length !== 2) {
    throw new Error(`gemm: operands must be matrices, got ${formatShape(x.shape)} and ${formatShape(y.shape)}`);
  }
  const [m, kx] = flags.transA ? [x.shape[1]!, x.shape[0]!] : [x.shape[0]!, x.shape[1]!];
  const [ky, n] = flags.transB ? [y.shape[1]!, y.shape[0]!] : [y.shape[0]!, y.shape[1]!];
  if (typeof kx === 'number' && typeof ky === 'number' && !sameDim(kx, ky)) {
    throw new Error(`gemm: inner dims differ: ${x.name} ${formatShape(x.shape)} x ${y.name} ${formatShape(y.shape)}`);
  }
  if (flags.c && !sameShape(broadcastShapes([m, n], flags.c.shape), [m, n])) {
    throw new Error(`gemm: c ${flags.c.name} ${formatShape(flags.c.shape)} does not broadcast to ${formatShape([m, n])}`);
  }
  const attributes: Attributes = { transA: attr.int(flags.transA ? 1 : 0), transB: attr.int(flags.transB ? 1 : 0) };
  if (flags.alpha !== undefined && flags.alpha !== 1) attributes.alpha = attr.float(flags.alpha);
  if (flags.c && flags.beta !== undefined && flags.beta !== 1) attributes.beta = attr.float(flags.beta);
  return b.node('Gemm', flags.c ? [x, y, flags.c] : [x, y], [{ dtype: x.dtype, shape: [m, n] }], { attributes, outputNames: [name] })[0]!;
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

/**
 * RMSNorm over the last axis as ONNX Runtime's SimplifiedLayerNormalization (default domain, the op its
 * own transformer fusions emit): y = w · x / √(mean(x²) + eps) in one kernel instead of six nodes, with
 * the inverse RMS [..., 1] as a second output (float32 whatever x's type, ONNX Runtime's stash type).
 */
export function simplifiedLayerNorm(b: GraphBuilder, x: Value, weight: Value, eps: number): { y: Value; inverseRms: Value } {
  const [y, inverseRms] = b.node(
    'SimplifiedLayerNormalization',
    [x, weight],
    [
      { dtype: x.dtype, shape: x.shape },
      { dtype: 'float32', shape: [...x.shape.slice(0, -1), 1] },
    ],
    { attributes: { axis: attr.int(-1), epsilon: attr.float(eps), stash_type: attr.int(1) } },
  );
  return { y: y!, inverseRms: inverseRms! };
}

/**
 * x · σ(alpha · x) as ONNX Runtime's com.microsoft QuickGelu (alpha 1: SiLU, the op ONNX Runtime's own
 * fusions make of x · Sigmoid(x)): one node, and σ is not kept for the backward pass (its rule
 * recomputes it).
 */
export function quickGelu(b: GraphBuilder, x: Value, alpha: number, name?: string): Value {
  return b.node('QuickGelu', [x], [{ dtype: x.dtype, shape: x.shape }], { domain: 'com.microsoft', attributes: { alpha: attr.float(alpha) }, outputNames: [name] })[0]!;
}
