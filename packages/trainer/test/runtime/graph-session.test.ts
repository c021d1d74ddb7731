/** @jest-environment ./test/support/ort-environment.js */
import * as ort from 'onnxruntime-node';
import { serializeModel } from '../../src/graph/export-onnx';
import { GraphBuilder } from '../../src/graph/graph-builder';
import * as op from '../../src/graph/ops';
import { GraphSession, releaseBindingCopy } from '../../src/runtime/graph-session';
import { releaseArrayBuffer } from '../../src/runtime/release-array-buffer';
import { resolveRuntimeConfig } from '../../src/runtime/runtime-config';
import { SessionCache } from '../../src/runtime/session-cache';
import { hostTensor, toNumbers } from '../../src/tensor/host-tensor';

function model(): Uint8Array {
  const b = new GraphBuilder('m');
  const x = b.input('x', 'float64', ['n']);
  const ids = b.input('ids', 'int64', ['n']);
  b.output(op.mul(b, x, op.cast(b, ids, 'float64')), 'y');
  b.output(op.greater(b, x, 0), 'positive');
  return serializeModel(b.build());
}

describe('runtime config', () => {
  it('defaults to the CPU provider and accepts cuda and webgpu by name', () => {
    expect(resolveRuntimeConfig().executionProvider).toBe('cpu');
    expect(resolveRuntimeConfig({ executionProvider: 'cuda' }).executionProvider).toBe('cuda');
    expect(resolveRuntimeConfig({ executionProvider: 'webgpu' }).executionProvider).toBe('webgpu');
  });

  it('rejects unknown providers and bad thread counts', () => {
    expect(() => resolveRuntimeConfig({ executionProvider: 'tpu' as never })).toThrow(/unknown execution provider/);
    expect(() => resolveRuntimeConfig({ intraOpNumThreads: -1 })).toThrow(/non-negative/);
    expect(() => resolveRuntimeConfig({ interOpNumThreads: 1.5 })).toThrow(/non-negative/);
  });
});

describe('GraphSession', () => {
  it('runs host tensors of several dtypes in and out, for any size of a symbolic dim', async () => {
    const session = await GraphSession.create(model(), { intraOpNumThreads: 1, interOpNumThreads: 1 });
    for (const n of [1, 3]) {
      const x = hostTensor('float64', [n], Array.from({ length: n }, (_, i) => i - 1));
      const ids = hostTensor('int64', [n], Array.from({ length: n }, (_, i) => i + 2));
      const out = await session.run({ x, ids });
      expect(out.y!.dtype).toBe('float64');
      expect(toNumbers(out.y!)).toEqual(Array.from({ length: n }, (_, i) => (i - 1) * (i + 2)));
      expect(out.positive!.dtype).toBe('bool');
      expect(toNumbers(out.positive!)).toEqual(Array.from({ length: n }, (_, i) => (i - 1 > 0 ? 1 : 0)));
    }
    await session.release();
  });

  it('returns only the requested outputs and names missing inputs', async () => {
    const session = await GraphSession.create(model(), { intraOpNumThreads: 1 });
    const out = await session.run({ x: hostTensor('float64', [1], [2]), ids: hostTensor('int64', [1], [3]) }, ['y']);
    expect(Object.keys(out)).toEqual(['y']);
    await expect(session.run({ x: hostTensor('float64', [1], [2]) })).rejects.toThrow(/missing graph inputs: ids/);
    await session.release();
  });
});

describe('GraphSession outputs written into preallocated tensors', () => {
  it('fills the given tensor in place, every run, and returns it', async () => {
    const session = await GraphSession.create(model(), { intraOpNumThreads: 1 });
    const y = hostTensor('float64', [3], [0, 0, 0]);
    for (const scale of [1, 2]) {
      const out = await session.run(
        { x: hostTensor('float64', [3], [1, 2, 3]), ids: hostTensor('int64', [3], [scale, scale, scale]) },
        ['y', 'positive'],
        { y },
      );
      expect(out.y).toBe(y);
      expect(toNumbers(y)).toEqual([scale, 2 * scale, 3 * scale]);
      expect(toNumbers(out.positive!)).toEqual([1, 1, 1]);
    }
    await session.release();
  });

  it('refuses a preallocated tensor of the wrong shape or for an output not requested', async () => {
    const session = await GraphSession.create(model(), { intraOpNumThreads: 1, logSeverityLevel: 4 });
    const feeds = { x: hostTensor('float64', [3], [1, 2, 3]), ids: hostTensor('int64', [3], [1, 1, 1]) };
    await expect(session.run(feeds, ['y'], { y: hostTensor('float64', [2], [0, 0]) })).rejects.toThrow();
    await expect(session.run(feeds, ['positive'], { y: hostTensor('float64', [3], [0, 0, 0]) })).rejects.toThrow(/not requested: y/);
    await session.release();
  });
});

describe('SessionCache', () => {
  it('creates one session per key and reuses it', async () => {
    const cache = new SessionCache({ intraOpNumThreads: 1 });
    let builds = 0;
    const build = () => {
      builds++;
      return model();
    };
    const a = await cache.get('train', build);
    const b = await cache.get('train', build);
    expect(a).toBe(b);
    expect(builds).toBe(1);
    await cache.get('eval', build);
    expect(builds).toBe(2);
    await cache.releaseAll();
    expect(cache.has('train')).toBe(false);
  });
});

describe('the binding’s copy of outputs written into preallocated tensors', () => {
  it('onnxruntime-node writes into the given tensor and still returns a copy of it', async () => {
    const b = new GraphBuilder('double');
    const x = b.input('x', 'float32', ['n']);
    b.output(op.add(b, x, x), 'y');
    const session = await ort.InferenceSession.create(serializeModel(b.build()), { intraOpNumThreads: 1 });
    const y = new ort.Tensor('float32', new Float32Array(4), [4]);
    const out = await session.run({ x: new ort.Tensor('float32', new Float32Array([1, 2, 3, 4]), [4]) }, { y });
    expect(Array.from(y.data as Float32Array)).toEqual([2, 4, 6, 8]);
    expect((out.y!.data as Float32Array).buffer).not.toBe((y.data as Float32Array).buffer);
    await session.release();
  });

  it('GraphSession frees that copy at once (the buffer is detached), and never the given tensor', () => {
    const given = hostTensor('float32', [4], [1, 2, 3, 4]);
    const copy = new ort.Tensor('float32', new Float32Array(4), [4]);
    releaseBindingCopy(copy, given);
    expect((copy.data as Float32Array).buffer.byteLength).toBe(0);
    releaseBindingCopy(new ort.Tensor('float32', given.data as Float32Array, [4]), given);
    expect(toNumbers(given)).toEqual([1, 2, 3, 4]);
  });

  it('releaseArrayBuffer detaches the buffer (its memory goes with it)', () => {
    const buffer = new ArrayBuffer(1024);
    releaseArrayBuffer(buffer);
    expect(buffer.byteLength).toBe(0);
  });
});
