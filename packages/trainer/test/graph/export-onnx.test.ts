/** @jest-environment ./test/support/ort-environment.js */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { onnx } from 'onnx-proto';
import { attr } from '../../src/graph/attributes';
import { saveModel, serializeModel } from '../../src/graph/export-onnx';
import { DEFAULT_OPSET } from '../../src/graph/graph';
import { GraphBuilder } from '../../src/graph/graph-builder';
import * as op from '../../src/graph/ops';
import { GraphSession } from '../../src/runtime/graph-session';
import { hostTensor, toNumbers } from '../../src/tensor/host-tensor';

const threads = { intraOpNumThreads: 1 };

function linearGraph() {
  const b = new GraphBuilder('linear');
  const x = b.input('x', 'float32', ['batch', 3]);
  const w = b.initializer('model.layers.0.mlp.up_proj.weight', hostTensor('float32', [2, 3], [1, 2, 3, 4, 5, 6]));
  const y = op.matMul(b, x, op.transpose(b, w));
  b.output(y, 'y');
  return b.build();
}

describe('ONNX export', () => {
  it('writes a ModelProto at the engine opset with named initializers, inputs and outputs', () => {
    const model = onnx.ModelProto.decode(serializeModel(linearGraph()));
    expect(model.opsetImport.map((o) => [o.domain, Number(o.version)])).toEqual([['', DEFAULT_OPSET]]);
    const graph = model.graph as onnx.GraphProto;
    expect(graph.initializer.map((t) => t.name)).toEqual(['model.layers.0.mlp.up_proj.weight']);
    expect(graph.input.map((i) => i.name)).toEqual(['x']);
    expect(graph.output.map((o) => o.name)).toEqual(['y']);
    const dims = (graph.input[0]!.type!.tensorType!.shape as onnx.TensorShapeProto).dim;
    expect(dims[0]!.dimParam).toBe('batch');
    expect(Number(dims[1]!.dimValue)).toBe(3);
  });

  it('encodes every attribute kind with its ONNX type tag', () => {
    const b = new GraphBuilder('attrs');
    const x = b.input('x', 'float32', [1]);
    const sub = new GraphBuilder('body');
    sub.output(op.identity(sub, sub.input('a', 'float32', [1])), 'b');
    b.node('Identity', [x], [{ dtype: 'float32', shape: [1] }], {
      attributes: {
        f: attr.float(0.5),
        i: attr.int(-3),
        s: attr.string('add'),
        t: attr.tensor(hostTensor('int64', [2], [7, 8])),
        g: attr.graph(sub.build()),
        fs: attr.floats([1.5, 2.5]),
        is: attr.ints([1, 2]),
        ss: attr.strings(['a', 'b']),
        ts: attr.tensors([hostTensor('float32', [1], [1])]),
        gs: attr.graphs([sub.build()]),
      },
    });
    const node = (onnx.ModelProto.decode(serializeModel(b.build())).graph as onnx.GraphProto).node[0] as onnx.NodeProto;
    const byName = Object.fromEntries(node.attribute.map((a) => [a.name, a]));
    const T = onnx.AttributeProto.AttributeType;
    expect(byName.f!.type).toBe(T.FLOAT);
    expect(byName.f!.f).toBe(0.5);
    expect(Number(byName.i!.i)).toBe(-3);
    expect(new TextDecoder().decode(byName.s!.s)).toBe('add');
    expect(byName.t!.type).toBe(T.TENSOR);
    expect(Array.from(new BigInt64Array(new Uint8Array(byName.t!.t!.rawData!).buffer))).toEqual([7n, 8n]);
    expect(byName.g!.g!.name).toBe('body');
    expect(byName.fs!.floats).toEqual([1.5, 2.5]);
    expect(byName.is!.ints.map(Number)).toEqual([1, 2]);
    expect(byName.ss!.strings!.map((s: Uint8Array) => new TextDecoder().decode(s))).toEqual(['a', 'b']);
    expect(byName.ts!.type).toBe(T.TENSORS);
    expect(byName.gs!.type).toBe(T.GRAPHS);
  });

  it('runs in ONNX Runtime from bytes', async () => {
    const session = await GraphSession.create(serializeModel(linearGraph()), threads);
    const out = await session.run({ x: hostTensor('float32', [2, 3], [1, 0, 0, 0, 1, 1]) });
    expect(out.y!.shape).toEqual([2, 2]);
    expect(toNumbers(out.y!)).toEqual([1, 4, 5, 11]);
    await session.release();
  });

  it('moves initializers to an external data file past the threshold, and ORT loads it from the path', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'whetstone-export-'));
    try {
      const b = new GraphBuilder('external');
      const x = b.input('x', 'float32', [1, 512]);
      const big = new Float32Array(512 * 2).map((_, i) => (i % 7) - 3);
      const w = b.initializer('model.layers.0.mlp.down_proj.weight', { dtype: 'float32', shape: [2, 512], data: big });
      const small = b.initializer('model.norm.weight', hostTensor('float32', [2], [10, 100]));
      b.output(op.mul(b, op.matMul(b, x, op.transpose(b, w)), small), 'y');
      const saved = saveModel(b.build(), path.join(dir, 'model.onnx'), { externalDataThresholdBytes: 1024 });

      expect(saved.dataPath).toBe(path.join(dir, 'model.onnx.data'));
      const proto = onnx.ModelProto.decode(fs.readFileSync(saved.modelPath));
      const initializers = (proto.graph as onnx.GraphProto).initializer as onnx.TensorProto[];
      const weight = initializers.find((t) => t.name === 'model.layers.0.mlp.down_proj.weight')!;
      expect(weight.dataLocation).toBe(onnx.TensorProto.DataLocation.EXTERNAL);
      expect(Object.fromEntries(weight.externalData.map((e) => [e.key, e.value]))).toEqual({
        location: 'model.onnx.data',
        offset: '0',
        length: String(big.byteLength),
      });
      const norm = initializers.find((t) => t.name === 'model.norm.weight')!;
      expect(norm.rawData!.length).toBe(8); // small tensors stay inline

      const session = await GraphSession.create(saved.modelPath, threads);
      const input = new Float32Array(512).fill(1);
      const out = await session.run({ x: { dtype: 'float32', shape: [1, 512], data: input } });
      const row = (r: number) => big.slice(r * 512, (r + 1) * 512).reduce((s, v) => s + v, 0);
      expect(toNumbers(out.y!)).toEqual([row(0) * 10, row(1) * 100]);
      await session.release();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps models under the threshold in one file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'whetstone-export-'));
    try {
      const saved = saveModel(linearGraph(), path.join(dir, 'm.onnx'));
      expect(saved.dataPath).toBeUndefined();
      expect(fs.existsSync(path.join(dir, 'm.onnx.data'))).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
