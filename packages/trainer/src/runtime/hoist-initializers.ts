import type { Graph } from '../graph/graph';
import type { HostTensor } from '../tensor/host-tensor';

/** Initializers smaller than this stay in the model (constants, norms' epsilons, small tables). */
export const HOIST_MIN_BYTES = 64 * 1024;

export interface HoistedGraph {
  /** The same graph with each large initializer turned into a graph input of the same name. */
  graph: Graph;
  /** What to feed those inputs every run: the original tensors, by reference. */
  constantFeeds: Record<string, HostTensor>;
}

/**
 * Frozen weights held once: ONNX Runtime copies every initializer into the session (and the protobuf
 * holds another copy on the way), while a fed input is read in place from our array. Turning the large
 * initializers into inputs fed with the very arrays the caller already holds means every session over
 * the same base model (train, eval, generation, DPO reference) shares one copy of its weights.
 * Nothing that reads a weight needs constant folding (linear layers read W transposed in place).
 */
export function hoistInitializers(graph: Graph, minBytes = HOIST_MIN_BYTES): HoistedGraph {
  const initializers = new Map<string, HostTensor>();
  const inputs = [...graph.inputs];
  const constantFeeds: Record<string, HostTensor> = {};
  for (const [name, tensor] of graph.initializers) {
    if (tensor.data.byteLength < minBytes) {
      initializers.set(name, tensor);
      continue;
    }
    inputs.push({ name, dtype: tensor.dtype, shape: [...tensor.shape] });
    constantFeeds[name] = tensor;
  }
  return { graph: { ...graph, inputs, initializers }, constantFeeds };
}
