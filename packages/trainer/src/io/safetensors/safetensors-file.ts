import { open, type FileHandle } from 'node:fs/promises';
import type { HostTensor } from '../../tensor/host-tensor';
import { decodeTensorBytes } from './dtypes';
import { parseSafetensorsHeader, readHeaderLength, type SafetensorsHeader, type SafetensorsTensorInfo } from './header';

/** Read access to named tensors, whatever the storage (one file, a sharded checkpoint). */
export interface TensorReader {
  names(): string[];
  info(name: string): SafetensorsTensorInfo;
  readTensor(name: string): Promise<HostTensor>;
  close(): Promise<void>;
}

/**
 * A safetensors file opened for lazy reading: only the header is read on open; each tensor's
 * bytes are read from disk when asked for, so a checkpoint never has to fit in memory at once.
 */
export class SafetensorsFile implements TensorReader {
  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    private readonly header: SafetensorsHeader,
  ) {}

  static async open(path: string): Promise<SafetensorsFile> {
    const handle = await open(path, 'r');
    try {
      const { size } = await handle.stat();
      const prefix = Buffer.alloc(8);
      await readExactly(handle, prefix, 0, path);
      const headerLength = readHeaderLength(prefix, path);
      if (8 + headerLength > size) throw new Error(`${path}: safetensors header (${headerLength} bytes) runs past the end of the file`);
      const json = Buffer.alloc(headerLength);
      await readExactly(handle, json, 8, path);
      return new SafetensorsFile(path, handle, parseSafetensorsHeader(json, size - 8 - headerLength, path));
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  get metadata(): Record<string, string> {
    return this.header.metadata;
  }

  names(): string[] {
    return [...this.header.tensors.keys()];
  }

  has(name: string): boolean {
    return this.header.tensors.has(name);
  }

  info(name: string): SafetensorsTensorInfo {
    const info = this.header.tensors.get(name);
    if (!info) throw new Error(`${this.path}: no tensor named "${name}"`);
    return info;
  }

  /** The tensor's raw little-endian bytes, as stored. */
  async readBytes(name: string): Promise<Buffer> {
    const [begin, end] = this.info(name).dataOffsets;
    const bytes = Buffer.alloc(end - begin);
    await readExactly(this.handle, bytes, this.header.dataStart + begin, this.path);
    return bytes;
  }

  /** Reads one tensor: F32/F16/BF16 as float32, F64 as float64, I64 as int64, I32 (and I16/I8/U8) as int32, BOOL as bool. */
  async readTensor(name: string): Promise<HostTensor> {
    const { dtype, shape } = this.info(name);
    return decodeTensorBytes(dtype, [...shape], await this.readBytes(name), name);
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

async function readExactly(handle: FileHandle, target: Buffer, position: number, path: string): Promise<void> {
  let done = 0;
  while (done < target.length) {
    const { bytesRead } = await handle.read(target, done, target.length - done, position + done);
    if (bytesRead === 0) throw new Error(`${path}: unexpected end of file`);
    done += bytesRead;
  }
}

/** Decodes a whole safetensors file held in memory (small files, downloads, tests). */
export function decodeSafetensors(bytes: Uint8Array, source = 'buffer'): { tensors: Map<string, HostTensor>; metadata: Record<string, string> } {
  const headerLength = readHeaderLength(bytes, source);
  if (8 + headerLength > bytes.length) throw new Error(`${source}: safetensors header runs past the end of the buffer`);
  const header = parseSafetensorsHeader(bytes.subarray(8, 8 + headerLength), bytes.length - 8 - headerLength, source);
  const tensors = new Map<string, HostTensor>();
  for (const { name, dtype, shape, dataOffsets } of header.tensors.values()) {
    const data = bytes.subarray(header.dataStart + dataOffsets[0], header.dataStart + dataOffsets[1]);
    tensors.set(name, decodeTensorBytes(dtype, [...shape], data, name));
  }
  return { tensors, metadata: header.metadata };
}
