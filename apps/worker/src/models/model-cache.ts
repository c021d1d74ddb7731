import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { ObjectStore } from '@whetstone/storage';

const COMPLETE_MARKER = '.complete';

/**
 * Local copies of model folders from object storage, keyed by a hash of their content listing
 * (keys, sizes, ETags): a changed model gets a new folder, an unchanged one is downloaded once
 * per machine. Downloads go to a temporary folder renamed into place, so a crash never leaves
 * a half-written folder that looks complete.
 */
export class ModelCache {
  constructor(
    private readonly store: ObjectStore,
    private readonly cacheDir: string,
  ) {}

  async ensureLocal(prefix: string, onlyFiles?: readonly string[]): Promise<string> {
    const objects = (await this.store.list(prefix)).filter((o) => {
      const name = o.key.slice(prefix.length);
      return name && !name.includes('/') && (!onlyFiles || onlyFiles.includes(name));
    });
    if (objects.length === 0) throw new Error(`no model files under ${prefix}`);
    const hash = createHash('sha256');
    for (const o of objects) hash.update(`${o.key}\0${o.bytes}\0${o.etag}\n`);
    const dir = join(this.cacheDir, 'models', hash.digest('hex').slice(0, 32));
    if (existsSync(join(dir, COMPLETE_MARKER))) return dir;

    const partial = `${dir}.partial-${process.pid}-${Date.now()}`;
    mkdirSync(partial, { recursive: true });
    try {
      for (const o of objects) {
        const body = await this.store.getStream(o.key);
        if (!body) throw new Error(`model file ${o.key} disappeared during download`);
        await pipeline(body, createWriteStream(join(partial, o.key.slice(prefix.length))));
      }
      writeFileSync(join(partial, COMPLETE_MARKER), prefix);
      rmSync(dir, { recursive: true, force: true });
      renameSync(partial, dir);
    } catch (err) {
      rmSync(partial, { recursive: true, force: true });
      throw err;
    }
    return dir;
  }
}
