import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { architectureOf, CAUSAL_LM_CLASS } from '../../model/architecture';
import type { LlamaConfig } from '../../model/llama-config';
import type { HostTensor } from '../../tensor/host-tensor';
import { writeSafetensorsCheckpoint } from '../safetensors';
import { parseLlamaConfig } from './llama-config-schema';
import { checkLlamaWeights, shapesOf } from './llama-weight-layout';

/** Files copied from a tokenizer folder into a saved model folder, when present. */
export const TOKENIZER_FILE_NAMES = [
  'tokenizer.json',
  'tokenizer_config.json',
  'special_tokens_map.json',
  'chat_template.jinja',
  'generation_config.json',
] as const;

/**
 * Tokenizer (and generation) files for a saved model: a folder to copy the known files from, or
 * file name → contents (objects are written as JSON).
 */
export type TokenizerFilesSource = string | Record<string, string | Uint8Array | object>;

export interface SaveModelOptions {
  /** Largest weights shard in bytes (default 5 GiB). */
  maxShardBytes?: number;
}

/**
 * Writes a Hugging Face model folder: config.json, model.safetensors (F32; sharded with an index
 * when large) and the tokenizer files. Config and weights are validated against each other first,
 * so nothing is written for an inconsistent model. With tied embeddings lm_head.weight is not
 * written (transformers re-ties it on load). Returns the file names written.
 */
export async function saveModelFolder(
  dir: string,
  config: LlamaConfig,
  weights: ReadonlyMap<string, HostTensor>,
  tokenizerFiles?: TokenizerFilesSource,
  options: SaveModelOptions = {},
): Promise<string[]> {
  const checked = parseLlamaConfig(config, 'saveModelFolder config');
  const toWrite = new Map([...weights].filter(([name]) => !(name === 'lm_head.weight' && checked.tie_word_embeddings)));
  checkLlamaWeights(checked, shapesOf(toWrite), 'saveModelFolder');
  const nonFloat32 = [...toWrite].find(([, tensor]) => tensor.dtype !== 'float32');
  if (nonFloat32) throw new Error(`saveModelFolder: ${nonFloat32[0]} is ${nonFloat32[1].dtype}; model weights are saved as float32`);

  await mkdir(dir, { recursive: true });
  const arch = architectureOf(checked);
  const configJson: Record<string, unknown> = { architectures: [CAUSAL_LM_CLASS[arch.modelType]], ...checked, torch_dtype: 'float32' };
  // transformers' MistralConfig defaults sliding_window to 4096: "no window" must be written as null.
  if (arch.modelType === 'mistral' && arch.slidingWindow === undefined) configJson.sliding_window = null;
  await writeFile(path.join(dir, 'config.json'), JSON.stringify(configJson, null, 2) + '\n');
  const written = ['config.json', ...(await writeSafetensorsCheckpoint(dir, toWrite, { maxShardBytes: options.maxShardBytes }))];
  if (tokenizerFiles !== undefined) written.push(...(await writeTokenizerFiles(dir, tokenizerFiles)));
  return written;
}

async function writeTokenizerFiles(dir: string, source: TokenizerFilesSource): Promise<string[]> {
  const written: string[] = [];
  if (typeof source === 'string') {
    if (!existsSync(path.join(source, 'tokenizer.json'))) throw new Error(`saveModelFolder: no tokenizer.json in ${source}`);
    if (path.resolve(source) === path.resolve(dir)) return [];
    for (const name of TOKENIZER_FILE_NAMES) {
      if (!existsSync(path.join(source, name))) continue;
      await copyFile(path.join(source, name), path.join(dir, name));
      written.push(name);
    }
    return written;
  }
  for (const [name, contents] of Object.entries(source)) {
    if (path.basename(name) !== name) throw new Error(`saveModelFolder: tokenizer file name "${name}" must not contain a path`);
    const bytes = typeof contents === 'string' || contents instanceof Uint8Array ? contents : JSON.stringify(contents, null, 2) + '\n';
    await writeFile(path.join(dir, name), bytes);
    written.push(name);
  }
  return written;
}
