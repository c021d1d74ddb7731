import { isFloatDType } from '../graph/dtype';
import type { Graph, Node, Value } from '../graph/graph';
import { GraphBuilder } from '../graph/graph-builder';
import * as op from '../graph/ops';
import type { GradContext, GradientRule } from './gradient-rule';
import type { GradientRegion } from './gradient-region';
import { findGradientRule } from './registry';

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

export function gradientName(tensor: string): string {
  return `grad.${tensor}`;
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

  const active = activeTensors(forward, options.wrt);
  const onPath = nodesOnPath(forward.nodes, active, options.loss);

  const contributions = new Map<string, Value[]>();
  const contribute = (tensor: string, g: Value) => {
    const list = contributions.get(tensor) ?? [];
    list.push(g);
    contributions.set(tensor, list);
  };
  const total = (tensor: string): Value | undefined => {
    const list = contributions.get(tensor);
    if (!list || list.length === 0) return undefined;
    if (list.length === 1) return list[0]!;
    const summed = op.sum(b, list, b.has(gradientName(tensor)) ? undefined : gradientName(tensor));
    contributions.set(tensor, [summed]);
    return summed;
  };

  if (active.has(options.loss)) {
    contribute(options.loss, lossSeed(b, lossValue));
  }

  const regionOf = new Map<string, GradientRegion>();
  for (const region of [...(forward.regions ?? []), ...(options.regions ?? [])]) for (const n of region.nodes) regionOf.set(n, region);
  const doneRegions = new Set<GradientRegion>();

  for (let k = onPath.length - 1; k >= 0; k--) {
    const node = onPath[k]!;
    const region = regionOf.get(node.name);
    if (region) {
      // The region's last node on the path in forward order: all its output gradients are complete.
      if (doneRegions.has(region)) continue;
      doneRegions.add(region);
      const outputGrads = region.outputs.map((o) => total(o));
      if (outputGrads.every((g) => g === undefined)) continue;
      b.scope(`grad.${region.name}`, () => {
        const grads = region.backward(b, outputGrads, (input) => active.has(input));
        for (const [input, g] of grads) contribute(input, g);
      });
      continue;
    }
    const outputGrads = node.outputs.map((o) => total(o));
    if (outputGrads.every((g) => g === undefined)) continue;
    const rule = findGradientRule(node.opType, node.domain);
    if (!rule) throw new Error(`no gradient rule for ${node.opType} (node '${node.name}')`);
    b.scope(`grad.${node.name}`, () => {
      const ctx = gradContext(b, node, rule, outputGrads);
      node.inputs.forEach((input, i) => {
        if (!input || !active.has(input)) return;
        const fn = rule.inputGrads[i] ?? (rule.eachInputGrad && ((c: GradContext) => rule.eachInputGrad!(c, i)));
        if (!fn) throw new Error(`${node.opType} has no gradient for input ${i} ('${input}', node '${node.name}')`);
        contribute(input, fn(ctx));
      });
    });
  }

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

/** Tensors that depend on a wrt tensor through float values. */
function activeTensors(graph: Graph, wrt: string[]): Set<string> {
  const active = new Set(wrt);
  for (const node of graph.nodes) {
    if (!node.inputs.some((i) => i && active.has(i))) continue;
    for (const o of node.outputs) {
      const info = graph.values.get(o);
      if (info && isFloatDType(info.dtype)) active.add(o);
    }
  }
  return active;
}

/** Nodes whose outputs lead to the loss and whose inputs include an active tensor, in forward order. */
function nodesOnPath(nodes: readonly Node[], active: Set<string>, loss: string): Node[] {
  const needed = new Set([loss]);
  const path: Node[] = [];
  for (let k = nodes.length - 1; k >= 0; k--) {
    const node = nodes[k]!;
    if (!node.outputs.some((o) => needed.has(o))) continue;
    const activeInputs = node.inputs.filter((i) => i && active.has(i));
    if (activeInputs.length === 0) continue;
    path.push(node);
    for (const i of activeInputs) needed.add(i);
  }
  return path.reverse();
}

function lossSeed(b: GraphBuilder, loss: Value): Value {
  return loss.shape.length === 0 ? b.scalar(1, loss.dtype) : op.constantOfShape(b, op.shape(b, loss), 1, loss.dtype);
}

function gradContext(b: GraphBuilder, node: Node, rule: GradientRule, outputGrads: (Value | undefined)[]): GradContext {
  const allowed = (list: number[] | 'all', i: number) => list === 'all' || list.includes(i);
  const memo = new Map<string, unknown>();
  return {
    b,
    node,
    attributes: node.attributes,
    input(i) {
      if (!allowed(rule.uses.inputs, i)) throw new Error(`${node.opType} gradient reads input ${i} without declaring it`);
      return b.value(node.inputs[i]!);
    },
    output(i) {
      if (!allowed(rule.uses.outputs, i)) throw new Error(`${node.opType} gradient reads output ${i} without declaring it`);
      return b.value(node.outputs[i]!);
    },
    get dy() {
      const g = outputGrads[0];
      if (!g) throw new Error(`${node.opType}: output 0 of '${node.name}' has no gradient`);
      return g;
    },
    outputGrad: (i) => outputGrads[i],
    shared<T>(key: string, make: () => T): T {
      if (!memo.has(key)) memo.set(key, make());
      return memo.get(key) as T;
    },
  };
}
