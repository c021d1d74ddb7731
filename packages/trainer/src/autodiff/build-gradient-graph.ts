import { isFloatDType } from '../graph/dtype';
import type { Graph, Value } from '../graph/graph';
import { GraphBuilder } from '../graph/graph-builder';
import * as op from '../graph/ops';
import { activeTensors, backpropagate, gradientName } from './backpropagate';
import type { GradientRegion } from './gradient-region';

export { gradientName } from './backpropagate';

export interface GradientGraphOptions {
  /** Name of the scalar loss tensor in the forward graph. */
  loss: string;
  /** Graph inputs (or initializers) to differentiate; each gets an output `grad.<name>`. */
  wrt: string[];
  /** Forward tensors to keep as outputs besides the loss (metrics). Default: the forward graph's outputs. */
  keep?: string[];
  name?: string;
  /** Node stretches with hand-written backward passes (see GradientRegion). */
  regions?: readonly GradientRegion[];
}

/**
 * Reverse-mode autodiff on the graph: appends, in reverse topological order, the backward nodes of
 * every forward node that lies between a `wrt` tensor and the loss, and returns one graph whose
 * outputs are the loss, the kept metrics and `grad.<name>` for every `wrt` tensor.
 *
 * Only float tensors computed from a `wrt` tensor carry gradients, so shape arithmetic, masks and
 * indices (Shape, Equal, ArgMax, Cast to int...) need no rules. A tensor consumed several times
 * gets the Sum of its gradient contributions. A `wrt` tensor the loss does not depend on gets zeros.
 */
export function buildGradientGraph(forward: Graph, options: GradientGraphOptions): Graph {
  const b = GraphBuilder.from(forward, options.name ?? `${forward.name}.grad`);
  const graph = b.build();
  const lossValue = b.value(options.loss);
  if (!isFloatDType(lossValue.dtype)) throw new Error(`loss '${options.loss}' must be a float tensor`);
  for (const w of options.wrt) {
    const info = b.value(w);
    if (!isFloatDType(info.dtype)) throw new Error(`cannot differentiate w.r.t. '${w}' of type ${info.dtype}`);
  }

  const active = activeTensors(forward, forward.nodes, options.wrt);
  const total = backpropagate(b, forward.nodes, active, new Map([[options.loss, lossSeed(b, lossValue)]]), [
    ...(forward.regions ?? []),
    ...(options.regions ?? []),
  ]);

  const keep = options.keep ?? forward.outputs.map((o) => o.name).filter((n) => n !== options.loss);
  graph.outputs.length = 0;
  graph.outputs.push(lossValue);
  for (const name of keep) graph.outputs.push(b.value(name));
  for (const w of options.wrt) {
    const g = total(w) ?? op.zerosLike(b, b.value(w));
    b.output(g, gradientName(w));
  }
  return graph;
}

function lossSeed(b: GraphBuilder, loss: Value): Value {
  return loss.shape.length === 0 ? b.scalar(1, loss.dtype) : op.constantOfShape(b, op.shape(b, loss), 1, loss.dtype);
}
