import { GraphBuilder } from '../../src/graph/graph-builder';
import * as op from '../../src/graph/ops';
import { hostTensor } from '../../src/tensor/host-tensor';

describe('GraphBuilder', () => {
  it('names intermediate tensors after their scope and op type, uniquely', () => {
    const b = new GraphBuilder('g');
    const x = b.input('x', 'float32', ['batch', 4]);
    const [y1, y2] = b.scope('model.layers.3', () =>
      b.scope('self_attn', () => [op.exp(b, x), op.exp(b, x)]),
    );
    expect(y1!.name).toBe('model.layers.3.self_attn/Exp');
    expect(y2!.name).toBe('model.layers.3.self_attn/Exp_1');
  });

  it('refuses to reuse a name the caller chose', () => {
    const b = new GraphBuilder('g');
    b.input('x', 'float32', [2]);
    expect(() => b.input('x', 'float32', [2])).toThrow(/already used/);
    expect(() => b.initializer('x', hostTensor('float32', [1], [1]))).toThrow(/already used/);
  });

  it('shares one initializer between equal small constants', () => {
    const b = new GraphBuilder('g');
    const x = b.input('x', 'float64', [3]);
    op.mul(b, x, 2);
    op.add(b, x, 2);
    expect(b.build().initializers.size).toBe(1);
  });

  it('follows symbolic dims through broadcasting, reshapes and transposes', () => {
    const b = new GraphBuilder('g');
    const x = b.input('x', 'float32', ['batch', 'seq', 8]);
    const heads = op.reshape(b, x, [0, 0, 2, 4]);
    expect(heads.shape).toEqual(['batch', 'seq', 2, 4]);
    const t = op.transpose(b, heads, [0, 2, 1, 3]);
    expect(t.shape).toEqual(['batch', 2, 'seq', 4]);
    const flat = op.reshape(b, x, [-1, 8]);
    expect(flat.shape).toEqual(['batch*seq', 8]);
    const back = op.reshape(b, flat, op.shape(b, x));
    expect(back.shape).toEqual(['batch', 'seq', 8]);
    const bias = b.input('bias', 'float32', [8]);
    expect(op.add(b, x, bias).shape).toEqual(['batch', 'seq', 8]);
    const scores = op.matMul(b, t, op.transpose(b, t, [0, 1, 3, 2]));
    expect(scores.shape).toEqual(['batch', 2, 'seq', 'seq']);
    expect(op.reduceSum(b, scores, [-1], false).shape).toEqual(['batch', 2, 'seq']);
    expect(op.slice(b, x, [0], [3], [2]).shape).toEqual(['batch', 'seq', 3]);
    expect(op.slice(b, x, [1], [Number.MAX_SAFE_INTEGER], [1]).shape[1]).toMatch(/^\?/);
  });

  it('rejects shapes that cannot broadcast and matmuls with mismatched inner dims', () => {
    const b = new GraphBuilder('g');
    const x = b.input('x', 'float32', [2, 3]);
    const y = b.input('y', 'float32', [4, 3]);
    expect(() => op.add(b, x, y)).toThrow(/do not broadcast/);
    expect(() => op.matMul(b, x, y)).toThrow(/inner dims differ/);
  });

  it('extends a copy of a graph without changing the original', () => {
    const b = new GraphBuilder('g');
    const x = b.input('x', 'float32', [2]);
    b.output(op.exp(b, x), 'y');
    const original = b.build();
    const ext = GraphBuilder.from(original, 'g2');
    ext.output(op.log(ext, ext.value('y')), 'z');
    expect(original.nodes.map((n) => n.opType)).toEqual(['Exp', 'Identity']);
    expect(ext.build().nodes.map((n) => n.opType)).toEqual(['Exp', 'Identity', 'Log', 'Identity']);
    expect(() => ext.input('y', 'float32', [2])).toThrow(/already used/);
  });
});
