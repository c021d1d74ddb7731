import { GraphBuilder } from '../../src/graph/graph-builder';
import * as op from '../../src/graph/ops';
import { pruneDeadNodes } from '../../src/graph/prune-dead-nodes';

describe('pruneDeadNodes', () => {
  it('drops nodes (and chains of nodes) whose outputs nothing reads, keeping everything an output needs', () => {
    const b = new GraphBuilder('g');
    const x = b.input('x', 'float32', [2]);
    const used = op.exp(b, x);
    const dead = op.sin(b, op.cos(b, x)); // a chain read by nothing
    b.output(op.neg(b, used), 'y');
    const graph = b.build();
    pruneDeadNodes(graph);
    expect(graph.nodes.map((n) => n.opType)).toEqual(['Exp', 'Neg', 'Identity']);
    expect(graph.values.has(dead.name)).toBe(false);
    expect(graph.values.has(used.name)).toBe(true);
  });
});
