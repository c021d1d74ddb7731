import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { initializerBytes, saveModel, serializeModel } from '../graph/export-onnx';
import type { Graph } from '../graph/graph';
import { GraphSession } from './graph-session';
import type { RuntimeConfig } from './runtime-config';

export interface SessionForGraphOptions {
  /** Above this many initializer bytes the model goes to disk with external data (default 1.5 GiB). */
  inMemoryLimitBytes?: number;
  /** Folder for models too large for memory (default: a fresh folder under the OS temp dir). */
  workDir?: string;
}

/**
 * A session for a graph: serialized in memory when small, otherwise written as `<graph name>.onnx` plus
 * external data (protobuf cannot hold 2 GiB) and loaded from that path.
 */
export async function sessionForGraph(graph: Graph, runtime: Partial<RuntimeConfig> = {}, options: SessionForGraphOptions = {}): Promise<GraphSession> {
  const limit = options.inMemoryLimitBytes ?? 1.5 * 2 ** 30;
  if (initializerBytes(graph) <= limit) return GraphSession.create(serializeModel(graph), runtime);
  const dir = options.workDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'whetstone-graph-'));
  const file = path.join(dir, `${graph.name.replace(/[^A-Za-z0-9._-]/g, '_')}.onnx`);
  const saved = saveModel(graph, file, { externalDataThresholdBytes: 0 });
  return GraphSession.create(saved.modelPath, runtime);
}
