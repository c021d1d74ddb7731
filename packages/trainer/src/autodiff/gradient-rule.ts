import type { Attributes } from '../graph/attributes';
import type { Node, Value } from '../graph/graph';
import type { GraphBuilder } from '../graph/graph-builder';

/**
 * What a gradient function sees: the forward node, the gradients flowing into its outputs, and the
 * forward tensors the rule declared it uses. Everything it returns is built from standard ONNX ops.
 */
export interface GradContext {
  readonly b: GraphBuilder;
  readonly node: Node;
  readonly attributes: Attributes;
  /** Forward input `i` (must be listed in the rule's `uses.inputs`). */
  input(i: number): Value;
  /** Forward output `i` (must be listed in the rule's `uses.outputs`). */
  output(i: number): Value;
  /** Gradient of the loss with respect to output 0. */
  readonly dy: Value;
  /** Gradient w.r.t. output `i`, or undefined when that output does not reach the loss. */
  outputGrad(i: number): Value | undefined;
  /** Computes a value once per node and shares it between the node's input gradients (e.g. one Split for all Concat inputs). */
  shared<T>(key: string, make: () => T): T;
}

/**
 * The backward rule of one op, in the style of tfjs-core's gradient files: which forward values the
 * backward pass reads, and one function per differentiable input returning that input's gradient.
 * An input without a function has no gradient (indices, masks, shapes); reaching it from a trainable
 * tensor is an error.
 */
export interface GradientRule {
  opType: string;
  domain?: string;
  /** Forward values read by the backward pass ('all' for variadic ops). */
  uses: { inputs: number[] | 'all'; outputs: number[] | 'all' };
  inputGrads: Record<number, (ctx: GradContext) => Value>;
  /** For variadic ops (Sum, Concat): the gradient of input `i`, for any i. */
  eachInputGrad?: (ctx: GradContext, i: number) => Value;
}
