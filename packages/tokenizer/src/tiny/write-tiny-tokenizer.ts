import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildTinyTokenizer, type TinyTokenizerFiles, type TinyTokenizerOptions } from './build-tiny-tokenizer';

/** Writes the tiny tokenizer's tokenizer.json and tokenizer_config.json into a folder (created if needed). */
export async function writeTinyTokenizerFolder(folder: string, options: TinyTokenizerOptions = {}): Promise<TinyTokenizerFiles> {
  const files = buildTinyTokenizer(options);
  await mkdir(folder, { recursive: true });
  await writeFile(path.join(folder, 'tokenizer.json'), JSON.stringify(files.tokenizerJson, null, 2) + '\n');
  await writeFile(path.join(folder, 'tokenizer_config.json'), JSON.stringify(files.tokenizerConfig, null, 2) + '\n');
  return files;
}
