import { endianness } from 'node:os';
import type { HostData, HostDType, HostTensor } from '../../tensor/host-tensor';
import { bfloat16ToFloat32, float16ToFloat32 } from './half-precision';

/** Bytes per element of each safetensors dtype this module knows. */
export const SAFETENSORS_DTYPE_BYTES: Readonly<Record<string, number>> = {
  F64: 8,
  F32: 4,
  F16: 2,
  BF16: 2,
  I64: 8,
  I32: 4,
  I16: 2,
  I8: 1,
  U8: 1,
  BOOL: 1,
};

/** Host dtype each safetensors dtype is read as: half floats widen to float32, small ints to int32. */
const READ_AS: Readonly<Record<string, HostDType>> = {
  F64: 'float64',
  F32: 'float32',
  F16: 'float32',
  BF16: 'float32',
  I64: 'int64',
  I32: 'int32',
  I16: 'int32',
  I8: 'int32',
  U8: 'int32',
  BOOL: 'bool',
};

/** Safetensors dtype each host dtype is written as (lossless). */
export const WRITE_AS: Readonly<Record<HostDType, string>> = {
  float64: 'F64',
  float32: 'F32',
  int64: 'I64',
  int32: 'I32',
  bool: 'BOOL',
};

// Tensor bytes are little-endian on disk and are viewed directly as typed arrays.
const hostIsLittleEndian = endianness() === 'LE';

/**
 * Decodes a tensor's raw little-endian bytes. `bytes` may sit at any offset: it is copied into a
 * fresh, aligned buffer before being viewed as a typed array.
 */
export function decodeTensorBytes(dtype: string, shape: number[], bytes: Uint8Array, tensorName = 'tensor'): HostTensor {
  const hostDType = READ_AS[dtype];
  if (!hostDType) throw new Error(`safetensors: ${tensorName} has dtype ${dtype}, which cannot be read (supported: ${Object.keys(READ_AS).join(', ')})`);
  if (!hostIsLittleEndian) throw new Error('safetensors: reading requires a little-endian host');
  const aligned = new Uint8Array(bytes).buffer; // copy: aligned, and detached from any larger file buffer
  return { dtype: hostDType, shape, data: viewAs(dtype, aligned) };
}

function viewAs(dtype: string, buffer: ArrayBuffer): HostData {
  switch (dtype) {
    case 'F64':
      return new Float64Array(buffer);
    case 'F32':
      return new Float32Array(buffer);
    case 'F16':
      return float16ToFloat32(new Uint16Array(buffer));
    case 'BF16':
      return bfloat16ToFloat32(new Uint16Array(buffer));
    case 'I64':
      return new BigInt64Array(buffer);
    case 'I32':
      return new Int32Array(buffer);
    case 'I16':
      return Int32Array.from(new Int16Array(buffer));
    case 'I8':
      return Int32Array.from(new Int8Array(buffer));
    case 'U8':
      return Int32Array.from(new Uint8Array(buffer));
    case 'BOOL':
      return new Uint8Array(buffer);
    default:
      throw new Error(`safetensors: unsupported dtype ${dtype}`);
  }
}

/** The bytes of a host tensor as written to disk (little-endian), without copying. */
export function tensorBytes(tensor: HostTensor): Uint8Array {
  if (!hostIsLittleEndian) throw new Error('safetensors: writing requires a little-endian host');
  const { data } = tensor;
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
