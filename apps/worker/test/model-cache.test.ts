import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadWorkerConfig } from '@whetstone/config';
import { createDb } from '@whetstone/db';
import { createOrganization, importModelFolder, modelFileEntries } from '@whetstone/services';
import { ObjectStore, storageOptionsFromEnv } from '@whetstone/storage';
import { writeTinyModelFolder } from '@whetstone/trainer';
import { ModelCache, ModelChecksumError, type CatalogueModelFiles } from '../src/models/model-cache';

const env = loadWorkerConfig(process.env);
const db = createDb({ databaseUrl: env.DATABASE_URL });
const store = new ObjectStore(storageOptionsFromEnv(env));
const orgIds: string[] = [];
const dirs: string[] = [];

afterAll(async () => {
  await db.organization.deleteMany({ where: { id: { in: orgIds } } });
  dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  store.close();
  await db.$disconnect();
});

/** A tiny model imported for a fresh tenant; returns what the catalogue says about its files. */
async function catalogued(seed: number): Promise<CatalogueModelFiles> {
  const org = await createOrganization(db, { name: 'cache-test' });
  orgIds.push(org.id);
  const dir = await mkdtemp(path.join(tmpdir(), 'whetstone-cache-test-model-'));
  dirs.push(dir);
  await writeTinyModelFolder(dir, { seed });
  const { model } = await importModelFolder({ db, store }, { dir, name: `cache/tiny-${seed}`, organizationId: org.id });
  return { name: model.name, storagePrefix: model.storagePrefix, files: modelFileEntries(model.files) };
}

function cacheDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'whetstone-cache-test-'));
  dirs.push(dir);
  return dir;
}

const bytesOf = (model: CatalogueModelFiles) => model.files.reduce((n, f) => n + f.bytes, 0);
const cachedFolders = (dir: string) => (existsSync(path.join(dir, 'models')) ? readdirSync(path.join(dir, 'models')).filter((n) => /^[0-9a-f]{32}$/.test(n)) : []);

describe('the worker model cache', () => {
  it('downloads a model once, verified, and serves it from the cache afterwards', async () => {
    const model = await catalogued(11);
    const cache = new ModelCache(store, cacheDir(), { maxBytes: 10 * bytesOf(model) });
    const first = await cache.acquire(model);
    expect(first).toMatchObject({ fromCache: false, bytes: bytesOf(model) });
    expect(readFileSync(path.join(first.dir, 'config.json'))).toEqual(await store.getBytes(`${model.storagePrefix}config.json`));
    first.release();
    const second = await cache.acquire(model);
    expect(second).toMatchObject({ fromCache: true, dir: first.dir });
    second.release();
  });

  it('refuses a file whose bytes in storage do not match the catalogue checksum, and keeps nothing', async () => {
    const model = await catalogued(12);
    await store.putBytes(`${model.storagePrefix}tokenizer_config.json`, '{"tampered": true}');
    const dir = cacheDir();
    const error = await new ModelCache(store, dir, { maxBytes: 10 * bytesOf(model) }).acquire(model).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelChecksumError);
    expect((error as Error).message).toContain('tokenizer_config.json');
    expect(readdirSync(path.join(dir, 'models')).filter((n) => !n.endsWith('.leases'))).toEqual([]);
  });

  it('evicts the least recently used model beyond its size bound, never one in use', async () => {
    const [a, b, c] = [await catalogued(13), await catalogued(14), await catalogued(15)];
    const dir = cacheDir();
    // Room for two of the three.
    const cache = new ModelCache(store, dir, { maxBytes: bytesOf(a) + bytesOf(b) + 1000 });
    const heldA = await cache.acquire(a);
    (await cache.acquire(b)).release();
    // A is in use and B is free: C's download evicts B, although A was used longer ago.
    const heldC = await cache.acquire(c);
    expect(cachedFolders(dir).sort()).toEqual([path.basename(heldA.dir), path.basename(heldC.dir)].sort());
    expect(existsSync(path.join(heldA.dir, 'model.safetensors'))).toBe(true);
    // Both in use: B comes back although that goes over the bound.
    const heldB = await cache.acquire(b);
    expect(cachedFolders(dir)).toHaveLength(3);
    [heldA, heldB, heldC].forEach((h) => h.release());
    // Nothing in use: the next download brings the cache back within its bound, least recently used first.
    const d = await catalogued(16);
    (await new ModelCache(store, dir, { maxBytes: bytesOf(a) + bytesOf(b) + 1000 }).acquire(d)).release();
    expect(cachedFolders(dir)).toHaveLength(2);
    expect(existsSync(heldA.dir)).toBe(false);
  });

  it('downloads once when several workers on the node want the same model at once; the others wait for it', async () => {
    const model = await catalogued(17);
    const dir = cacheDir();
    // Separate cache instances share nothing in memory: only the lock file on disk coordinates them.
    const workers = [1, 2, 3].map(() => new ModelCache(store, dir, { maxBytes: 10 * bytesOf(model) }));
    const results = await Promise.all(workers.map((w) => w.acquire(model)));
    expect(results.filter((r) => !r.fromCache)).toHaveLength(1);
    expect(new Set(results.map((r) => r.dir)).size).toBe(1);
    results.forEach((r) => r.release());
  });
});
