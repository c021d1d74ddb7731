/** @jest-environment ./test/support/ort-environment.js */
import { buildGradientGraph } from '../../src/autodiff/build-gradient-graph';
import { checkGradients } from '../../src/autodiff/gradient-check';
import { serializeModel } from '../../src/graph/export-onnx';
import { GraphBuilder } from '../../src/graph/graph-builder';
import * as op from '../../src/graph/ops';
import { GraphSession } from '../../src/runtime/graph-session';
import { hostTensor, toNumbers } from '../../src/tensor/host-tensor';

const threads = { intraOpNumThreads: 1, interOpNumThreads: 1 };

describe('buildGradientGraph', () => {
  it('outputs the loss, the kept metrics and grad.<name> per trainable input', async () => {
    const b = new GraphBuilder('f');
    const x = b.input('x', 'float64', [3]);
    const w = b.input('layers.0.weight', 'float64', [3]);
    const y = op.mul(b, x, w);
    b.output(op.reduceSum(b, op.mul(b, y, y), [], false), 'loss');
    b.output(op.reduceMax(b, y, [], false), 'max_activation');
    const graph = buildGradientGraph(b.build(), { loss: 'loss', wrt: ['layers.0.weight'] });
    expect(graph.outputs.map((o) => o.name)).toEqual(['loss', 'max_activation', 'grad.layers.0.weight']);

    const session = await GraphSession.create(serializeModel(graph), threads);
    const out = await session.run({ x: hostTensor('float64', [3], [1, 2, 3]), 'layers.0.weight': hostTensor('float64', [3], [1, -1, 2]) });
    // loss = Σ (x w)², d/dw = 2 x² w
    expect(toNumbers(out.loss!)).toEqual([1 + 4 + 36]);
    expect(toNumbers(out.max_activation!)).toEqual([6]);
    expect(toNumbers(out['grad.layers.0.weight']!)).toEqual([2, -8, 36]);
    await session.release();
  });

  it('gives zeros to a trainable input the loss does not depend on', async () => {
    const b = new GraphBuilder('f');
    const x = b.input('x', 'float64', [2]);
    b.input('unused', 'float64', [2, 2]);
    b.output(op.reduceSum(b, x, [], false), 'loss');
    const graph = buildGradientGraph(b.build(), { loss: 'loss', wrt: ['x', 'unused'] });
    const session = await GraphSession.create(serializeModel(graph), threads);
    const out = await session.run({ x: hostTensor('float64', [2], [5, 6]), unused: hostTensor('float64', [2, 2], [1, 2, 3, 4]) });
    expect(toNumbers(out['grad.x']!)).toEqual([1, 1]);
    expect(out['grad.unused']!.shape).toEqual([2, 2]);
    expect(toNumbers(out['grad.unused']!)).toEqual([0, 0, 0, 0]);
    await session.release();
  });

  it('sums the contributions of a tensor with several consumers into grad.<tensor>', () => {
    const b = new GraphBuilder('f');
    const x = b.input('x', 'float64', [2]);
    b.output(op.reduceSum(b, op.add(b, op.exp(b, x), op.sin(b, x)), [], false), 'loss');
    const graph = buildGradientGraph(b.build(), { loss: 'loss', wrt: ['x'] });
    const sums = graph.nodes.filter((n) => n.opType === 'Sum');
    expect(sums).toHaveLength(1);
    expect(sums[0]!.outputs).toEqual(['grad.x']);
  });

  it("adds a tied embedding's looked-up rows into the head's gradient instead of scattering them into a zero block", async () => {
    // loss = Σ gather(E, ids) + Σ (h Eᵀ)²: E is both the embedding and the head.
    const b = new GraphBuilder('f');
    const e = b.input('embed', 'float64', [4, 2]);
    const h = b.input('h', 'float64', [3, 2]);
    const ids = b.constant(hostTensor('int64', [3], [1, 3, 1]), 'ids');
    const logits = op.matMul(b, h, op.transpose(b, e, [1, 0]));
    b.output(op.add(b, op.reduceSum(b, op.gather(b, e, ids, 0), [], false), op.reduceSum(b, op.mul(b, logits, logits), [], false)), 'loss');
    const graph = buildGradientGraph(b.build(), { loss: 'loss', wrt: ['embed'] });
    const producer = graph.nodes.find((n) => n.outputs.includes('grad.embed'))!;
    expect(producer.opType).toBe('ScatterND');
    const data = graph.nodes.find((n) => n.outputs.includes(producer.inputs[0]!))!;
    expect(data.opType).not.toBe('ConstantOfShape');
    expect(graph.nodes.filter((n) => n.opType === 'ScatterND')).toHaveLength(1);

    const session = await GraphSession.create(serializeModel(graph), threads);
    const E = [1, -2, 0.5, 3, -1, 2, 0.25, -0.5];
    const H = [2, 1, -1, 0.5, 3, -2];
    const out = await session.run({ embed: hostTensor('float64', [4, 2], E), h: hostTensor('float64', [3, 2], H) });
    // Hand-computed: d/dE of Σ(hEᵀ)² is 2 (hEᵀ)ᵀ h; the lookup adds 1 to each looked-up row (row 1 twice).
    const expected = Array.from({ length: 8 }, (_, k) => {
      const [v, j] = [Math.floor(k / 2), k % 2];
      let g = 0;
      for (let t = 0; t < 3; t++) g += 2 * (H[2 * t]! * E[2 * v]! + H[2 * t + 1]! * E[2 * v + 1]!) * H[2 * t + j]!;
      return g + [0, 2, 0, 1][v]!;
    });
    toNumbers(out['grad.embed']!).forEach((g, k) => expect(g).toBeCloseTo(expected[k]!, 12));
    await session.release();
  });

  it("computes each parameter's gradient as its own output before the gradient flows on to the layer below", async () => {
    // x → tanh → linear W1 → tanh → linear W2 → loss: W2's gradient must exist before the gradient of the
    // hidden layer is passed down (else ONNX Runtime runs it last, holding every layer's tensors to the end).
    const b = new GraphBuilder('f');
    const x = b.input('x', 'float64', [2, 3]);
    const w1 = b.input('w1', 'float64', [3, 3]);
    const w2 = b.input('w2', 'float64', [3, 3]);
    const h = op.tanh(b, op.gemm(b, op.tanh(b, x), w1, { transB: true }));
    b.output(op.reduceSum(b, op.gemm(b, h, w2, { transB: true }), [], false), 'loss');
    const graph = buildGradientGraph(b.build(), { loss: 'loss', wrt: ['w1', 'w2'] });
    const producer = new Map(graph.nodes.flatMap((n) => n.outputs.map((o) => [o, n] as const)));
    const ancestors = (tensor: string, seen = new Set<string>()): Set<string> => {
      for (const i of producer.get(tensor)?.inputs ?? []) if (i && !seen.has(i)) ancestors(i, seen.add(i));
      return seen;
    };
    // grad.w2 is computed by a node of its own name (folded into the Gemm by ONNX Runtime), not copied at the end.
    expect(producer.get('grad.w2')!.opType).toBe('Identity');
    expect(graph.nodes.filter((n) => n.inputs.includes(producer.get('grad.w2')!.inputs[0]!))).toHaveLength(1);
    expect(ancestors('grad.w1').has('grad.w2')).toBe(true);

    const feeds = {
      x: hostTensor('float64', [2, 3], [0.1, -0.2, 0.3, 0.4, 0.5, -0.6]),
      w1: hostTensor('float64', [3, 3], [0.3, -0.1, 0.2, 0.5, 0.4, -0.3, 0.1, 0.2, 0.6]),
      w2: hostTensor('float64', [3, 3], [-0.2, 0.1, 0.4, 0.3, -0.5, 0.2, 0.6, 0.1, -0.1]),
    };
    for (const check of await checkGradients({ forward: b.build(), loss: 'loss', wrt: ['w1', 'w2'], feeds, runtime: threads })) {
      expect(check.relativeError).toBeLessThan(1e-6);
    }
  });

  it('waits for the gradient of a tensor computed from parameters alone (LoRA A matrices stacked) as for a parameter gradient', async () => {
    // h = tanh(x W0ᵀ); one product against [A1; A2] split in two: the gradient passed down to W0 must wait for the
    // stacked matrices' gradient, or ONNX Runtime would run that (and the Split into dA1, dA2) last, holding h.
    const b = new GraphBuilder('f');
    const x = b.input('x', 'float64', [2, 3]);
    const w0 = b.input('w0', 'float64', [3, 3]);
    const a1 = b.input('a1', 'float64', [1, 3]);
    const a2 = b.input('a2', 'float64', [2, 3]);
    const h = op.tanh(b, op.gemm(b, x, w0, { transB: true }));
    const [d1, d2] = op.split(b, op.gemm(b, h, op.concat(b, [a1, a2], 0), { transB: true }), [1, 2], 1);
    b.output(op.add(b, op.reduceSum(b, op.tanh(b, d1!), [], false), op.reduceSum(b, op.mul(b, d2!, d2!), [], false)), 'loss');
    const wrt = ['w0', 'a1', 'a2'];
    const graph = buildGradientGraph(b.build(), { loss: 'loss', wrt });
    const producer = new Map(graph.nodes.flatMap((n) => n.outputs.map((o) => [o, n] as const)));
    const ancestors = (tensor: string, seen = new Set<string>()): Set<string> => {
      for (const i of producer.get(tensor)?.inputs ?? []) if (i && !seen.has(i)) ancestors(i, seen.add(i));
      return seen;
    };
    const piece = producer.get('grad.a1')!.inputs[0]!; // a Split of the stacked matrices' gradient
    expect(producer.get(piece)!.opType).toBe('Split');
    expect(ancestors('grad.w0').has(producer.get(piece)!.inputs[0]!)).toBe(true);

    const feeds = {
      x: hostTensor('float64', [2, 3], [0.1, -0.2, 0.3, 0.4, 0.5, -0.6]),
      w0: hostTensor('float64', [3, 3], [0.3, -0.1, 0.2, 0.5, 0.4, -0.3, 0.1, 0.2, 0.6]),
      a1: hostTensor('float64', [1, 3], [-0.2, 0.1, 0.4]),
      a2: hostTensor('float64', [2, 3], [0.3, -0.5, 0.2, 0.6, 0.1, -0.1]),
    };
    for (const check of await checkGradients({ forward: b.build(), loss: 'loss', wrt, feeds, runtime: threads })) {
      expect(check.relativeError).toBeLessThan(1e-6);
    }
  });

  it('passes through non-differentiable shape and mask ops without rules', async () => {
    const b = new GraphBuilder('f');
    const x = b.input('x', 'float64', ['n']);
    const positive = op.greater(b, x, 0); // bool: no gradient flows through it
    const count = op.cast(b, op.shape(b, x), 'float64'); // int64 shape: no gradient either
    const y = op.where(b, positive, op.mul(b, x, x), op.neg(b, x));
    b.output(op.div(b, op.reduceSum(b, y, [], false), op.reduceSum(b, count, [], false)), 'loss');
    const results = await checkGradients({
      forward: b.build(),
      loss: 'loss',
      wrt: ['x'],
      feeds: { x: hostTensor('float64', [4], [0.5, -1, 2, -0.25]) },
    });
    expect(results[0]!.relativeError).toBeLessThan(1e-6);
  });

  it('reduces broadcast axes decided only at run time (symbolic dims that turn out to be 1)', async () => {
    const b = new GraphBuilder('f');
    const x = b.input('x', 'float64', ['rows', 3]);
    const y = b.input('y', 'float64', ['other', 3]);
    b.output(op.reduceSum(b, op.mul(b, op.mul(b, x, y), op.add(b, x, 1)), [], false), 'loss');
    const graph = buildGradientGraph(b.build(), { loss: 'loss', wrt: ['x', 'y'] });
    expect(graph.nodes.some((n) => n.opType === 'NonZero')).toBe(true);
    const results = await checkGradients({
      forward: b.build(),
      loss: 'loss',
      wrt: ['x', 'y'],
      feeds: { x: hostTensor('float64', [2, 3], [1, 2, 3, 4, 5, 6]), y: hostTensor('float64', [1, 3], [0.5, -1, 2]) },
    });
    for (const r of results) expect(r.relativeError).toBeLessThan(1e-6);
  });

  it('names the op when a rule is missing and refuses a gradient for a non-differentiable input', () => {
    const b = new GraphBuilder('f');
    const x = b.input('x', 'float64', [2]);
    b.output(op.reduceMax(b, x, [], false), 'loss');
    expect(() => buildGradientGraph(b.build(), { loss: 'loss', wrt: ['x'] })).toThrow(/no gradient rule for ReduceMax/);

    const c = new GraphBuilder('g');
    const base = c.input('base', 'float64', [2]);
    const exponent = c.input('exponent', 'float64', [2]);
    c.output(op.reduceSum(c, op.pow(c, base, exponent), [], false), 'loss');
    expect(() => buildGradientGraph(c.build(), { loss: 'loss', wrt: ['exponent'] })).toThrow(/Pow has no gradient for input 1/);
  });

  it('rejects integer trainables and a non-float loss', () => {
    const b = new GraphBuilder('f');
    const ids = b.input('ids', 'int64', [2]);
    b.output(op.reduceSum(b, ids, [], false), 'loss');
    expect(() => buildGradientGraph(b.build(), { loss: 'loss', wrt: [] })).toThrow(/must be a float tensor/);
    expect(() => buildGradientGraph(b.build(), { loss: 'loss', wrt: ['ids'] })).toThrow();
  });
});
