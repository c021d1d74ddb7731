import type { DType } from '../graph/dtype';
import type { Value } from '../graph/graph';
import type { GraphBuilder } from '../graph/graph-builder';
import type { HostTensor } from '../tensor/host-tensor';

/** A float tensor in the graph's float type: shared when it already is, converted (copied) otherwise. */
export function asFloatType(t: HostTensor, dtype: DType): HostTensor {
  if (t.dtype === dtype) return t;
  if (t.dtype !== 'float32' && t.dtype !== 'float64') throw new Error(`expected a float tensor, got ${t.dtype}`);
  const data = dtype === 'float64' ? Float64Array.from(t.data as Float32Array) : Float32Array.from(t.data as Float64Array);
  return { dtype, shape: [...t.shape], data };
}

/**
 * Puts a model weight into the graph under its Hugging Face name: an initializer when frozen, a graph
 * input (fed every step by the trainer) when trainable.
 */
export function placeWeight(b: GraphBuilder, name: string, tensor: HostTensor, trainable: boolean, dtype: DType): Value {
  return trainable ? b.input(name, dtype, [...tensor.shape]) : b.initializer(name, asFloatType(tensor, dtype));
}
