/** @jest-environment ./test/support/ort-environment.js */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GraphBuilder } from '../../src/graph/graph-builder';
import * as op from '../../src/graph/ops';
import { sessionForGraph } from '../../src/runtime/session-for-graph';
import { hostTensor, toNumbers } from '../../src/tensor/host-tensor';

function graph() {
  const b = new GraphBuilder('scaled sum');
  const x = b.input('x', 'float32', [512]);
  b.output(op.reduceSum(b, op.mul(b, x, b.initializer('scale', { dtype: 'float32', shape: [512], data: new Float32Array(512).fill(2) })), [], false), 'y');
  return b.build();
}

describe('sessionForGraph', () => {
  const feeds = { x: hostTensor('float32', [512], new Float32Array(512).fill(1)) };

  it('hands initializers to ONNX Runtime as in-memory buffers by default', async () => {
    const session = await sessionForGraph(graph(), { intraOpNumThreads: 1 });
    expect(toNumbers((await session.run(feeds)).y!)).toEqual([1024]);
    await session.release();
  });

  it("with placement 'disk', writes the graph and external data to the work folder and loads them from there", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'whetstone-session-'));
    try {
      const session = await sessionForGraph(graph(), { intraOpNumThreads: 1 }, { placement: 'disk', workDir: dir });
      expect(fs.readdirSync(dir).sort()).toEqual(['scaled_sum.onnx', 'scaled_sum.onnx.data']);
      expect(toNumbers((await session.run(feeds)).y!)).toEqual([1024]);
      await session.release();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
