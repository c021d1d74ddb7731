/** @jest-environment ./test/support/ort-environment.js */
import { buildGradientGraph, gradientName } from '../../src/autodiff/build-gradient-graph';
import { mulberry32 } from '../../src/data/seeded-random';
import { serializeModel } from '../../src/graph/export-onnx';
import { GraphBuilder } from '../../src/graph/graph-builder';
import * as op from '../../src/graph/ops';
import { rmsNorm } from '../../src/model/rms-norm';
import { GraphSession } from '../../src/runtime/graph-session';
import { hostTensor } from '../../src/tensor/host-tensor';

// Rows of 8 features; loss = Σ R ⊙ rmsNorm(x, w) with fixed random R.
const ROWS = 6;
const D = 8;
const EPS = 1e-5;
const random = mulberry32(77);
const uniform = (lo: number, hi: number) => lo + (hi - lo) * random();
const x = Array.from({ length: ROWS * D }, () => uniform(-2, 2));
const w = Array.from({ length: D }, () => uniform(0.5, 1.5));
const r = Array.from({ length: ROWS * D }, () => uniform(-1, 1));

/** The loss in float64 JavaScript, written out: the independent reference. */
function loss(xs: number[], ws: number[]): number {
  let total = 0;
  for (let row = 0; row < ROWS; row++) {
    const v = xs.slice(row * D, row * D + D);
    const inverseRms = 1 / Math.sqrt(v.reduce((s, e) => s + e * e, 0) / D + EPS);
    v.forEach((e, i) => (total += r[row * D + i]! * ws[i]! * e * inverseRms));
  }
  return total;
}

function centralDifferences(of: (nudged: number[]) => number, at: number[], h = 1e-6): number[] {
  return at.map((_, i) => {
    const up = [...at];
    const down = [...at];
    up[i]! += h;
    down[i]! -= h;
    return (of(up) - of(down)) / (2 * h);
  });
}

describe('RMSNorm as SimplifiedLayerNormalization', () => {
  it('float32 graphs: the backward reuses the forward inverse RMS and matches float64 central differences of the written-out loss', async () => {
    const b = new GraphBuilder('rms_norm_f32');
    const xIn = b.input('x', 'float32', [ROWS, D]);
    const wIn = b.input('w', 'float32', [D]);
    const y = rmsNorm(b, xIn, wIn, EPS);
    b.output(op.reduceSum(b, op.mul(b, y, b.constant(hostTensor('float32', [ROWS, D], r))), [], false), 'loss');
    const graph = buildGradientGraph(b.build(), { loss: 'loss', wrt: ['x', 'w'] });
    // The only ReduceMean is the backward's mean(g ⊙ x): the inverse RMS comes from the forward node.
    expect(graph.nodes.filter((n) => n.opType === 'ReduceMean')).toHaveLength(1);
    const session = await GraphSession.create(serializeModel(graph), { intraOpNumThreads: 1 });
    const out = await session.run({ x: hostTensor('float32', [ROWS, D], x), w: hostTensor('float32', [D], w) });
    await session.release();

    const expected = {
      x: centralDifferences((xs) => loss(xs, w), x),
      w: centralDifferences((ws) => loss(x, ws), w),
    };
    for (const name of ['x', 'w'] as const) {
      const got = Array.from(out[gradientName(name)]!.data as Float32Array);
      const scale = Math.max(...expected[name].map(Math.abs));
      const worst = Math.max(...got.map((g, i) => Math.abs(g - expected[name][i]!)));
      expect(worst / scale).toBeLessThan(1e-5);
    }
    expect(Number(out.loss!.data[0])).toBeCloseTo(loss(x, w), 4);
  });
});
