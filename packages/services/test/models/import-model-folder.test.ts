import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createDb } from '@whetstone/db';
import { ObjectStore, storageOptionsFromEnv } from '@whetstone/storage';
import { loadSharedEnv } from './shared-env';
import { createOrganization, hashFile, importModelFolder, ModelImportError, modelFileEntries, type ModelProblem } from '../../src';
import { editJson, removeFile, removeFolders, reshapeTensor, tinyFolder } from './model-folders';

const env = loadSharedEnv();
const db = createDb({ databaseUrl: env.DATABASE_URL });
const store = new ObjectStore(storageOptionsFromEnv(env));
const deps = { db, store };
const orgIds: string[] = [];

afterAll(async () => {
  removeFolders();
  await db.organization.deleteMany({ where: { id: { in: orgIds } } });
  store.close();
  await db.$disconnect();
});

async function tenant() {
  const org = await createOrganization(db, { name: 'import-test' });
  orgIds.push(org.id);
  return org.id;
}

/** Imports a folder that must be refused; returns the report after checking nothing was left behind. */
async function refused(dir: string): Promise<ModelProblem[]> {
  const orgId = await tenant();
  const error = await importModelFolder(deps, { dir, name: 'acme/broken', organizationId: orgId }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ModelImportError);
  expect(await db.baseModel.count({ where: { organizationId: orgId } })).toBe(0);
  expect(await store.list(`orgs/${orgId}/`)).toEqual([]);
  return (error as ModelImportError).problems;
}

describe('importing a Hugging Face model folder', () => {
  it('registers a private model with its facts and per-file SHA-256 under a content-addressed prefix', async () => {
    const orgId = await tenant();
    const dir = await tinyFolder();
    const { model, created } = await importModelFolder(deps, { dir, name: 'acme/tiny', organizationId: orgId, displayName: 'Tiny', license: 'mit' });
    expect(created).toBe(true);
    expect(model).toMatchObject({ name: 'acme/tiny', organizationId: orgId, architecture: 'LlamaForCausalLM', contextLength: 256, displayName: 'Tiny', license: 'mit' });
    // Tied embeddings: embed_tokens counted once; 2 layers of attention (q,o 64x64; k,v 32x64), MLP 3x64x128, norms.
    const vocab = (JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8')) as { vocab_size: number }).vocab_size;
    expect(Number(model.parameterCount)).toBe(vocab * 64 + 2 * (64 * 64 * 2 + 32 * 64 * 2 + 3 * 64 * 128 + 2 * 64) + 64);
    expect(model.storagePrefix).toBe(`orgs/${orgId}/models/sha256-${model.contentDigest}/`);
    const files = modelFileEntries(model.files);
    expect(files.map((f) => f.name)).toEqual(['config.json', 'generation_config.json', 'model.safetensors', 'tokenizer.json', 'tokenizer_config.json']);
    for (const file of files) expect(file).toEqual({ name: file.name, ...(await hashFile(path.join(dir, file.name))) });
    const stored = await store.list(model.storagePrefix);
    expect(stored.map((o) => [o.key.slice(model.storagePrefix.length), o.bytes])).toEqual(files.map((f) => [f.name, f.bytes]));
  });

  it('is a no-op for the same content under the same name, and refuses other content under a taken name', async () => {
    const orgId = await tenant();
    const first = await importModelFolder(deps, { dir: await tinyFolder(), name: 'acme/tiny', organizationId: orgId });
    const again = await importModelFolder(deps, { dir: await tinyFolder(), name: 'acme/tiny', organizationId: orgId });
    expect(again).toMatchObject({ created: false, model: { id: first.model.id } });
    const other = await importModelFolder(deps, { dir: await tinyFolder({ seed: 2 }), name: 'acme/tiny', organizationId: orgId }).catch((e: unknown) => e);
    expect(other).toMatchObject({ status: 409, code: 'model_exists' });
    expect((await store.list(`orgs/${orgId}/`)).every((o) => o.key.startsWith(first.model.storagePrefix))).toBe(true);
  });

  it('imports a sharded folder (model.safetensors.index.json and its shards)', async () => {
    const orgId = await tenant();
    const dir = await tinyFolder({ shardBytes: 150_000 });
    const shards = readdirSync(dir).filter((f) => f.endsWith('.safetensors'));
    expect(shards.length).toBeGreaterThan(1);
    const { model } = await importModelFolder(deps, { dir, name: 'acme/sharded', organizationId: orgId });
    expect(modelFileEntries(model.files).map((f) => f.name)).toEqual(expect.arrayContaining([...shards, 'model.safetensors.index.json']));
  });

  it('refuses a sharded folder with a missing shard, naming the shard', async () => {
    const dir = await tinyFolder({ shardBytes: 150_000 });
    const shard = readdirSync(dir).find((f) => f.endsWith('.safetensors'))!;
    removeFile(dir, shard);
    expect(await refused(dir)).toEqual([{ file: shard, field: null, reason: expect.stringMatching(/^missing shard/) }]);
  });

  it('refuses a tensor of the wrong shape, naming the tensor and both shapes', async () => {
    const dir = await tinyFolder();
    await reshapeTensor(dir, 'model.layers.1.mlp.up_proj.weight', [64, 128]);
    expect(await refused(dir)).toEqual([
      { file: 'model.safetensors', field: 'model.layers.1.mlp.up_proj.weight', reason: 'shape [64,128] does not match config.json (expected [128,64])' },
    ]);
  });

  it('refuses an unknown rope_scaling type, naming the field', async () => {
    const dir = await tinyFolder();
    editJson(dir, 'config.json', (c) => (c.rope_scaling = { rope_type: 'no-such-scaling', factor: 4 }));
    const problems = await refused(dir);
    expect(problems).toEqual([{ file: 'config.json', field: expect.stringMatching(/^rope_scaling/), reason: expect.any(String) }]);
  });

  it('refuses a folder without a tokenizer', async () => {
    const dir = await tinyFolder();
    removeFile(dir, 'tokenizer.json');
    expect(await refused(dir)).toEqual([{ file: 'tokenizer.json', field: null, reason: expect.stringMatching(/^missing/) }]);
  });

  it('refuses a chat template that renders no assistant span', async () => {
    const dir = await tinyFolder();
    editJson(dir, 'tokenizer_config.json', (c) => (c.chat_template = "{% for m in messages %}{% if m.role == 'user' %}{{ m.content }}\n{% endif %}{% endfor %}"));
    expect(await refused(dir)).toEqual([
      { file: 'tokenizer_config.json', field: 'chat_template', reason: expect.stringContaining('renders no usable assistant span') },
    ]);
  });

  it('lists every problem of a folder in one report', async () => {
    const dir = await tinyFolder({ shardBytes: 150_000 });
    const shard = readdirSync(dir).find((f) => f.endsWith('.safetensors'))!;
    removeFile(dir, shard);
    removeFile(dir, 'tokenizer_config.json');
    editJson(dir, 'config.json', (c) => (c.hidden_act = 'gelu'));
    const problems = await refused(dir);
    expect(problems.map((p) => [p.file, p.field])).toEqual(
      expect.arrayContaining([
        ['config.json', 'hidden_act'],
        [shard, null],
        ['tokenizer_config.json', null],
      ]),
    );
  });
});
