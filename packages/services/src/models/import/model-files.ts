import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

/** One stored file of a model folder, as the catalogue records it (workers verify downloads against it). */
export interface ModelFileEntry {
  name: string;
  bytes: number;
  sha256: string;
}

export async function hashFile(file: string): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return { bytes: (await stat(file)).size, sha256: hash.digest('hex') };
}

export async function describeFiles(dir: string, names: readonly string[]): Promise<ModelFileEntry[]> {
  const entries: ModelFileEntry[] = [];
  for (const name of [...names].sort()) entries.push({ name, ...(await hashFile(path.join(dir, name))) });
  return entries;
}

/** The identity of a folder's content: SHA-256 over the sorted (name, SHA-256) pairs. Same files, same digest. */
export function contentDigest(files: readonly ModelFileEntry[]): string {
  const hash = createHash('sha256');
  for (const f of [...files].sort((a, b) => (a.name < b.name ? -1 : 1))) hash.update(`${f.name}\0${f.sha256}\n`);
  return hash.digest('hex');
}

/** Parses the catalogue's `files` column. */
export function modelFileEntries(json: unknown): ModelFileEntry[] {
  return Array.isArray(json) ? (json as ModelFileEntry[]) : [];
}
