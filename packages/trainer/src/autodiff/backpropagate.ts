import { isFloatDType } from '../graph/dtype';
import type { Graph, Node, Value } from '../graph/graph';
import type { GraphBuilder } from '../graph/graph-builder';
import * as op from '../graph/ops';
import type { GradContext, GradientRule } from './gradient-rule';
import type { GradientRegion } from './gradient-region';
import { findGradientRule } from './registry';
import { sumGradients } from './scatter-add-grad';
import { tieAfter } from './tie-after';

export function gradientName(tensor: string): string {
  return `grad.${tensor}`;
}

/**
 * Reverse mode over `nodes` (forward order): starting from the gradients in `seeds`, appends to `b`
 * the backward nodes of every node between an `active` tensor and a seed, in reverse order, and
 * returns the total gradient of a tensor (undefined where none reaches it). Regions' nodes are
 * skipped and their hand-written backward runs once all their output gradients are complete.
 */
export function backpropagate(
  b: GraphBuilder,
  nodes: readonly Node[],
  active: ReadonlySet<string>,
  seeds: ReadonlyMap<string, Value>,
  regions: readonly GradientRegion[],
): (tensor: string) => Value | undefined {
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
    const summed = sumGradients(b, list, b.has(gradientName(tensor)) ? undefined : gradientName(tensor));
    contributions.set(tensor, [summed]);
    return summed;
  };
  for (const [tensor, g] of seeds) if (active.has(tensor)) contribute(tensor, g);

  // Tensors no node computes: graph inputs and initializers (the trained parameters among them).
  const computed = new Set(b.build().nodes.flatMap((n) => n.outputs));
  const regionOf = new Map<string, GradientRegion>();
  for (const region of regions) for (const n of region.nodes) regionOf.set(n, region);
  const doneRegions = new Set<GradientRegion>();
  const onPath = nodesOnPath(nodes, active, [...seeds.keys()]);
  const contributionsTo = expectedContributions(onPath, regionOf, active);
  const isParameter = (tensor: string) => !computed.has(tensor);
  const fromParameters = computedFromParameters(b.build().nodes, (t) => isParameter(t) && active.has(t));

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
      const grads: [string, Value][] = [];
      node.inputs.forEach((input, i) => {
        if (!input || !active.has(input)) return;
        const fn = rule.inputGrads[i] ?? (rule.eachInputGrad && ((c: GradContext) => rule.eachInputGrad!(c, i)));
        if (!fn) throw new Error(`${node.opType} has no gradient for input ${i} ('${input}', node '${node.name}')`);
        grads.push([input, fn(ctx)]);
      });
      for (const [input, g] of parametersFirst(grads, isParameter, fromParameters, (t) => contributionsTo.get(t) === 1, b)) contribute(input, g);
    });
  }
  return total;
}

/**
 * A parameter's gradient (dW of a linear layer, a norm's weight, a LoRA matrix) is read by nothing but
 * the graph output at the very end, so ONNX Runtime runs it last: every layer's activations and incoming
 * gradients it reads would stay alive until the end of the backward pass (measured: ~45 MB a layer on
 * SmolLM2-135M with recomputation, and all of full fine-tuning's weight gradients in the arena at once).
 * Tying the node's other input gradients after its parameter gradients makes the backward pass wait
 * for them, so they run while their operands are live and those are freed layer by layer.
 */
function parametersFirst(
  grads: [string, Value][],
  isParameter: (tensor: string) => boolean,
  fromParameters: ReadonlySet<string>,
  isWhole: (tensor: string) => boolean,
  b: GraphBuilder,
): [string, Value][] {
  // A parameter's only contribution is its gradient: give it the output's name now, so the node computing
  // it writes the graph output itself (ONNX Runtime folds the Identity away; the caller's preallocated
  // buffer) instead of an arena tensor copied out at the end.
  const named = grads.map(([t, g]): [string, Value] => [t, isParameter(t) && isWhole(t) && !b.has(gradientName(t)) ? op.identity(b, g, gradientName(t)) : g]);
  // A tensor computed from parameters alone (LoRA A matrices stacked for a shared down product) counts
  // as one: its gradient, too, is read only on the way to parameter gradients.
  const parameterSide = (t: string) => isParameter(t) || fromParameters.has(t);
  const parameterGrads = named.filter(([t]) => parameterSide(t)).map(([, g]) => g);
  if (parameterGrads.length === 0) return named;
  return named.map(([t, g]) => [t, parameterSide(t) ? g : parameterGrads.reduce((tied, p) => tieAfter(b, tied, p), g)]);
}

/**
 * Tensors that nodes compute from trained parameters (and such tensors) alone: never from data inputs,
 * frozen weights or constants, so in full fine-tuning the activations are not among them.
 */
function computedFromParameters(nodes: readonly Node[], isParameter: (tensor: string) => boolean): Set<string> {
  const derived = new Set<string>();
  for (const node of nodes) {
    if (node.inputs.length > 0 && node.inputs.every((i) => !i || isParameter(i) || derived.has(i))) for (const o of node.outputs) derived.add(o);
  }
  return derived;
}

/** How many gradient contributions each active tensor will receive: one per reading node, one per region. */
function expectedContributions(onPath: readonly Node[], regionOf: ReadonlyMap<string, GradientRegion>, active: ReadonlySet<string>): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (t: string) => counts.set(t, (counts.get(t) ?? 0) + 1);
  const regions = new Set<GradientRegion>();
  for (const node of onPath) {
    const region = regionOf.get(node.name);
    if (region) regions.add(region);
    else for (const i of node.inputs) if (i && active.has(i)) add(i);
  }
  for (const region of regions) for (const i of region.inputs) if (active.has(i)) add(i);
  return counts;
}

/** Tensors that depend on a wrt tensor through float values. */
export function activeTensors(graph: Pick<Graph, 'values'>, nodes: readonly Node[], wrt: readonly string[]): Set<string> {
  const active = new Set(wrt);
  for (const node of nodes) {
    if (!node.inputs.some((i) => i && active.has(i))) continue;
    for (const o of node.outputs) {
      const info = graph.values.get(o);
      if (info && isFloatDType(info.dtype)) active.add(o);
    }
  }
  return active;
}

/** Nodes whose outputs lead to a target and whose inputs include an active tensor, in forward order. */
function nodesOnPath(nodes: readonly Node[], active: ReadonlySet<string>, targets: readonly string[]): Node[] {
  const needed = new Set(targets);
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
