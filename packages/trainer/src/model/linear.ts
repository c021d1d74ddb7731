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
 * nn.Linear, weight [out, in] in HF layout: y = x Wᵀ (+ bias [out]) (+ the LoRA branch). For a frozen W
 * the transpose is of an initializer, which ONNX Runtime folds once at session creation.
 */
export function linear(b: GraphBuilder, x: Value, weight: Value, lora?: LoraBranch, name?: string, bias?: Value): Value {
  const product = op.matMul(b, x, op.transpose(b, weight), lora || bias ? undefined : name);
  const base = bias ? op.add(b, product, bias, lora ? undefined : name) : product;
  if (!lora) return base;
  const input = lora.dropout ? op.mul(b, x, seededDropoutMask(b, x, lora.dropout.p, lora.dropout.seed, lora.dropout.stream)) : x;
  const down = op.matMul(b, input, op.transpose(b, lora.A));
  const up = op.matMul(b, down, op.transpose(b, lora.B));
  return op.add(b, base, op.mul(b, up, lora.scale), name);
}
