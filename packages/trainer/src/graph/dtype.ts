import type { HostData, HostDType } from '../tensor/host-tensor';

/** Element types a graph tensor can have: the host tensor types, so every graph value can be fed or read back. */
export type DType = HostDType;

/** onnx.TensorProto.DataType codes. */
const ONNX_CODES: Record<DType, number> = {
  float32: 1,
  int32: 6,
  int64: 7,
  bool: 9,
  float64: 11,
};

export function onnxDataType(dtype: DType): number {
  return ONNX_CODES[dtype];
}

export function isFloatDType(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64';
}

export function bytesPerElement(dtype: DType): number {
  switch (dtype) {
    case 'float32':
    case 'int32':
      return 4;
    case 'float64':
    case 'int64':
      return 8;
    case 'bool':
      return 1;
  }
}

/** A zero-filled typed array of the right kind for `dtype`. */
export function allocateData(dtype: DType, length: number): HostData {
  switch (dtype) {
    case 'float32':
      return new Float32Array(length);
    case 'float64':
      return new Float64Array(length);
    case 'int64':
      return new BigInt64Array(length);
    case 'int32':
      return new Int32Array(length);
    case 'bool':
      return new Uint8Array(length);
  }
}
