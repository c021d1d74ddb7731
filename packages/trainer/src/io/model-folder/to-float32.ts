import type { HostTensor } from '../../tensor/host-tensor';

/** Model parameters live as float32 in the engine; float64 ones are narrowed, integers refused. */
export function toFloat32(tensor: HostTensor, name: string): HostTensor {
  if (tensor.dtype === 'float32') return tensor;
  if (tensor.dtype === 'float64') return { dtype: 'float32', shape: tensor.shape, data: Float32Array.from(tensor.data as Float64Array) };
  throw new Error(`${name}: a ${tensor.dtype} tensor cannot be a model weight (expected a floating-point dtype)`);
}
