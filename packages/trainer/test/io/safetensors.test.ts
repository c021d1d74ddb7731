import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  decodeSafetensors,
  encodeSafetensors,
  openSafetensorsCheckpoint,
  SafetensorsFile,
  writeSafetensorsCheckpoint,
  writeSafetensorsFile,
} from '../../src/io/safetensors';
import type { HostTensor } from '../../src/tensor/host-tensor';
import { useTempDir } from './helpers/temp-dir';

/** A safetensors file assembled by hand: u64 LE header length, header JSON, data bytes. */
function handBuilt(header: object, data: number[]): Buffer {
  const json = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([length, json, Buffer.from(data)]);
}

const tempDir = useTempDir('safetensors');

describe('reading safetensors', () => {
  it('converts F16 bit patterns to float32 (normal, subnormal, infinite, NaN)', () => {
    // 0x3C00 = 1, 0xC000 = -2, 0x3555 = 0.333251953125, 0x0001 = 2^-24, 0x7C00 = +inf, 0x7E00 = NaN (little-endian bytes)
    const file = handBuilt({ h: { dtype: 'F16', shape: [2, 3], data_offsets: [0, 12] } }, [
      0x00, 0x3c, 0x00, 0xc0, 0x55, 0x35, 0x01, 0x00, 0x00, 0x7c, 0x00, 0x7e,
    ]);
    const h = decodeSafetensors(file).tensors.get('h')!;
    expect(h.dtype).toBe('float32');
    expect(h.shape).toEqual([2, 3]);
    expect(Array.from(h.data as Float32Array)).toEqual([1, -2, 0.333251953125, 2 ** -24, Infinity, NaN]);
  });

  it('converts BF16 bit patterns to float32', () => {
    // 0x3F80 = 1, 0xC040 = -3, 0x4049 = 3.140625, 0x8000 = -0
    const file = handBuilt({ b: { dtype: 'BF16', shape: [4], data_offsets: [0, 8] } }, [0x80, 0x3f, 0x40, 0xc0, 0x49, 0x40, 0x00, 0x80]);
    expect(Array.from(decodeSafetensors(file).tensors.get('b')!.data as Float32Array)).toEqual([1, -3, 3.140625, -0]);
  });

  it('reads F32, I64 and I32 tensors at their offsets, and the metadata', async () => {
    const file = handBuilt(
      {
        __metadata__: { format: 'pt' },
        f: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
        i64: { dtype: 'I64', shape: [2], data_offsets: [8, 24] },
        i32: { dtype: 'I32', shape: [1], data_offsets: [24, 28] },
      },
      [
        ...[0x00, 0x00, 0xc0, 0x3f], // 1.5
        ...[0x00, 0x00, 0x20, 0xc1], // -10
        ...[0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], // -2
        ...[0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00], // 2^40
        ...[0x07, 0x00, 0x00, 0x00], // 7
      ],
    );
    await writeFile(path.join(tempDir(), 'x.safetensors'), file);
    const st = await SafetensorsFile.open(path.join(tempDir(), 'x.safetensors'));
    try {
      expect(st.names().sort()).toEqual(['f', 'i32', 'i64']);
      expect(st.metadata).toEqual({ format: 'pt' });
      expect(Array.from((await st.readTensor('f')).data as Float32Array)).toEqual([1.5, -10]);
      expect(Array.from((await st.readTensor('i64')).data as BigInt64Array)).toEqual([-2n, 2n ** 40n]);
      expect(await st.readTensor('i32')).toEqual({ dtype: 'int32', shape: [1], data: Int32Array.from([7]) });
    } finally {
      await st.close();
    }
  });

  it('rejects headers whose byte ranges disagree with dtype and shape, naming the tensor', () => {
    const wrongSize = handBuilt({ w: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, new Array(8).fill(0));
    expect(() => decodeSafetensors(wrongSize)).toThrow(/tensor "w".*needs 12/);
    const pastEnd = handBuilt({ w: { dtype: 'F32', shape: [2], data_offsets: [4, 12] } }, new Array(8).fill(0));
    expect(() => decodeSafetensors(pastEnd)).toThrow(/outside the 8-byte data section/);
  });

  it('reports unreadable dtypes and truncated files clearly', async () => {
    const f8 = handBuilt({ q: { dtype: 'F8_E4M3', shape: [1], data_offsets: [0, 1] } }, [0]);
    expect(() => decodeSafetensors(f8)).toThrow(/q has dtype F8_E4M3/);
    const truncated = handBuilt({ t: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, [0, 0, 0, 0]).subarray(0, 20);
    await writeFile(path.join(tempDir(), 't.safetensors'), truncated);
    await expect(SafetensorsFile.open(path.join(tempDir(), 't.safetensors'))).rejects.toThrow(/runs past the end/);
  });
});

describe('writing safetensors', () => {
  it('writes the exact bytes of the format: length, space-padded JSON, little-endian F32 data', () => {
    const bytes = encodeSafetensors({ a: { dtype: 'float32', shape: [2], data: Float32Array.from([1, -2]) } });
    const json = '{"__metadata__":{"format":"pt"},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}';
    const padded = json + ' '.repeat((8 - (json.length % 8)) % 8);
    const expected = Buffer.concat([
      Buffer.from([padded.length, 0, 0, 0, 0, 0, 0, 0]),
      Buffer.from(padded),
      Buffer.from([0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0xc0]), // 1.0 = 0x3F800000, -2.0 = 0xC0000000
    ]);
    expect(bytes.equals(expected)).toBe(true);
  });

  it('round-trips float32, int64 and int32 tensors through a file', async () => {
    const tensors = new Map<string, HostTensor>([
      ['model.norm.weight', { dtype: 'float32', shape: [3], data: Float32Array.from([0.5, -1.25, 3e-8]) }],
      ['ids', { dtype: 'int64', shape: [2, 2], data: BigInt64Array.from([1n, -1n, 2n ** 62n, 0n]) }],
      ['count', { dtype: 'int32', shape: [], data: Int32Array.from([42]) }],
    ]);
    const file = path.join(tempDir(), 'rt.safetensors');
    await writeSafetensorsFile(file, tensors);
    const st = await SafetensorsFile.open(file);
    try {
      for (const [name, tensor] of tensors) expect(await st.readTensor(name)).toEqual(tensor);
    } finally {
      await st.close();
    }
    expect((await readFile(file)).readBigUInt64LE(0) % 8n).toBe(0n); // data section starts 8-byte aligned
    expect((await readdir(tempDir())).sort()).toEqual(['rt.safetensors']); // no temporary file left behind
  });

  it('rejects a tensor whose data length does not match its shape', () => {
    expect(() => encodeSafetensors({ bad: { dtype: 'float32', shape: [2, 2], data: new Float32Array(3) } })).toThrow(/"bad" has shape \[2,2\]/);
  });
});

describe('sharded checkpoints', () => {
  const tensors = new Map<string, HostTensor>(
    ['a', 'b', 'c', 'd'].map((name, i) => [name, { dtype: 'float32', shape: [4], data: Float32Array.from([i, i + 0.5, -i, 1]) }]),
  );

  it('writes shards plus model.safetensors.index.json when over the shard size, and reads them back lazily', async () => {
    const written = await writeSafetensorsCheckpoint(tempDir(), tensors, { maxShardBytes: 32 }); // two 16-byte tensors per shard
    expect(written).toEqual(['model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors', 'model.safetensors.index.json']);
    const index = JSON.parse(await readFile(path.join(tempDir(), 'model.safetensors.index.json'), 'utf8'));
    expect(index).toEqual({
      metadata: { total_size: 64 },
      weight_map: {
        a: 'model-00001-of-00002.safetensors',
        b: 'model-00001-of-00002.safetensors',
        c: 'model-00002-of-00002.safetensors',
        d: 'model-00002-of-00002.safetensors',
      },
    });
    const reader = await openSafetensorsCheckpoint(tempDir());
    try {
      expect(reader.names()).toEqual(['a', 'b', 'c', 'd']);
      for (const [name, tensor] of tensors) expect(await reader.readTensor(name)).toEqual(tensor);
    } finally {
      await reader.close();
    }
  });

  it('writes a single model.safetensors when everything fits, replacing an older sharded layout', async () => {
    await writeSafetensorsCheckpoint(tempDir(), tensors, { maxShardBytes: 32 });
    expect(await writeSafetensorsCheckpoint(tempDir(), tensors)).toEqual(['model.safetensors']);
    expect(await readdir(tempDir())).toEqual(['model.safetensors']);
    const reader = await openSafetensorsCheckpoint(tempDir());
    expect(await reader.readTensor('c')).toEqual(tensors.get('c'));
    await reader.close();
  });

  it('rejects an index that maps a tensor to a shard without it', async () => {
    await writeSafetensorsCheckpoint(tempDir(), tensors, { maxShardBytes: 32 });
    const indexPath = path.join(tempDir(), 'model.safetensors.index.json');
    const index = JSON.parse(await readFile(indexPath, 'utf8'));
    index.weight_map.a = 'model-00002-of-00002.safetensors';
    await writeFile(indexPath, JSON.stringify(index));
    await expect(openSafetensorsCheckpoint(tempDir())).rejects.toThrow(/"a" is mapped to model-00002-of-00002.safetensors/);
  });
});
