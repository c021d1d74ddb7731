import type { Value } from '../graph/graph';
import type { GraphBuilder } from '../graph/graph-builder';
import * as op from '../graph/ops';
import { seededDropoutMask } from './seeded-dropout';

/** The LoRA branch of one linear layer: scale · B(A(dropout(x))). */
export interface LoraBranch {
  A: Value; // [r, in]
  B: Value; // [out, r]
  scale: number;
  dropout?: { p: number; seed: Value; stream: number };
}

/**
 * nn.Linear, weight [out, in] in HF layout: y = x Wᵀ (+ bias [out]) (+ the LoRA branch), as a Gemm
 * over the flattened rows reading W transposed in place: no transposed copy of a weight is ever made
 * (a folded one would double the frozen weights, a per-step one would churn memory in full FT).
 */
export function linear(b: GraphBuilder, x: Value, weight: Value, lora?: LoraBranch, name?: string, bias?: Value): Value {
  const rows = flattenRows(b, x);
  const base = op.gemm(b, rows, weight, { transB: true, c: bias });
  if (!lora) return unflattenRows(b, base, x, name);
  const input = lora.dropout ? op.mul(b, rows, seededDropoutMask(b, rows, lora.dropout.p, lora.dropout.seed, lora.dropout.stream)) : rows;
  const down = op.gemm(b, input, lora.A, { transB: true });
  // base + scale · down Bᵀ in the up product's own pass over its output: a separate Mul and Add (and the
  // Mul's backward) were three more passes over [rows, out] per adapted layer.
  return unflattenRows(b, op.gemm(b, down, lora.B, { transB: true, alpha: lora.scale, c: base }), x, name);
}

/** One linear layer of a group reading the same input: `linear`'s arguments, and the scope its nodes get. */
export interface LinearOfGroup {
  scope: string;
  weight: Value;
  lora?: LoraBranch;
  name?: string;
  bias?: Value;
}

/**
 * Linear layers reading the same `x` (q, k and v; gate and up), each as `linear` computes it, except that
 * the LoRA down products of the adapted layers without dropout are one Gemm against their A matrices
 * stacked ([Σr, in], a copy of a few KB a step) and split afterwards ([rows, r] each): x is read once
 * instead of once per layer, and in the backward dA and x's LoRA gradient are one product each (K = Σr)
 * instead of one per layer plus that many more addends in x's gradient Sum. Dropout draws a mask per
 * layer, so a layer with dropout keeps its own down product.
 */
export function linearsOfOneInput(b: GraphBuilder, x: Value, layers: readonly LinearOfGroup[]): Value[] {
  const stackable = layers.filter((l) => l.lora && !l.lora.dropout);
  if (stackable.length < 2) return layers.map((l) => b.scope(l.scope, () => linear(b, x, l.weight, l.lora, l.name, l.bias)));
  const rows = flattenRows(b, x);
  const downs = b.scope(stackable.map((l) => l.scope).join('+'), () => {
    const stacked = op.concat(b, stackable.map((l) => l.lora!.A), 0);
    const ranks = stackable.map((l) => l.lora!.A.shape[0] as number);
    return op.split(b, op.gemm(b, rows, stacked, { transB: true }), ranks, 1);
  });
  const downOf = new Map(stackable.map((l, i) => [l, downs[i]!]));
  return layers.map((l) =>
    b.scope(l.scope, () => {
      const down = downOf.get(l);
      if (!down) return linear(b, x, l.weight, l.lora, l.name, l.bias);
      const base = op.gemm(b, rows, l.weight, { transB: true, c: l.bias });
      return unflattenRows(b, op.gemm(b, down, l.lora!.B, { transB: true, alpha: l.lora!.scale, c: base }), x, l.name);
    }),
  );
}

/** `x` [..., in] as the matrix [rows, in] (a view in ONNX Runtime, not a copy). */
export function flattenRows(b: GraphBuilder, x: Value): Value {
  if (x.shape.length === 2) return x;
  const last = x.shape[x.shape.length - 1]!;
  if (typeof last === 'number') return op.reshape(b, x, [-1, last]);
  return op.reshape(b, x, op.concat(b, [b.int64s([-1]), op.shape(b, x, -1)], 0));
}

/** `y` [rows, out] back to the leading axes of `like` [..., in]: [..., out]. */
export function unflattenRows(b: GraphBuilder, y: Value, like: Value, name?: string): Value {
  if (like.shape.length === 2) return name ? op.identity(b, y, name) : y;
  return op.reshape(b, y, op.concat(b, [op.shape(b, like, 0, -1), op.shape(b, y, -1)], 0), name);
}
