import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { saveModel, serializeModelWithExternalBuffers } from '../graph/export-onnx';
import type { Graph } from '../graph/graph';
import { GraphSession } from './graph-session';
import { hoistInitializers } from './hoist-initializers';
import type { RuntimeConfig } from './runtime-config';

export interface SessionForGraphOptions {
  /**
   * 'memory' (default): the protobuf holds only the graph and ONNX Runtime reads each initializer from
   * our own array (no serialized copy of the weights, no 2 GiB protobuf limit). 'disk': written as
   * `<graph name>.onnx` plus external data under `workDir` and loaded from that path.
   */
  placement?: 'memory' | 'disk';
  /** Folder for 'disk' (default: a fresh folder under the OS temp dir). */
  workDir?: string;
}

/**
 * A session for a graph. 'memory': its large initializers become inputs fed in place from the graph's own
 * arrays (hoistInitializers: the weights exist once, shared by every session over them), the small ones
 * are handed over as in-memory buffers.
 */
export async function sessionForGraph(graph: Graph, runtime: Partial<RuntimeConfig> = {}, options: SessionForGraphOptions = {}): Promise<GraphSession> {
  if ((options.placement ?? 'memory') === 'memory') {
    const hoisted = hoistInitializers(graph);
    return GraphSession.create(serializeModelWithExternalBuffers(hoisted.graph), runtime, hoisted.constantFeeds);
  }
  const dir = options.workDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'whetstone-graph-'));
  const file = path.join(dir, `${graph.name.replace(/[^A-Za-z0-9._-]/g, '_')}.onnx`);
  const saved = saveModel(graph, file, { externalDataThresholdBytes: 0 });
  return GraphSession.create(saved.modelPath, runtime);
}
