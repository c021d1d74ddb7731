import type { onnx } from 'onnx-proto';
import type { HostTensor } from '../tensor/host-tensor';
import type { Graph } from './graph';

/**
 * A node attribute, tagged with its ONNX kind: a plain number cannot say whether it is an INT or a FLOAT,
 * and ONNX Runtime rejects the wrong one.
 */
export type Attribute =
  | { kind: 'float'; value: number }
  | { kind: 'int'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'tensor'; value: HostTensor }
  | { kind: 'graph'; value: Graph }
  | { kind: 'floats'; value: number[] }
  | { kind: 'ints'; value: number[] }
  | { kind: 'strings'; value: string[] }
  | { kind: 'tensors'; value: HostTensor[] }
  | { kind: 'graphs'; value: Graph[] }
  // Kinds our ops never produce are carried as already-built protos.
  | { kind: 'sparse_tensor'; value: onnx.ISparseTensorProto }
  | { kind: 'sparse_tensors'; value: onnx.ISparseTensorProto[] }
  | { kind: 'type_proto'; value: onnx.ITypeProto }
  | { kind: 'type_protos'; value: onnx.ITypeProto[] };

export type Attributes = Record<string, Attribute>;

export const attr = {
  float: (value: number): Attribute => ({ kind: 'float', value }),
  int: (value: number): Attribute => ({ kind: 'int', value }),
  string: (value: string): Attribute => ({ kind: 'string', value }),
  tensor: (value: HostTensor): Attribute => ({ kind: 'tensor', value }),
  graph: (value: Graph): Attribute => ({ kind: 'graph', value }),
  floats: (value: number[]): Attribute => ({ kind: 'floats', value }),
  ints: (value: number[]): Attribute => ({ kind: 'ints', value }),
  strings: (value: string[]): Attribute => ({ kind: 'strings', value }),
  tensors: (value: HostTensor[]): Attribute => ({ kind: 'tensors', value }),
  graphs: (value: Graph[]): Attribute => ({ kind: 'graphs', value }),
};

/** Typed reads for gradient rules and shape inference. */
export function intAttr(attrs: Attributes, name: string, fallback?: number): number {
  const a = attrs[name];
  if (a === undefined) {
    if (fallback === undefined) throw new Error(`missing int attribute '${name}'`);
    return fallback;
  }
  if (a.kind !== 'int') throw new Error(`attribute '${name}' is ${a.kind}, expected int`);
  return a.value;
}

export function floatAttr(attrs: Attributes, name: string, fallback?: number): number {
  const a = attrs[name];
  if (a === undefined) {
    if (fallback === undefined) throw new Error(`missing float attribute '${name}'`);
    return fallback;
  }
  if (a.kind !== 'float') throw new Error(`attribute '${name}' is ${a.kind}, expected float`);
  return a.value;
}

export function intsAttr(attrs: Attributes, name: string): number[] | undefined {
  const a = attrs[name];
  if (a === undefined) return undefined;
  if (a.kind !== 'ints') throw new Error(`attribute '${name}' is ${a.kind}, expected ints`);
  return a.value;
}

export function stringAttr(attrs: Attributes, name: string, fallback?: string): string {
  const a = attrs[name];
  if (a === undefined) {
    if (fallback === undefined) throw new Error(`missing string attribute '${name}'`);
    return fallback;
  }
  if (a.kind !== 'string') throw new Error(`attribute '${name}' is ${a.kind}, expected string`);
  return a.value;
}
