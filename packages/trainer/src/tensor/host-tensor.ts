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
