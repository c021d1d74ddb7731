import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { HostTensor } from '../../tensor/host-tensor';
import { openSafetensorsCheckpoint } from '../safetensors';
import { parseLlamaConfig, type ParsedLlamaConfig } from './llama-config-schema';
import { checkLlamaWeights, isIgnorableBuffer } from './llama-weight-layout';
import { toFloat32 } from './to-float32';

export interface LoadedModelFolder {
  config: ParsedLlamaConfig;
  /** Every parameter as float32, under its Hugging Face name (tied lm_head and ignorable buffers left out). */
  weights: Map<string, HostTensor>;
  /** The folder holding tokenizer.json (the model folder itself), or undefined when it has none. */
  tokenizerDir: string | undefined;
  /** generation_config.json when present (eos ids, sampling defaults). */
  generationConfig: Record<string, unknown> | undefined;
}

/**
 * Loads a Hugging Face Llama-family model folder: config.json (validated), weights from
 * model.safetensors or its sharded index (any float dtype, converted to float32, checked against
 * the config's layout before any data is read).
 */
export async function loadModelFolder(dir: string): Promise<LoadedModelFolder> {
  const configPath = path.join(dir, 'config.json');
  if (!existsSync(configPath)) throw new Error(`${dir}: no config.json`);
  const config = parseLlamaConfig(await readJson(configPath), configPath);

  const reader = await openSafetensorsCheckpoint(dir);
  const weights = new Map<string, HostTensor>();
  try {
    const shapes = new Map(reader.names().map((name) => [name, reader.info(name).shape]));
    checkLlamaWeights(config, shapes, dir);
    for (const name of reader.names()) {
      if (isIgnorableBuffer(name) || (name === 'lm_head.weight' && config.tie_word_embeddings)) continue;
      weights.set(name, toFloat32(await reader.readTensor(name), name));
    }
  } finally {
    await reader.close();
  }

  const generationPath = path.join(dir, 'generation_config.json');
  return {
    config,
    weights,
    tokenizerDir: existsSync(path.join(dir, 'tokenizer.json')) ? dir : undefined,
    generationConfig: existsSync(generationPath) ? ((await readJson(generationPath)) as Record<string, unknown>) : undefined,
  };
}

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: not valid JSON (${(error as Error).message})`);
  }
}
