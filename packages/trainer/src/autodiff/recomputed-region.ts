import type { Node, Value } from '../graph/graph';
import type { GraphBuilder } from '../graph/graph-builder';
import { activeTensors, backpropagate } from './backpropagate';
import type { GradientRegion } from './gradient-region';
import { tieAfter } from './tie-after';

/**
 * Activation recomputation (gradient checkpointing) of a stretch of forward nodes with one input that
 * flows through it (a decoder layer's hidden state) and one output. The forward pass keeps only that
 * input: the region's intermediate tensors die inside the forward pass. Its backward re-emits the
 * region's nodes on the saved input, tied after the output's gradient (so the recomputation runs when
 * the backward pass reaches the region, not earlier), and differentiates the copies with the ordinary
 * rules. The copies compute exactly the same values (same ops, inputs, seeds), so the gradients are
 * those of the plain graph.
 */
export function recomputedRegion(b: GraphBuilder, name: string, nodeNames: ReadonlySet<string>, input: Value, output: Value): GradientRegion {
  const nodes = b.nodes.filter((n) => nodeNames.has(n.name));
  const produced = new Set(nodes.flatMap((n) => n.outputs));
  // Everything read from outside: the flowing input, weights, LoRA matrices, rotary tables, masks.
  const inputs = [...new Set(nodes.flatMap((n) => n.inputs).filter((i) => i && !produced.has(i)))];
  if (!inputs.includes(input.name)) throw new Error(`recomputed region '${name}' does not read '${input.name}'`);
  return {
    name,
    nodes: nodeNames,
    inputs,
    outputs: [output.name],
    backward(gb, [dOutput], needsGradient) {
      const grads = new Map<string, Value>();
      if (!dOutput) return grads;
      const leaked = gb.nodes.find((n) => !nodeNames.has(n.name) && n.inputs.some((i) => i !== output.name && produced.has(i)));
      if (leaked) throw new Error(`recomputed region '${name}': node '${leaked.name}' outside it reads one of its intermediate tensors`);
      const copyOf = new Map<string, string>([[input.name, tieAfter(gb, gb.value(input.name), dOutput).name]]);
      const copies: Node[] = [];
      gb.scope('recompute', () => {
        for (const node of nodes) {
          if (node.outputs.some((o) => !o)) throw new Error(`recomputed region '${name}': node '${node.name}' omits an output`);
          const outs = gb.node(
            node.opType,
            node.inputs.map((i) => (i ? (copyOf.get(i) ?? i) : null)),
            node.outputs.map((o) => gb.value(o)),
            { attributes: node.attributes, domain: node.domain },
          );
          node.outputs.forEach((o, k) => copyOf.set(o, outs[k]!.name));
          copies.push(gb.nodes[gb.nodes.length - 1]!);
        }
      });
      const wanted = inputs.filter((i) => needsGradient(i));
      const copied = (t: string) => copyOf.get(t) ?? t;
      const active = activeTensors(gb.build(), copies, wanted.map(copied));
      const total = backpropagate(gb, copies, active, new Map([[copied(output.name), dOutput]]), []);
      for (const i of wanted) {
        const g = total(copied(i));
        if (g) grads.set(i, g);
      }
      return grads;
    },
  };
}
