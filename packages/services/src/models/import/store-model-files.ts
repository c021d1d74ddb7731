import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import type { ObjectStore } from '@whetstone/storage';
import type { ModelFileEntry } from './model-files';
import type { ModelProblem } from './model-problem';

export interface StoredFiles {
  /** Keys this call wrote (to remove if the import fails later). */
  written: string[];
  problems: ModelProblem[];
}

/**
 * Copies the folder's files under `prefix`, hashing each byte stream on its way up and checking
 * the stored object's size: a file that changed since it was inspected, or an upload that came
 * out short, is a problem, not a registered model. Objects already present at the
 * content-addressed prefix with the right size (`reusable`) are not uploaded again.
 */
export async function storeModelFiles(
  store: ObjectStore,
  prefix: string,
  dir: string,
  files: readonly ModelFileEntry[],
  reusable: boolean,
): Promise<StoredFiles> {
  const written: string[] = [];
  const problems: ModelProblem[] = [];
  const existing = reusable ? new Map((await store.list(prefix)).map((o) => [o.key, o.bytes])) : new Map<string, number>();
  for (const file of files) {
    const key = `${prefix}${file.name}`;
    if (existing.get(key) === file.bytes) continue;
    const hash = createHash('sha256');
    const hashing = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        callback(null, chunk);
      },
    });
    written.push(key);
    const source = createReadStream(path.join(dir, file.name));
    source.on('error', (err) => hashing.destroy(err));
    await store.putStream(key, source.pipe(hashing));
    const sha256 = hash.digest('hex');
    const head = await store.head(key);
    if (sha256 !== file.sha256) problems.push({ file: file.name, field: null, reason: 'changed while it was being imported (SHA-256 differs from the inspected file)' });
    else if (head?.bytes !== file.bytes) problems.push({ file: file.name, field: null, reason: `stored ${head?.bytes ?? 0} bytes of ${file.bytes}` });
  }
  return { written, problems };
}
