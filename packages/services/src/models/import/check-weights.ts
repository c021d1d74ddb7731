import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { SafetensorsFile, checkWeightShapes, parameterCount as parameterCountOf, type ParsedLlamaConfig, type SafetensorsTensorInfo, type WeightProblem } from '@whetstone/trainer';
import type { ModelProblem } from './model-problem';

export const WEIGHT_INDEX_FILE = 'model.safetensors.index.json';
export const SINGLE_WEIGHTS_FILE = 'model.safetensors';
/** Dtypes the engine converts to float32 on load. */
const WEIGHT_DTYPES = new Set(['F32', 'F16', 'BF16']);

export interface CheckedWeights {
  problems: ModelProblem[];
  /** The weight files the folder's layout uses (shards and index, or the single file). */
  files: string[];
  /** Parameters of the model (tied embeddings counted once). */
  parameterCount: number;
}

interface FoundTensor extends SafetensorsTensorInfo {
  file: string;
}

/**
 * Reads every safetensors header (never the tensor data) of a folder, single-file or sharded
 * with model.safetensors.index.json, and checks it against the tensors the config expects:
 * each present once with its shape, a float dtype, nothing the engine would silently drop.
 * Every problem is collected; `config` is undefined when config.json itself is unusable.
 */
export async function checkWeights(dir: string, config: ParsedLlamaConfig | undefined): Promise<CheckedWeights> {
  const problems: ModelProblem[] = [];
  const tensors = new Map<string, FoundTensor>();
  // Tensors whose shard is missing or unreadable: reported once, with the shard, not one by one.
  const unreadable = new Set<string>();
  const files: string[] = [];

  const readShard = async (file: string): Promise<void> => {
    let reader: SafetensorsFile;
    try {
      reader = await SafetensorsFile.open(path.join(dir, file));
    } catch (error) {
      problems.push({ file, field: null, reason: `not a readable safetensors file: ${stripPath((error as Error).message, dir)}` });
      throw error;
    }
    try {
      for (const name of reader.names()) {
        const info = reader.info(name);
        if (tensors.has(name)) problems.push({ file, field: name, reason: `tensor also stored in ${tensors.get(name)!.file}` });
        tensors.set(name, { ...info, file });
        if (!WEIGHT_DTYPES.has(info.dtype)) problems.push({ file, field: name, reason: `dtype ${info.dtype} is not supported (F32, F16 or BF16)` });
      }
    } finally {
      await reader.close();
    }
  };

  if (existsSync(path.join(dir, WEIGHT_INDEX_FILE))) {
    files.push(WEIGHT_INDEX_FILE);
    const weightMap = await readWeightMap(dir, problems);
    const byShard = new Map<string, string[]>();
    for (const [name, shard] of Object.entries(weightMap ?? {})) byShard.set(shard, [...(byShard.get(shard) ?? []), name]);
    for (const [shard, names] of byShard) {
      if (path.basename(shard) !== shard) {
        problems.push({ file: WEIGHT_INDEX_FILE, field: `weight_map.${names[0]}`, reason: `shard "${shard}" must be a file name in the same folder` });
        continue;
      }
      if (!existsSync(path.join(dir, shard))) {
        problems.push({ file: shard, field: null, reason: `missing shard (named by ${WEIGHT_INDEX_FILE} for ${names.length} tensor${names.length === 1 ? '' : 's'}, e.g. ${names[0]})` });
        names.forEach((n) => unreadable.add(n));
        continue;
      }
      files.push(shard);
      try {
        await readShard(shard);
      } catch {
        names.forEach((n) => unreadable.add(n));
        continue;
      }
      for (const name of names) {
        const found = tensors.get(name);
        if (!found || found.file !== shard) problems.push({ file: WEIGHT_INDEX_FILE, field: name, reason: `mapped to ${shard}, which does not contain it` });
      }
    }
  } else if (existsSync(path.join(dir, SINGLE_WEIGHTS_FILE))) {
    files.push(SINGLE_WEIGHTS_FILE);
    await readShard(SINGLE_WEIGHTS_FILE).catch(() => undefined);
  } else {
    problems.push({ file: SINGLE_WEIGHTS_FILE, field: null, reason: `no weights: neither ${SINGLE_WEIGHTS_FILE} nor ${WEIGHT_INDEX_FILE} is present` });
  }

  // Names and shapes are the engine's verdict (checkWeightShapes); this adds which file holds each tensor.
  const parameterCount = config ? parameterCountOf(config) : 0;
  if (config) {
    const shapes = new Map([...tensors].map(([name, t]) => [name, t.shape]));
    const firstWeights = files.find((f) => f.endsWith('.safetensors')) ?? SINGLE_WEIGHTS_FILE;
    for (const p of checkWeightShapes(config, shapes)) {
      if (unreadable.has(p.tensor)) continue; // its shard is missing or unreadable: reported once above
      problems.push({ file: tensors.get(p.tensor)?.file ?? firstWeights, field: p.tensor, reason: weightReason(p) });
    }
  }
  return { problems, files, parameterCount };
}

function weightReason(p: WeightProblem): string {
  if (p.expected && !p.actual) return `missing tensor (expected shape [${p.expected}])`;
  if (p.expected && p.actual) return `shape [${p.actual}] does not match config.json (expected [${p.expected}])`;
  return 'unexpected tensor: not part of the layout config.json describes (the engine would ignore it)';
}

async function readWeightMap(dir: string, problems: ModelProblem[]): Promise<Record<string, string> | undefined> {
  let index: unknown;
  try {
    index = JSON.parse(await readFile(path.join(dir, WEIGHT_INDEX_FILE), 'utf8'));
  } catch (error) {
    problems.push({ file: WEIGHT_INDEX_FILE, field: null, reason: `not valid JSON (${(error as Error).message})` });
    return undefined;
  }
  const map = (index as { weight_map?: unknown })?.weight_map;
  if (!map || typeof map !== 'object' || Array.isArray(map) || !Object.values(map).every((v) => typeof v === 'string')) {
    problems.push({ file: WEIGHT_INDEX_FILE, field: 'weight_map', reason: 'must be an object of tensor name to shard file name' });
    return undefined;
  }
  return map as Record<string, string>;
}

const stripPath = (message: string, dir: string) => message.split(`${dir}${path.sep}`).join('');
