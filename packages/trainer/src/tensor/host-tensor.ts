/**
 * A tensor living in host (CPU) memory: the currency between model loading,
 * graph building, the runtime and the optimizer. Row-major, dense.
 */
export type HostDType = 'float32' | 'float64' | 'int64' | 'int32' | 'bool';

export type HostData = Float32Array | Float64Array | BigInt64Array | Int32Array | Uint8Array;

export interface HostTensor {
  dtype: HostDType;
  shape: number[];
  data: HostData;
}

export function elementCount(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}

export function float32Tensor(shape: number[], data?: Float32Array): HostTensor {
  const n = elementCount(shape);
  const values = data ?? new Float32Array(n);
  if (values.length !== n) throw new Error(`float32Tensor: shape [${shape}] needs ${n} values, got ${values.length}`);
  return { dtype: 'float32', shape, data: values };
}

/** Any host tensor from plain numbers (int64 values are converted to bigint). */
export function hostTensor(dtype: HostDType, shape: number[], values: ArrayLike<number> | ArrayLike<bigint>): HostTensor {
  const n = elementCount(shape);
  if (values.length !== n) throw new Error(`hostTensor: shape [${shape}] needs ${n} values, got ${values.length}`);
  const asNumbers = () => Array.from(values as ArrayLike<number | bigint>, Number);
  switch (dtype) {
    case 'float32':
      return { dtype, shape, data: Float32Array.from(asNumbers()) };
    case 'float64':
      return { dtype, shape, data: Float64Array.from(asNumbers()) };
    case 'int32':
      return { dtype, shape, data: Int32Array.from(asNumbers()) };
    case 'bool':
      return { dtype, shape, data: Uint8Array.from(asNumbers(), (v) => (v ? 1 : 0)) };
    case 'int64':
      return { dtype, shape, data: BigInt64Array.from(Array.from(values as ArrayLike<number | bigint>, (v) => BigInt(v))) };
  }
}

/** The values of any host tensor as plain numbers (int64 beyond 2^53 loses precision). */
export function toNumbers(tensor: HostTensor): number[] {
  return Array.from(tensor.data as ArrayLike<number | bigint>, Number);
}
