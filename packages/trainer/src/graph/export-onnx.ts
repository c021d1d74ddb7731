import * as fs from 'node:fs';
import * as path from 'node:path';
import { onnx } from 'onnx-proto';
import type { HostTensor } from '../tensor/host-tensor';
import type { Attribute } from './attributes';
import { isPlainSymbol } from './dims';
import { onnxDataType } from './dtype';
import { type Graph, IR_VERSION, type Value } from './graph';

/** Protobuf messages cannot exceed 2 GiB; keep a margin for the graph structure itself. */
const PROTOBUF_LIMIT_BYTES = 2 ** 31 - 64 * 2 ** 20;
/** Offsets of external tensors are aligned so ONNX Runtime can memory-map them. */
const EXTERNAL_DATA_ALIGNMENT = 64 * 1024;

const PRODUCER = 'whetstone-trainer';

function tensorBytes(t: HostTensor): Uint8Array {
  return new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
}

function tensorProto(name: string, t: HostTensor): onnx.ITensorProto {
  return { name, dims: t.shape, dataType: onnxDataType(t.dtype), rawData: tensorBytes(t) };
}

function valueInfoProto(v: Value): onnx.IValueInfoProto {
  return {
    name: v.name,
    type: {
      tensorType: {
        elemType: onnxDataType(v.dtype),
        // Only facts ORT can check are declared: numbers and caller-named symbols; derived dims stay open.
        shape: { dim: v.shape.map((d) => (typeof d === 'number' ? { dimValue: d } : isPlainSymbol(d) ? { dimParam: d } : {})) },
      },
    },
  };
}

const T = onnx.AttributeProto.AttributeType;

function attributeProto(name: string, a: Attribute): onnx.IAttributeProto {
  const utf8 = (s: string) => new TextEncoder().encode(s);
  switch (a.kind) {
    case 'float':
      return { name, type: T.FLOAT, f: a.value };
    case 'int':
      return { name, type: T.INT, i: a.value };
    case 'string':
      return { name, type: T.STRING, s: utf8(a.value) };
    case 'tensor':
      return { name, type: T.TENSOR, t: tensorProto('', a.value) };
    case 'graph':
      return { name, type: T.GRAPH, g: graphProto(a.value, new Map()) };
    case 'floats':
      return { name, type: T.FLOATS, floats: a.value };
    case 'ints':
      return { name, type: T.INTS, ints: a.value };
    case 'strings':
      return { name, type: T.STRINGS, strings: a.value.map(utf8) };
    case 'tensors':
      return { name, type: T.TENSORS, tensors: a.value.map((t) => tensorProto('', t)) };
    case 'graphs':
      return { name, type: T.GRAPHS, graphs: a.value.map((g) => graphProto(g, new Map())) };
    case 'sparse_tensor':
      return { name, type: T.SPARSE_TENSOR, sparseTensor: a.value };
    case 'sparse_tensors':
      return { name, type: T.SPARSE_TENSORS, sparseTensors: a.value };
    case 'type_proto':
      return { name, type: T.TYPE_PROTO, tp: a.value };
    case 'type_protos':
      return { name, type: T.TYPE_PROTOS, typeProtos: a.value };
  }
}

/** Where an initializer's bytes live when they are not inline. */
interface ExternalLocation {
  location: string;
  offset: number;
  length: number;
}

function graphProto(graph: Graph, external: Map<string, ExternalLocation>): onnx.IGraphProto {
  return {
    name: graph.name,
    input: graph.inputs.map(valueInfoProto),
    output: graph.outputs.map(valueInfoProto),
    initializer: [...graph.initializers].map(([name, t]) => {
      const ext = external.get(name);
      if (!ext) return tensorProto(name, t);
      return {
        name,
        dims: t.shape,
        dataType: onnxDataType(t.dtype),
        dataLocation: onnx.TensorProto.DataLocation.EXTERNAL,
        externalData: [
          { key: 'location', value: ext.location },
          { key: 'offset', value: String(ext.offset) },
          { key: 'length', value: String(ext.length) },
        ],
      };
    }),
    node: graph.nodes.map((n) => ({
      name: n.name,
      opType: n.opType,
      domain: n.domain,
      input: n.inputs,
      output: n.outputs,
      attribute: Object.entries(n.attributes).map(([k, a]) => attributeProto(k, a)),
    })),
  };
}

function modelProto(graph: Graph, external: Map<string, ExternalLocation>): onnx.IModelProto {
  return {
    irVersion: IR_VERSION,
    producerName: PRODUCER,
    opsetImport: [...graph.opsets].map(([domain, version]) => ({ domain, version })),
    graph: graphProto(graph, external),
  };
}

export function initializerBytes(graph: Graph): number {
  let total = 0;
  for (const t of graph.initializers.values()) total += t.data.byteLength;
  return total;
}

/** The whole model as one ONNX protobuf, initializers inline. Throws when it would pass the 2 GiB limit. */
export function serializeModel(graph: Graph): Uint8Array {
  const bytes = initializerBytes(graph);
  if (bytes > PROTOBUF_LIMIT_BYTES) {
    throw new Error(`graph '${graph.name}' holds ${bytes} bytes of initializers: save it with external data (saveModel)`);
  }
  return onnx.ModelProto.encode(modelProto(graph, new Map())).finish();
}

/** A model whose large initializers are not in the protobuf but named buffers ORT reads in place. */
export interface ModelWithExternalBuffers {
  model: Uint8Array;
  /** For ONNX Runtime's `externalData` session option: one "file" per tensor, the tensor's own bytes. */
  externalData: { path: string; data: Uint8Array }[];
}

/**
 * The model with every initializer of at least `minExternalTensorBytes` (default 1 KiB) left out of the
 * protobuf and handed to ONNX Runtime as an in-memory external data file that views the tensor's own
 * array: the weights exist once, in our arrays, instead of again in the protobuf and in the session.
 */
export function serializeModelWithExternalBuffers(graph: Graph, minExternalTensorBytes = 1024): ModelWithExternalBuffers {
  const external = new Map<string, ExternalLocation>();
  const externalData: ModelWithExternalBuffers['externalData'] = [];
  let index = 0;
  for (const [name, t] of graph.initializers) {
    if (t.data.byteLength < minExternalTensorBytes) continue;
    const location = `initializer-${index++}.bin`;
    external.set(name, { location, offset: 0, length: t.data.byteLength });
    externalData.push({ path: location, data: tensorBytes(t) });
  }
  return { model: onnx.ModelProto.encode(modelProto(graph, external)).finish(), externalData };
}

export interface SaveModelOptions {
  /** Use external data when the initializers total more than this (default: just under the 2 GiB protobuf limit). */
  externalDataThresholdBytes?: number;
  /** With external data, initializers smaller than this stay inline (default 1 KiB). */
  minExternalTensorBytes?: number;
}

export interface SavedModel {
  modelPath: string;
  /** The file beside the model holding large initializers, when external data was used. */
  dataPath?: string;
}

/**
 * Writes `graph` to `modelPath`. Past the threshold, large initializers go to `<model file>.data` beside
 * it (ONNX external data, offsets aligned for memory mapping); ONNX Runtime finds it from the model path.
 */
export function saveModel(graph: Graph, modelPath: string, options: SaveModelOptions = {}): SavedModel {
  const threshold = options.externalDataThresholdBytes ?? PROTOBUF_LIMIT_BYTES;
  const minTensor = options.minExternalTensorBytes ?? 1024;
  fs.mkdirSync(path.dirname(modelPath), { recursive: true });
  if (initializerBytes(graph) <= threshold) {
    fs.writeFileSync(modelPath, serializeModel(graph));
    return { modelPath };
  }
  const dataPath = `${modelPath}.data`;
  const location = path.basename(dataPath);
  const external = new Map<string, ExternalLocation>();
  const fd = fs.openSync(dataPath, 'w');
  try {
    let offset = 0;
    for (const [name, t] of graph.initializers) {
      if (t.data.byteLength < minTensor) continue;
      offset = Math.ceil(offset / EXTERNAL_DATA_ALIGNMENT) * EXTERNAL_DATA_ALIGNMENT;
      const bytes = tensorBytes(t);
      for (let written = 0; written < bytes.length; ) {
        written += fs.writeSync(fd, bytes, written, bytes.length - written, offset + written);
      }
      external.set(name, { location, offset, length: bytes.length });
      offset += bytes.length;
    }
  } finally {
    fs.closeSync(fd);
  }
  fs.writeFileSync(modelPath, onnx.ModelProto.encode(modelProto(graph, external)).finish());
  return { modelPath, dataPath };
}
