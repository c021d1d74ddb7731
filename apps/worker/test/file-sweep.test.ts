import { UnrecoverableError, Worker } from 'bullmq';
import { newId } from '@whetstone/common';
import { createDb } from '@whetstone/db';
import { createRedis, Producers, QUEUES } from '@whetstone/queue';
import { objectKeys } from '@whetstone/storage';
import { createOrganization, sweepUnvalidatedFiles } from '@whetstone/services';

const db = createDb({ databaseUrl: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:55432/whetstone_test' });
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:56379';
const redis = createRedis(redisUrl, 'producer');
const prefix = `whetstone-services-file-sweep-${process.pid}`;
const producers = new Producers(redis, prefix);
const orgIds: string[] = [];

afterAll(async () => {
  await db.organization.deleteMany({ where: { id: { in: orgIds } } });
  await producers.queue(QUEUES.datasets).obliterate({ force: true });
  await producers.close();
  redis.disconnect();
  await db.$disconnect();
});

async function fileRow(orgId: string, status: 'uploaded' | 'validating' | 'processed', ageMs: number) {
  const id = newId('file');
  const at = new Date(Date.now() - ageMs);
  await db.file.create({
    data: { id, organizationId: orgId, filename: 'train.jsonl', purpose: 'fine-tune', bytes: 10, storageKey: objectKeys.file(orgId, id), status, createdAt: at, updatedAt: at },
  });
  await db.$executeRaw`UPDATE files SET "updatedAt" = ${at} WHERE id = ${id}`;
  return id;
}

/** A validator whose every try fails for good, run until the queue is empty. */
async function failEveryQueuedValidation() {
  const connection = createRedis(redisUrl, 'worker');
  const worker = new Worker(QUEUES.datasets, async () => { throw new UnrecoverableError('postgres was down'); }, { connection, prefix });
  const queue = producers.queue(QUEUES.datasets);
  while ((await queue.getJobCountByTypes('waiting', 'active', 'delayed', 'prioritized')) > 0) await new Promise((r) => setTimeout(r, 50));
  await worker.close();
  await connection.quit();
}

describe('the file sweep', () => {
  it('re-queues files left uploaded or validating with no live job, and leaves the rest alone', async () => {
    const org = await createOrganization(db, { name: 'file-sweep' });
    orgIds.push(org.id);
    // The upload committed but Redis refused the enqueue; a validation whose last retry failed
    // while Postgres was down (its job is finished, the file still validating).
    const neverQueued = await fileRow(org.id, 'uploaded', 60_000);
    const failedForGood = await fileRow(org.id, 'validating', 60_000);
    await producers.validateFile({ organizationId: org.id, fileId: failedForGood });
    await failEveryQueuedValidation();
    expect(await (await producers.queue(QUEUES.datasets).getJob(`validate.${failedForGood}`))!.getState()).toBe('failed');
    // Left alone: a file just uploaded (its job is on the way), a live job, a finished file.
    const fresh = await fileRow(org.id, 'uploaded', 0);
    const queued = await fileRow(org.id, 'uploaded', 60_000);
    await producers.validateFile({ organizationId: org.id, fileId: queued });
    await fileRow(org.id, 'processed', 60_000);

    await sweepUnvalidatedFiles({ db, producers }, { limit: 10_000 });
    const queue = producers.queue(QUEUES.datasets);
    for (const id of [neverQueued, failedForGood, queued]) expect(await (await queue.getJob(`validate.${id}`))?.getState()).toBe('waiting');
    expect(await queue.getJob(`validate.${fresh}`)).toBeUndefined();
    // A second pass finds the jobs live and queues nothing more.
    const again = await sweepUnvalidatedFiles({ db, producers }, { limit: 10_000 });
    expect(again.requeued).toBe(0);
  });
});
