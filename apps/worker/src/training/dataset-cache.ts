import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { File } from '@whetstone/db';
import type { ObjectStore } from '@whetstone/storage';

/**
 * Local copies of dataset files, named by content hash: the same bytes are downloaded once per
 * machine however many jobs (or retries) read them. Written to a temporary name and renamed, so
 * a crash never leaves a partial file under the final name.
 */
export async function localDatasetPath(store: ObjectStore, cacheDir: string, file: File): Promise<string> {
  const dir = join(cacheDir, 'datasets');
  mkdirSync(dir, { recursive: true });
  const target = join(dir, `${file.sha256 ?? file.id}.jsonl`);
  if (existsSync(target)) return target;
  const body = await store.getStream(file.storageKey);
  if (!body) throw new Error(`the content of file ${file.id} is missing from storage`);
  const partial = `${target}.partial-${process.pid}-${Date.now()}`;
  try {
    await pipeline(body, createWriteStream(partial));
    renameSync(partial, target);
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
  return target;
}
