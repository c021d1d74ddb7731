import * as ort from 'onnxruntime-node';
import type { HostDType, HostTensor } from '../tensor/host-tensor';

export function toOrtTensor(t: HostTensor): ort.Tensor {
  return new ort.Tensor(t.dtype, t.data, t.shape);
}

const HOST_TYPES: Record<string, HostDType> = {
  float32: 'float32',
  float64: 'float64',
  int64: 'int64',
  int32: 'int32',
  bool: 'bool',
};

export function fromOrtTensor(name: string, t: ort.Tensor): HostTensor {
  const dtype = HOST_TYPES[t.type];
  if (!dtype) throw new Error(`output '${name}' has type ${t.type}, which host tensors do not support`);
  return { dtype, shape: t.dims.map(Number), data: t.data as HostTensor['data'] };
}
