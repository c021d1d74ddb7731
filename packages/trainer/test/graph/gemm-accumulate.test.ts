/** @jest-environment ./test/support/ort-environment.js */
import { serializeModel } from '../../src/graph/export-onnx';
import { GraphBuilder } from '../../src/graph/graph-builder';
import * as op from '../../src/graph/ops';
import { GraphSession } from '../../src/runtime/graph-session';
import { hostTensor, toNumbers } from '../../src/tensor/host-tensor';

describe('gemmAccumulate', () => {
  it('adds op(x)·op(y) into the accumulator (a running sum of products, hand-computed)', async () => {
    const b = new GraphBuilder('sum-of-products');
    const x = b.input('x', 'float32', [2, 3]);
    const y = b.input('y', 'float32', [2, 2]);
    const c = b.input('c', 'float32', [3, 2]);
    // xᵀ·y + c, then once more: c + 2·xᵀ·y.
    b.output(op.gemmAccumulate(b, x, y, op.gemmAccumulate(b, x, y, c, { transA: true }), { transA: true }), 'out');
    const session = await GraphSession.create(serializeModel(b.build()), { intraOpNumThreads: 1 });
    const out = await session.run({
      x: hostTensor('float32', [2, 3], [1, 2, 3, 4, 5, 6]),
      y: hostTensor('float32', [2, 2], [1, 0, 0, 1]),
      c: hostTensor('float32', [3, 2], [10, 20, 30, 40, 50, 60]),
    });
    // xᵀ·I = xᵀ = [[1, 4], [2, 5], [3, 6]].
    expect(toNumbers(out.out!)).toEqual([12, 28, 34, 50, 56, 72]);
    await session.release();
  });

  it('refuses an accumulator of another shape than the product', () => {
    const b = new GraphBuilder('bad');
    const x = b.input('x', 'float32', [2, 3]);
    const c = b.input('c', 'float32', [2, 2]);
    expect(() => op.gemmAccumulate(b, x, x, c, { transA: true })).toThrow(/accumulator/);
  });
});
