import { gradientName } from '../autodiff/build-gradient-graph';
import type { TrainableInput } from '../model/llama-graph';
import { viewsOfOneBuffer } from '../optim/views-of-one-buffer';
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

  /** `grouped`: tensors whose arrays are views of one ArrayBuffer (what the AdamW helper thread is lent). */
  constructor(inputs: readonly TrainableInput[], grouped: ReadonlySet<string> = new Set()) {
    this.arrays = {};
    this.outputs = {};
    const size = (shape: readonly number[]) => shape.reduce((n, d) => n * d, 1);
    const inGroup = inputs.filter((t) => grouped.has(t.name));
    const views = viewsOfOneBuffer(inGroup.map((t) => size(t.shape)));
    const groupedArrays = new Map(inGroup.map((t, i) => [t.name, views[i]!]));
    for (const { name, shape } of inputs) {
      const data = groupedArrays.get(name) ?? new Float32Array(size(shape));
      this.arrays[name] = data;
      this.outputs[gradientName(name)] = { dtype: 'float32', shape: [...shape], data };
    }
  }

  /** Puts `data` in place of tensor `name`'s array (the same memory, handed back by the AdamW helper thread). */
  adopt(name: string, data: Float32Array): void {
    const output = this.outputs[gradientName(name)];
    // Not output.data.length: a lent array reads as length 0 until it is replaced.
    if (!output || output.shape.reduce((n, d) => n * d, 1) !== data.length) throw new Error(`no gradient buffer '${name}' of ${data.length} values`);
    this.arrays[name] = data;
    output.data = data;
  }
}
