import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createDb, type Prisma } from '@whetstone/db';
import { ObjectStore, storageOptionsFromEnv } from '@whetstone/storage';
import { loadSharedEnv } from './shared-env';
import { backfillTrainingShapes, createOrganization, importModelFolder } from '../../src';
import { removeFolders, tinyFolder } from './model-folders';

const env = loadSharedEnv();
const db = createDb({ databaseUrl: env.DATABASE_URL });
const store = new ObjectStore(storageOptionsFromEnv(env));
const orgIds: string[] = [];

afterAll(async () => {
  removeFolders();
  await db.organization.deleteMany({ where: { id: { in: orgIds } } });
  store.close();
  await db.$disconnect();
});

/** A private model as an import before shapes were recorded left it: resources without training_shape. */
async function legacyModel(name: string) {
  const org = await createOrganization(db, { name: 'shape-backfill' });
  orgIds.push(org.id);
  const dir = await tinyFolder();
  const { model } = await importModelFolder({ db, store }, { dir, name, organizationId: org.id, workerClass: 'gpu-small' });
  const { training_shape: _dropped, ...legacy } = model.resources as Record<string, unknown>;
  await db.baseModel.update({ where: { id: model.id }, data: { resources: legacy as Prisma.InputJsonObject } });
  return { model, config: JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8')) as Record<string, unknown> };
}

describe('backfilling training shapes of catalogue entries imported before they were recorded', () => {
  it("records each entry's shape from its stored config.json, keeps its worker class, and names entries it cannot read", async () => {
    const readable = await legacyModel('acme/legacy');
    const lost = await legacyModel('acme/lost-config');
    await store.delete(`${lost.model.storagePrefix}config.json`);

    const result = await backfillTrainingShapes({ db, store });

    expect(result.filled).toBeGreaterThanOrEqual(1);
    expect(result.unreadable).toContainEqual({ name: 'acme/lost-config', reason: 'config.json is not in object storage' });
    const after = (await db.baseModel.findUniqueOrThrow({ where: { id: readable.model.id } })).resources as Record<string, unknown>;
    const c = readable.config;
    expect(after).toMatchObject({
      worker_class: 'gpu-small',
      training_shape: {
        model_type: c.model_type,
        vocab_size: c.vocab_size,
        hidden_size: c.hidden_size,
        intermediate_size: c.intermediate_size,
        num_hidden_layers: c.num_hidden_layers,
        num_attention_heads: c.num_attention_heads,
        num_key_value_heads: c.num_key_value_heads,
        tie_word_embeddings: c.tie_word_embeddings,
      },
    });
    expect((await db.baseModel.findUniqueOrThrow({ where: { id: lost.model.id } })).resources).not.toHaveProperty('training_shape');

    // Idempotent: an entry with a shape is not read again.
    const again = await backfillTrainingShapes({ db, store });
    expect(again.unreadable.map((u) => u.name)).toContain('acme/lost-config');
    expect(again.unreadable.map((u) => u.name)).not.toContain('acme/legacy');
  });
});
