import type { PoolClient } from 'pg';
import { registerDemoModel } from '@whetstone/services';
import { createTenant, startApi } from './support/harness';
import { chatJsonl } from './support/multipart';
import { processedFile } from './support/fixtures';

const MODEL = 'whetstone/tiny-llama';
const SHARDS = 64;
let api: Awaited<ReturnType<typeof startApi>>;
beforeAll(async () => {
  api = await startApi({ QUEUE_PREFIX: `whetstone-queue-shards-test-${process.pid}` });
  await registerDemoModel(api.deps);
});
afterAll(async () => {
  await api.close();
});

/** A tenant that may start nothing (its jobs stay waiting in Postgres) with one job created through the API. */
async function tenantWithWaitingJob(name: string): Promise<{ orgId: string; jobId: string }> {
  const tenant = await createTenant(api.app, name, { max_concurrent_jobs: 0, max_queued_jobs: null });
  const file = await processedFile(api.app, api.deps, tenant, chatJsonl(20));
  const res = await api.app.inject({ method: 'POST', url: '/v1/fine_tuning/jobs', headers: tenant.headers, payload: { model: MODEL, training_file: file } });
  expect(res.statusCode).toBe(200);
  return { orgId: tenant.orgId, jobId: res.json().id as string };
}

/** A copy of a job under a new id, inserted by `client` (the insert trigger counts it in that session's shard). */
const insertCopy = (client: PoolClient, jobId: string, copyId: string) =>
  client.query(`INSERT INTO fine_tuning_jobs SELECT (jsonb_populate_record(f, jsonb_build_object('id', $2::text))).* FROM fine_tuning_jobs f WHERE f.id = $1`, [
    jobId,
    copyId,
  ]);

/** Two pool connections whose sessions write different shard rows. */
async function clientsOnTwoShards(): Promise<[PoolClient, PoolClient, PoolClient[]]> {
  const held: PoolClient[] = [];
  const shardOf = async (client: PoolClient) => Number((await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid) % SHARDS;
  const first = await api.deps.db.pool.connect();
  held.push(first);
  const firstShard = await shardOf(first);
  for (;;) {
    const other = await api.deps.db.pool.connect();
    held.push(other);
    if ((await shardOf(other)) !== firstShard) return [first, other, held];
  }
}

async function countsOf(orgId: string): Promise<{ waiting: number; rows: number }> {
  const [row] = await api.deps.db.$queryRaw<{ waiting: number; rows: number }[]>`
    SELECT coalesce(sum(waiting), 0)::int AS waiting, count(*)::int AS rows FROM job_queue_counts WHERE "organizationId" = ${orgId}`;
  return row!;
}

describe('queue counts kept in one shard row per database session', () => {
  it("a session's queued job does not wait for another session's uncommitted queued job of the same tenant and class, and the summed counts stay exact", async () => {
    const { orgId, jobId } = await tenantWithWaitingJob('shards-concurrent');
    const [a, b, held] = await clientsOnTwoShards();
    try {
      await a.query('BEGIN');
      await insertCopy(a, jobId, `${jobId}-a`);
      // With one counts row per tenant and class, this insert's trigger waited for a's commit.
      await b.query("SET lock_timeout = '2s'");
      await insertCopy(b, jobId, `${jobId}-b`);
      await a.query('COMMIT');
    } finally {
      await a.query('ROLLBACK').catch(() => undefined);
      await b.query('RESET lock_timeout');
      for (const client of held) client.release();
    }
    const waiting = await api.deps.db.fineTuningJob.count({ where: { organizationId: orgId, status: 'queued', dispatchedAt: null } });
    expect(waiting).toBe(3);
    const counts = await countsOf(orgId);
    expect(counts.waiting).toBe(3);
    expect(counts.rows).toBeGreaterThanOrEqual(2);
  }, 60_000);

  it('a job leaving the queue in another session is taken out of that session’s shard (which may go negative), and the sum is right', async () => {
    const { orgId, jobId } = await tenantWithWaitingJob('shards-cancel');
    const [a, b, held] = await clientsOnTwoShards();
    const shard = async (client: PoolClient) => Number((await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid) % SHARDS;
    const waitingByShard = async () =>
      new Map(
        (await api.deps.db.$queryRaw<{ shard: number; waiting: number }[]>`
          SELECT shard, waiting FROM job_queue_counts WHERE "organizationId" = ${orgId}`).map((r) => [r.shard, r.waiting]),
      );
    try {
      const [shardA, shardB] = [await shard(a), await shard(b)];
      await insertCopy(a, jobId, `${jobId}-a`);
      const before = await waitingByShard();
      await b.query(`UPDATE fine_tuning_jobs SET status = 'cancelled' WHERE id = $1`, [`${jobId}-a`]);
      const after = await waitingByShard();
      // The API's create may have used b's connection (its shard then holds that job): relative to before.
      expect(after.get(shardB)).toBe((before.get(shardB) ?? 0) - 1);
      expect(after.get(shardA)).toBe(before.get(shardA));
    } finally {
      for (const client of held) client.release();
    }
    expect((await countsOf(orgId)).waiting).toBe(1);
  }, 60_000);

  it('deleting an organization with queued jobs deletes its counts (the jobs’ delete trigger writes no row for it)', async () => {
    const { orgId } = await tenantWithWaitingJob('shards-delete');
    expect((await countsOf(orgId)).waiting).toBe(1);
    await api.deps.db.organization.delete({ where: { id: orgId } });
    expect(await countsOf(orgId)).toEqual({ waiting: 0, rows: 0 });
  }, 60_000);
});
