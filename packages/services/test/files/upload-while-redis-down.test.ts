import { Readable } from 'node:stream';
import { createDb } from '@whetstone/db';
import { createRedis, Producers } from '@whetstone/queue';
import { ObjectStore } from '@whetstone/storage';
import { createOrganization, uploadFile } from '../../src';

const db = createDb({ databaseUrl: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:55432/whetstone_test' });
const store = new ObjectStore({
  endpoint: process.env.S3_ENDPOINT ?? 'http://127.0.0.1:54569',
  region: 'us-east-1',
  bucket: process.env.S3_BUCKET ?? 'whetstone',
  accessKeyId: 'S3RVER',
  secretAccessKey: 'S3RVER',
  forcePathStyle: true,
});
const orgIds: string[] = [];

afterAll(async () => {
  await db.organization.deleteMany({ where: { id: { in: orgIds } } });
  store.close();
  await db.$disconnect();
});

describe('an upload when Redis refuses the validation enqueue', () => {
  it('still succeeds: the file is stored and recorded, waiting for the file sweep to queue it', async () => {
    const org = await createOrganization(db, { name: 'upload-redis-down' });
    orgIds.push(org.id);
    // A producer connection that is closed: every enqueue fails at once, as with Redis down.
    const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:56379', 'producer');
    redis.on('error', () => undefined);
    redis.disconnect();
    const warnings: object[] = [];
    const producers = new Producers(redis, `whetstone-upload-redis-down-${process.pid}`);
    const file = await uploadFile(
      { db, store, producers, logger: { warn: (details: object) => warnings.push(details) } },
      { orgId: org.id, filename: 'train.jsonl', purpose: 'fine-tune', content: Readable.from([Buffer.from('{"prompt":"a","completion":"b"}\n')]), maxBytes: 1 << 20 },
    );
    expect(file.status).toBe('uploaded');
    expect((await db.file.findUniqueOrThrow({ where: { id: file.id } })).bytes).toBe(32n);
    expect(await store.getBytes(file.storageKey)).not.toBeNull();
    expect(warnings).toEqual([expect.objectContaining({ fileId: file.id })]);
    await producers.close().catch(() => undefined);
  });
});
