import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Logger } from '@whetstone/common';
import type { ModelFileEntry } from '@whetstone/services';
import type { ObjectStore } from '@whetstone/storage';
import { Leases, lockOrWait } from './file-lock';

const COMPLETE_MARKER = '.complete';

/** What the catalogue says a model folder holds: where, and every file's size and SHA-256. */
export interface CatalogueModelFiles {
  name: string;
  storagePrefix: string;
  files: readonly ModelFileEntry[];
}

export interface CachedModel {
  dir: string;
  /** false when this call downloaded it (true also when another worker's download was awaited). */
  fromCache: boolean;
  /** Time to have the files on disk: lookup, waiting for another download, or downloading and verifying. */
  millis: number;
  bytes: number;
  /** Ends this holder's use; the folder becomes evictable once nobody holds it. */
  release(): void;
}

/** A downloaded file whose bytes do not match the catalogue: storage corruption or tampering. */
export class ModelChecksumError extends Error {
  override name = 'ModelChecksumError';
}

interface Marker {
  name: string;
  bytes: number;
}

/**
 * The node's local copies of model folders, shared by every worker process on it. Folders are
 * keyed by the SHA-256s of their files, so a re-imported model is a new folder. Each file is
 * verified against the catalogue's checksum as it downloads; a folder is complete (has its
 * marker) only once all are, and appears by an atomic rename. One process downloads a given
 * folder while the others wait on its lock. The cache holds at most `maxBytes`: the least
 * recently used folders are evicted, never one a running job holds a lease on.
 */
export class ModelCache {
  private readonly root: string;

  constructor(
    private readonly store: ObjectStore,
    cacheDir: string,
    private readonly options: { maxBytes: number; logger?: Logger },
  ) {
    this.root = path.join(cacheDir, 'models');
  }

  async acquire(model: CatalogueModelFiles, onlyFiles?: readonly string[]): Promise<CachedModel> {
    const started = performance.now();
    const files = model.files.filter((f) => !onlyFiles || onlyFiles.includes(f.name));
    if (model.files.length === 0) throw new Error(`model ${model.name} has no file checksums in the catalogue; import it again (npm run models -- import)`);
    const key = folderKey(files);
    const dir = path.join(this.root, key);
    mkdirSync(this.root, { recursive: true });
    const release = new Leases(`${dir}.leases`).take();
    try {
      const complete = () => existsSync(path.join(dir, COMPLETE_MARKER));
      let fromCache = true;
      const unlock = await lockOrWait(`${dir}.lock`, complete);
      if (unlock) {
        try {
          if (!complete()) {
            await this.evictFor(files.reduce((n, f) => n + f.bytes, 0), key);
            await this.download(model, files, dir);
            fromCache = false;
          }
        } finally {
          await unlock();
        }
      }
      touch(path.join(dir, COMPLETE_MARKER));
      return { dir, fromCache, millis: performance.now() - started, bytes: files.reduce((n, f) => n + f.bytes, 0), release };
    } catch (error) {
      release();
      throw error;
    }
  }

  /** Total bytes of the complete folders in the cache. */
  usedBytes(): number {
    return this.entries().reduce((n, e) => n + e.bytes, 0);
  }

  private async download(model: CatalogueModelFiles, files: readonly ModelFileEntry[], dir: string): Promise<void> {
    const partial = `${dir}.partial-${process.pid}`;
    rmSync(partial, { recursive: true, force: true });
    mkdirSync(partial, { recursive: true });
    try {
      for (const file of files) {
        const body = await this.store.getStream(`${model.storagePrefix}${file.name}`);
        if (!body) throw new Error(`model ${model.name}: ${file.name} is missing from object storage (${model.storagePrefix})`);
        const hash = createHash('sha256');
        let bytes = 0;
        const measure = new Transform({
          transform(chunk: Buffer, _encoding, callback) {
            hash.update(chunk);
            bytes += chunk.length;
            callback(null, chunk);
          },
        });
        await pipeline(body, measure, createWriteStream(path.join(partial, file.name)));
        const sha256 = hash.digest('hex');
        if (sha256 !== file.sha256 || bytes !== file.bytes) {
          throw new ModelChecksumError(
            `model ${model.name}: ${file.name} from object storage does not match the catalogue (sha256 ${sha256}, ${bytes} bytes; expected ${file.sha256}, ${file.bytes} bytes)`,
          );
        }
      }
      const marker: Marker = { name: model.name, bytes: files.reduce((n, f) => n + f.bytes, 0) };
      writeFileSync(path.join(partial, COMPLETE_MARKER), JSON.stringify(marker));
      rmSync(dir, { recursive: true, force: true });
      renameSync(partial, dir);
    } catch (error) {
      rmSync(partial, { recursive: true, force: true });
      throw error;
    }
  }

  /** Frees room for `needed` bytes, least recently used first, skipping folders someone holds. */
  private async evictFor(needed: number, keep: string): Promise<void> {
    const release = await lockOrWait(path.join(this.root, '.evict.lock'), () => false);
    try {
      const entries = this.entries().filter((e) => e.key !== keep).sort((a, b) => a.lastUsed - b.lastUsed);
      let used = entries.reduce((n, e) => n + e.bytes, 0);
      for (const entry of entries) {
        if (used + needed <= this.options.maxBytes) break;
        const dir = path.join(this.root, entry.key);
        const leases = new Leases(`${dir}.leases`);
        if (leases.held() > 0) continue;
        // Rename first (atomic), then re-check: a holder that arrived in between gets it back.
        const doomed = `${dir}.evicting-${process.pid}`;
        renameSync(dir, doomed);
        if (leases.held() > 0) {
          renameSync(doomed, dir);
          continue;
        }
        rmSync(doomed, { recursive: true, force: true });
        used -= entry.bytes;
        this.options.logger?.info({ model: entry.name, bytes: entry.bytes }, 'evicted model from the cache');
      }
      if (used + needed > this.options.maxBytes) {
        this.options.logger?.warn({ used, needed, maxBytes: this.options.maxBytes }, 'model cache over its bound: every other model is in use');
      }
    } finally {
      await release!();
    }
  }

  private entries(): { key: string; name: string; bytes: number; lastUsed: number }[] {
    if (!existsSync(this.root)) return [];
    const out: { key: string; name: string; bytes: number; lastUsed: number }[] = [];
    for (const key of readdirSync(this.root)) {
      const marker = path.join(this.root, key, COMPLETE_MARKER);
      if (!/^[0-9a-f]{32}$/.test(key) || !existsSync(marker)) continue;
      try {
        const { name, bytes } = JSON.parse(readFileSync(marker, 'utf8')) as Marker;
        out.push({ key, name, bytes, lastUsed: statSync(marker).mtimeMs });
      } catch {
        // A folder from an older cache layout: not counted, never evicted by us.
      }
    }
    return out;
  }
}

/** The folder for a set of files: same content, same folder, whatever the model's name. */
function folderKey(files: readonly ModelFileEntry[]): string {
  const hash = createHash('sha256');
  for (const f of [...files].sort((a, b) => (a.name < b.name ? -1 : 1))) hash.update(`${f.name}\0${f.sha256}\n`);
  return hash.digest('hex').slice(0, 32);
}

function touch(file: string): void {
  const now = new Date();
  utimesSync(file, now, now);
}
