import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { HostTensor } from '../../tensor/host-tensor';
import type { SafetensorsTensorInfo } from './header';
import { SafetensorsFile, type TensorReader } from './safetensors-file';
import { DEFAULT_SAFETENSORS_METADATA, entries, tensorByteLength, writeSafetensorsFile, type NamedTensors } from './write-safetensors';

/** The `*.safetensors.index.json` of a sharded checkpoint, as transformers writes it. */
export interface SafetensorsIndex {
  metadata: { total_size: number; [key: string]: unknown };
  weight_map: Record<string, string>;
}

/**
 * Opens the weights of a model folder: `{base}.safetensors`, or the shards listed in
 * `{base}.safetensors.index.json`. Tensors are read lazily from whichever shard holds them.
 */
export async function openSafetensorsCheckpoint(folder: string, baseName = 'model'): Promise<TensorReader> {
  const indexPath = path.join(folder, `${baseName}.safetensors.index.json`);
  const singlePath = path.join(folder, `${baseName}.safetensors`);
  if (existsSync(indexPath)) return ShardedCheckpoint.open(folder, indexPath);
  if (existsSync(singlePath)) return SafetensorsFile.open(singlePath);
  throw new Error(`${folder}: no ${baseName}.safetensors or ${baseName}.safetensors.index.json`);
}

class ShardedCheckpoint implements TensorReader {
  private constructor(
    private readonly shardOf: Map<string, SafetensorsFile>,
    private readonly shards: SafetensorsFile[],
  ) {}

  static async open(folder: string, indexPath: string): Promise<ShardedCheckpoint> {
    const index = JSON.parse(await readFile(indexPath, 'utf8')) as Partial<SafetensorsIndex>;
    if (!index.weight_map || typeof index.weight_map !== 'object') throw new Error(`${indexPath}: no weight_map`);
    const files = new Map<string, SafetensorsFile>();
    const shardOf = new Map<string, SafetensorsFile>();
    try {
      for (const [name, shardName] of Object.entries(index.weight_map)) {
        if (path.basename(shardName) !== shardName) throw new Error(`${indexPath}: shard "${shardName}" must be a file name in the same folder`);
        let shard = files.get(shardName);
        if (!shard) {
          shard = await SafetensorsFile.open(path.join(folder, shardName));
          files.set(shardName, shard);
        }
        if (!shard.has(name)) throw new Error(`${indexPath}: "${name}" is mapped to ${shardName}, which does not contain it`);
        shardOf.set(name, shard);
      }
    } catch (error) {
      await Promise.all([...files.values()].map((f) => f.close()));
      throw error;
    }
    return new ShardedCheckpoint(shardOf, [...files.values()]);
  }

  names(): string[] {
    return [...this.shardOf.keys()];
  }

  info(name: string): SafetensorsTensorInfo {
    return this.shard(name).info(name);
  }

  readTensor(name: string): Promise<HostTensor> {
    return this.shard(name).readTensor(name);
  }

  async close(): Promise<void> {
    await Promise.all(this.shards.map((shard) => shard.close()));
  }

  private shard(name: string): SafetensorsFile {
    const shard = this.shardOf.get(name);
    if (!shard) throw new Error(`sharded checkpoint: no tensor named "${name}"`);
    return shard;
  }
}

export interface WriteCheckpointOptions {
  baseName?: string;
  /** Largest shard in bytes of tensor data (default 5 GiB, as transformers). One file when everything fits. */
  maxShardBytes?: number;
  metadata?: Record<string, string>;
}

/**
 * Writes tensors as `{base}.safetensors`, or, when larger than one shard, as
 * `{base}-00001-of-0000N.safetensors` files plus `{base}.safetensors.index.json` (transformers'
 * layout). Tensors are assigned to shards in name order; a tensor larger than a shard gets its own.
 * Returns the file names written.
 */
export async function writeSafetensorsCheckpoint(folder: string, tensors: NamedTensors, options: WriteCheckpointOptions = {}): Promise<string[]> {
  const baseName = options.baseName ?? 'model';
  const maxShardBytes = options.maxShardBytes ?? 5 * 1024 ** 3;
  const metadata = options.metadata ?? { ...DEFAULT_SAFETENSORS_METADATA };
  const sorted = entries(tensors).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

  const shards: [string, HostTensor][][] = [[]];
  let shardBytes = 0;
  for (const entry of sorted) {
    const bytes = tensorByteLength(entry[1]);
    if (shardBytes > 0 && shardBytes + bytes > maxShardBytes) {
      shards.push([]);
      shardBytes = 0;
    }
    shards[shards.length - 1]!.push(entry);
    shardBytes += bytes;
  }

  // A previous save in this folder may have used the other layout; the reader would prefer a stale index.
  await mkdir(folder, { recursive: true });
  await removeCheckpointFiles(folder, baseName);
  if (shards.length === 1) {
    const fileName = `${baseName}.safetensors`;
    await writeSafetensorsFile(path.join(folder, fileName), new Map(shards[0]), metadata);
    return [fileName];
  }
  const pad = (n: number) => String(n).padStart(5, '0');
  const index: SafetensorsIndex = { metadata: { total_size: 0 }, weight_map: {} };
  const written: string[] = [];
  for (const [i, shard] of shards.entries()) {
    const fileName = `${baseName}-${pad(i + 1)}-of-${pad(shards.length)}.safetensors`;
    await writeSafetensorsFile(path.join(folder, fileName), new Map(shard), metadata);
    for (const [name, tensor] of shard) {
      index.weight_map[name] = fileName;
      index.metadata.total_size += tensorByteLength(tensor);
    }
    written.push(fileName);
  }
  const indexName = `${baseName}.safetensors.index.json`;
  await writeFile(path.join(folder, indexName), JSON.stringify(index, null, 2) + '\n');
  return [...written, indexName];
}

async function removeCheckpointFiles(folder: string, baseName: string): Promise<void> {
  const isCheckpointFile = (name: string) =>
    name === `${baseName}.safetensors` ||
    name === `${baseName}.safetensors.index.json` ||
    (name.startsWith(`${baseName}-`) && /^-\d{5}-of-\d{5}\.safetensors$/.test(name.slice(baseName.length)));
  const present = await readdir(folder);
  await Promise.all(present.filter(isCheckpointFile).map((name) => rm(path.join(folder, name), { force: true })));
}
