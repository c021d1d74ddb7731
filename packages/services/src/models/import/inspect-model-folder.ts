import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { checkConfigJson } from './check-model-config';
import { OPTIONAL_TOKENIZER_FILES, TOKENIZER_FILES, checkTokenizer } from './check-tokenizer';
import { checkWeights } from './check-weights';
import { contentDigest, describeFiles, type ModelFileEntry } from './model-files';
import type { ModelProblem } from './model-problem';
import type { LlamaConfig } from '@whetstone/trainer';

/** Documentation files kept with the model (its license travels with it). */
const DOCUMENT_FILES = ['README.md', 'LICENSE', 'LICENSE.md', 'LICENSE.txt', 'NOTICE', 'USE_POLICY.md'];

export interface ModelFolderFacts {
  /** The parsed config.json (transformers' defaults filled in). */
  config: LlamaConfig;
  architecture: string;
  modelType: string;
  parameterCount: number;
  contextLength: number;
  files: ModelFileEntry[];
  totalBytes: number;
  contentDigest: string;
  /** Top-level files not copied (other weight formats, caches, ...). */
  skippedFiles: string[];
}

export type FolderInspection = { ok: true; facts: ModelFolderFacts } | { ok: false; problems: ModelProblem[] };

/**
 * Everything import checks before copying anything: config.json (through the engine's own
 * validation), every safetensors header against the tensors that config needs, the tokenizer and
 * its chat template. Returns every problem found, or the facts the catalogue records.
 */
export async function inspectModelFolder(dir: string): Promise<FolderInspection> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return { ok: false, problems: [{ file: '.', field: null, reason: `${dir} is not a folder` }] };
  const problems: ModelProblem[] = [];

  let raw: Record<string, unknown> | undefined;
  if (!existsSync(path.join(dir, 'config.json'))) {
    problems.push({ file: 'config.json', field: null, reason: 'missing' });
  } else {
    try {
      const parsed: unknown = JSON.parse(await readFile(path.join(dir, 'config.json'), 'utf8'));
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('must hold a JSON object');
      raw = parsed as Record<string, unknown>;
    } catch (error) {
      problems.push({ file: 'config.json', field: null, reason: `not valid JSON (${(error as Error).message})` });
    }
  }
  const checked = raw ? checkConfigJson(raw) : { problems: [] };
  problems.push(...checked.problems);
  const config = checked.config;

  const weights = await checkWeights(dir, config);
  problems.push(...weights.problems);
  problems.push(...(await checkTokenizer(dir, config?.vocab_size)));
  if (problems.length > 0 || !config) return { ok: false, problems };

  const present = new Set(readdirSync(dir).filter((name) => statSync(path.join(dir, name)).isFile()));
  const wanted = ['config.json', ...weights.files, ...TOKENIZER_FILES, ...OPTIONAL_TOKENIZER_FILES, ...DOCUMENT_FILES].filter((name) => present.has(name));
  const files = await describeFiles(dir, [...new Set(wanted)]);
  return {
    ok: true,
    facts: {
      config,
      architecture: config.architectures?.[0] ?? config.model_type,
      modelType: config.model_type,
      parameterCount: weights.parameterCount,
      contextLength: config.max_position_embeddings,
      files,
      totalBytes: files.reduce((n, f) => n + f.bytes, 0),
      contentDigest: contentDigest(files),
      skippedFiles: [...present].filter((name) => !wanted.includes(name)).sort(),
    },
  };
}
