import type { Value } from '../graph/graph';
import type { GraphBuilder } from '../graph/graph-builder';

/**
 * A stretch of forward nodes whose backward pass is written by hand instead of by the per-op rules,
 * because the rules would keep its intermediate tensors alive from the forward pass to the backward
 * pass (the chunked LM head recomputes each chunk's logits instead of saving them).
 */
export interface GradientRegion {
  name: string;
  /** Names of the nodes inside; autodiff skips them. */
  nodes: ReadonlySet<string>;
  /** Tensors from outside the region that may carry gradients into it. */
  inputs: readonly string[];
  /** Tensors the region produces that are read outside it. */
  outputs: readonly string[];
  /**
   * Emits the backward nodes. `outputGrads[i]` is the gradient of `outputs[i]` (undefined when it does
   * not reach the loss); returns the gradient of every input `needsGradient` accepts.
   */
  backward(b: GraphBuilder, outputGrads: readonly (Value | undefined)[], needsGradient: (input: string) => boolean): Map<string, Value>;
}

/** Runs `build` and returns, with its result, the names of the nodes it added to `b`. */
export function nodesAddedBy<T>(b: GraphBuilder, build: () => T): { result: T; nodes: Set<string> } {
  const before = b.build().nodes.length;
  const result = build();
  return { result, nodes: new Set(b.build().nodes.slice(before).map((n) => n.name)) };
}
