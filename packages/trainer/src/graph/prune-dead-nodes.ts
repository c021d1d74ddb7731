import type { Graph } from './graph';

/**
 * Removes nodes whose outputs nothing reads (no node, no graph output), in place. ONNX Runtime runs such
 * nodes anyway, at the end of the run, keeping their inputs alive until then: a recomputed layer's
 * final residual add (its output is the saved one) would hold two hidden states per layer to the end.
 */
export function pruneDeadNodes(graph: Graph): void {
  const needed = new Set(graph.outputs.map((o) => o.name));
  const kept: Graph['nodes'] = [];
  for (let k = graph.nodes.length - 1; k >= 0; k--) {
    const node = graph.nodes[k]!;
    if (!node.outputs.some((o) => o && needed.has(o))) {
      for (const o of node.outputs) if (o) graph.values.delete(o);
      continue;
    }
    kept.push(node);
    for (const i of node.inputs) if (i) needed.add(i);
  }
  graph.nodes.length = 0;
  graph.nodes.push(...kept.reverse());
}
