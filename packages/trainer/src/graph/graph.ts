import type { GradientRegion } from '../autodiff/gradient-region';
import type { HostTensor } from '../tensor/host-tensor';
import type { Attributes } from './attributes';
import type { Dim } from './dims';
import type { DType } from './dtype';

/** What the builder knows statically about a tensor. */
export interface TensorInfo {
  dtype: DType;
  shape: Dim[];
}

/** A tensor in a graph: its name plus static info. Builder functions take and return these. */
export interface Value extends TensorInfo {
  name: string;
}

export interface Node {
  name: string;
  opType: string;
  domain: string; // '' is the default ONNX domain
  inputs: string[]; // '' marks an omitted optional input
  outputs: string[];
  attributes: Attributes;
}

/**
 * A computation graph in topological node order. Plain data: the builder produces it, autodiff extends
 * a copy of it, the exporter serializes it. Initializer tensors are shared, never copied, between graphs.
 */
export interface Graph {
  name: string;
  inputs: Value[];
  outputs: Value[];
  initializers: Map<string, HostTensor>;
  nodes: Node[];
  /** Static info for every tensor name: inputs, initializers and node outputs. */
  values: Map<string, TensorInfo>;
  /** Opset versions by domain; '' is the default ONNX domain. */
  opsets: Map<string, number>;
  /** Node stretches whose backward pass autodiff takes from the region instead of the op rules. */
  regions?: GradientRegion[];
}

/** The opset every graph of the engine targets (ReduceSum/ReduceMean take axes as an input from 18). */
export const DEFAULT_OPSET = 20;
/** The IR version that goes with opset 20. */
export const IR_VERSION = 9;

export function valueOf(graph: Graph, name: string): Value {
  const info = graph.values.get(name);
  if (!info) throw new Error(`graph '${graph.name}' has no tensor named '${name}'`);
  return { name, ...info };
}
