import type { Dim } from '../src/graph/dims';
import type { Graph } from '../src/graph/graph';

/**
 * Matmul FLOPs of a built graph (2·batch·M·K·N per MatMul or Gemm, batch axes broadcast), with the symbolic
 * dims (`batch`, `sequence` and products like `batch*sequence`) given values: an independent check
 * of the analytic count in step-flops.ts. The chunked LM head's products have a row count known only at
 * run time (the tokens, padded to a multiple of the chunks, per chunk: an unknown `?N` dim);
 * `runTimeRows` gives it, and without it such a product throws.
 */
export function graphMatmulFlops(graph: Graph, dims: Record<string, number>, runTimeRows?: number): number {
  const size = (d: Dim): number => {
    if (typeof d === 'number') return d;
    return d.split('*').reduce((n, part) => {
      const v = part.startsWith('?') ? runTimeRows : dims[part];
      if (v === undefined) throw new Error(`graphMatmulFlops: no value for dim '${part}' in '${d}'`);
      return n * v;
    }, 1);
  };
  let flops = 0;
  for (const node of graph.nodes) {
    if (node.opType === 'Gemm') {
      const a = graph.values.get(node.inputs[0]!)!.shape.map(size);
      const b = graph.values.get(node.inputs[1]!)!.shape.map(size);
      const transA = node.attributes.transA?.kind === 'int' && node.attributes.transA.value === 1;
      const transB = node.attributes.transB?.kind === 'int' && node.attributes.transB.value === 1;
      const [m, k] = transA ? [a[1]!, a[0]!] : [a[0]!, a[1]!];
      flops += 2 * m * k * (transB ? b[0]! : b[1]!);
      continue;
    }
    if (node.opType !== 'MatMul') continue;
    const a = graph.values.get(node.inputs[0]!)!.shape.map(size);
    const b = graph.values.get(node.inputs[1]!)!.shape.map(size);
    if (a.length < 2 || b.length < 2) throw new Error(`graphMatmulFlops: ${node.name} is not a matrix product`);
    const [m, k, n] = [a.at(-2)!, a.at(-1)!, b.at(-1)!];
    const batchA = a.slice(0, -2);
    const batchB = b.slice(0, -2);
    const rank = Math.max(batchA.length, batchB.length);
    let batch = 1;
    for (let i = 0; i < rank; i++) batch *= Math.max(batchA[batchA.length - rank + i] ?? 1, batchB[batchB.length - rank + i] ?? 1);
    flops += 2 * batch * m * k * n;
  }
  return flops;
}
