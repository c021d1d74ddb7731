import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildTinyModel, saveModelFolder, writeSafetensorsCheckpoint, type HostTensor } from '@whetstone/trainer';

const made: string[] = [];
export const removeFolders = () => made.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true }));

/** A fresh folder holding the tiny Llama (optionally sharded), for import tests to break. */
export async function tinyFolder(options: { seed?: number; shardBytes?: number } = {}): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'whetstone-import-test-'));
  made.push(dir);
  const model = buildTinyModel({ seed: options.seed ?? 1 });
  await saveModelFolder(
    dir,
    model.config,
    model.weights,
    { 'tokenizer.json': model.tokenizer.tokenizerJson, 'tokenizer_config.json': model.tokenizer.tokenizerConfig, 'generation_config.json': model.generationConfig },
    options.shardBytes ? { maxShardBytes: options.shardBytes } : {},
  );
  return dir;
}

export function editJson(dir: string, file: string, edit: (json: Record<string, unknown>) => void): void {
  const json = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Record<string, unknown>;
  edit(json);
  writeFileSync(path.join(dir, file), JSON.stringify(json));
}

/** Rewrites model.safetensors with one tensor given another shape (same element count). */
export async function reshapeTensor(dir: string, name: string, shape: number[]): Promise<void> {
  const model = buildTinyModel({ seed: 1 });
  const weights = new Map<string, HostTensor>(model.weights);
  const tensor = weights.get(name)!;
  weights.set(name, { ...tensor, shape });
  await writeSafetensorsCheckpoint(dir, weights);
}

export const removeFile = (dir: string, file: string) => rmSync(path.join(dir, file));
