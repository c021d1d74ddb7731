import { gradientName } from '../autodiff/build-gradient-graph';
import type { TrainableInput } from '../model/llama-graph';
import type { HostTensor } from '../tensor/host-tensor';

/**
 * One float32 array per trainable tensor, allocated once and handed to every training-graph run as its
 * gradient outputs (GraphSession.run's `into`): the graph writes each gradient straight into it, so a
 * step allocates no gradient memory (full fine-tuning's gradients are as large as the model) and ONNX
 * Runtime's arena never holds them.
 */
export class GradientBuffers {
  /** By trainable input name. */
  readonly arrays: Record<string, Float32Array>;
  /** By gradient output name (`grad.<input>`), wrapping the same arrays. */
  readonly outputs: Record<string, HostTensor>;

  constructor(inputs: readonly TrainableInput[]) {
    this.arrays = {};
    this.outputs = {};
    for (const { name, shape } of inputs) {
      const data = new Float32Array(shape.reduce((n, d) => n * d, 1));
      this.arrays[name] = data;
      this.outputs[gradientName(name)] = { dtype: 'float32', shape: [...shape], data };
    }
  }
}
