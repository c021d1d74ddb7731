import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { LoadedTokenizer, type TokenizerFiles } from './loaded-tokenizer';

/**
 * Loads a tokenizer from a local model folder (tokenizer.json, tokenizer_config.json and, when
 * present, chat_template.jinja) or from the already-parsed file contents. Never touches the network.
 */
export async function loadTokenizer(source: string | TokenizerFiles): Promise<LoadedTokenizer> {
  if (typeof source !== 'string') return new LoadedTokenizer(source);
  return new LoadedTokenizer(await readTokenizerFiles(source));
}

/** Reads the tokenizer files of a folder; tokenizer_config.json is optional (an empty config). */
export async function readTokenizerFiles(folder: string): Promise<TokenizerFiles> {
  const tokenizerPath = path.join(folder, 'tokenizer.json');
  if (!existsSync(tokenizerPath)) throw new Error(`no tokenizer.json in ${folder}`);
  const configPath = path.join(folder, 'tokenizer_config.json');
  const templatePath = path.join(folder, 'chat_template.jinja');
  const files: TokenizerFiles = {
    tokenizerJson: await readJsonObject(tokenizerPath),
    tokenizerConfig: existsSync(configPath) ? await readJsonObject(configPath) : {},
  };
  if (existsSync(templatePath)) files.chatTemplateJinja = await readFile(templatePath, 'utf8');
  return files;
}

async function readJsonObject(file: string): Promise<Record<string, unknown>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`${file} must hold a JSON object`);
  return parsed as Record<string, unknown>;
}
