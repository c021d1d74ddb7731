import type { Value } from '../graph/graph';
import type { GraphBuilder } from '../graph/graph-builder';
import * as op from '../graph/ops';

/** Gradients that are zeros with rows added at indices, and what they added (an embedding lookup's). */
const scattered = new WeakMap<Value, { where: Value; updates: Value }>();

/**
 * Zeros shaped like `like` with `updates` added at `where` (ScatterND reduction=add). When the same tensor
 * gets another gradient (a tied embedding's LM head), `sumGradients` adds the rows into that one instead,
 * and this zero block and its scatter are never run (pruned): a [vocab, hidden] block and a pass less.
 */
export function scatterAddIntoZeros(b: GraphBuilder, like: Value, where: Value, updates: Value): Value {
  const grad = op.scatterND(b, op.zerosLike(b, like), where, updates, 'add');
  scattered.set(grad, { where, updates });
  return grad;
}

/** The sum of a tensor's gradient contributions (at least two); rows scattered into zeros are added into the rest. */
export function sumGradients(b: GraphBuilder, contributions: readonly Value[], name?: string): Value {
  const dense = contributions.filter((g) => !scattered.has(g));
  const sparse = contributions.filter((g) => scattered.has(g));
  if (dense.length === 0 || sparse.length === 0) return op.sum(b, [...contributions], name);
  let total = dense.length === 1 ? dense[0]! : op.sum(b, dense);
  sparse.forEach((g, k) => {
    const { where, updates } = scattered.get(g)!;
    total = op.scatterND(b, total, where, updates, 'add', k === sparse.length - 1 ? name : undefined);
  });
  return total;
}
