import { dispatchPending, registerDemoModel } from '@whetstone/services';
import type { FineTuningJob } from '@whetstone/db';
import { createTenant, startApi } from './support/harness';
import { chatJsonl } from './support/multipart';
import { processedFile, queuedCopyOf } from './support/fixtures';

const MODEL = 'whetstone/tiny-llama';
// A worker class of this file only: dispatch works per class, and nothing else consumes it.
const CLASS = `order-${process.pid}`;
let api: Awaited<ReturnType<typeof startApi>>;
beforeAll(async () => {
  api = await startApi({ QUEUE_PREFIX: `whetstone-queue-order-test-${process.pid}` });
  await registerDemoModel(api.deps);
});
afterAll(async () => {
  await api.deps.producers.queue(`training-${CLASS}`).obliterate({ force: true });
  await api.close();
});

type Tenant = Awaited<ReturnType<typeof createTenant>>;

/** A tenant whose jobs are created through the API, moved to this file's class, and copies with the given priorities. */
async function tenantWithJobs(name: string, priorities: number[]): Promise<{ tenant: Tenant; ids: string[] }> {
  const tenant = await createTenant(api.app, name, { max_concurrent_jobs: 0, max_queued_jobs: null });
  const file = await processedFile(api.app, api.deps, tenant, chatJsonl(20));
  const res = await api.app.inject({ method: 'POST', url: '/v1/fine_tuning/jobs', headers: tenant.headers, payload: { model: MODEL, training_file: file } });
  expect(res.statusCode).toBe(200);
  const first: FineTuningJob = await api.deps.db.fineTuningJob.update({ where: { id: res.json().id }, data: { workerClass: CLASS } });
  const start = Date.now() - 3_600_000;
  const copies = priorities.map((priority, i) =>
    queuedCopyOf(first, `c${i}`, { seed: i, priority, workerClass: CLASS, createdAt: new Date(start + i), queuedAt: new Date(start + i) }),
  );
  await api.deps.db.fineTuningJob.createMany({ data: copies });
  return { tenant, ids: [first.id, ...copies.map((c) => c.id as string)] };
}

/** Every queued job's answer on retrieve, per job id. */
async function positions(tenant: Tenant, ids: string[]): Promise<Map<string, { position: number; estimated_start: number }>> {
  const out = new Map<string, { position: number; estimated_start: number }>();
  for (const id of ids) {
    const job = (await api.app.inject({ method: 'GET', url: `/v1/fine_tuning/jobs/${id}`, headers: tenant.headers })).json();
    if (job.status === 'queued') out.set(id, job.queue);
  }
  return out;
}

/** job_queue_counts (the sum of each organization's shard rows) must equal the counts taken from the jobs themselves. */
async function expectCountsExact(orgIds: string[]): Promise<void> {
  const recount = await api.deps.db.$queryRaw<{ organizationId: string; waiting: number; dispatched: number; ws: number; ds: number }[]>`
    SELECT "organizationId", count(*) FILTER (WHERE "dispatchedAt" IS NULL)::int AS waiting, count(*) FILTER (WHERE "dispatchedAt" IS NOT NULL)::int AS dispatched,
           coalesce(sum(job_queue_seconds(spec, progress)) FILTER (WHERE "dispatchedAt" IS NULL), 0)::int AS ws,
           coalesce(sum(job_queue_seconds(spec, progress)) FILTER (WHERE "dispatchedAt" IS NOT NULL), 0)::int AS ds
    FROM fine_tuning_jobs WHERE status = 'queued' AND "workerClass" = ${CLASS} AND "organizationId" = ANY(${orgIds}) GROUP BY 1`;
  const kept = await api.deps.db.$queryRaw<{ organizationId: string; waiting: number; dispatched: number; ws: number; ds: number }[]>`
    SELECT "organizationId", sum(waiting)::int AS waiting, sum(dispatched)::int AS dispatched, sum("waitingSeconds")::int AS ws, sum("dispatchedSeconds")::int AS ds
    FROM job_queue_counts WHERE "workerClass" = ${CLASS} AND "organizationId" = ANY(${orgIds})
    GROUP BY 1 HAVING sum(waiting) <> 0 OR sum(dispatched) <> 0`;
  const byOrg = (rows: typeof kept) => Object.fromEntries(rows.map(({ organizationId, ...rest }) => [organizationId, rest]));
  expect(byOrg(kept)).toEqual(byOrg(recount));
}

describe('queue positions follow fair dispatch', () => {
  it('in a two-tenant queue with priorities, each job a worker takes next was position 1 of its tenant, through a cancel and a pause/resume', async () => {
    const a = await tenantWithJobs('order-a', [0, 5, 0, 2, 0, 0]);
    const b = await tenantWithJobs('order-b', [0, 1, 0, 0]);
    await api.deps.db.organization.update({ where: { id: a.tenant.orgId }, data: { maxConcurrentJobs: 2 } });
    await api.deps.db.organization.update({ where: { id: b.tenant.orgId }, data: { maxConcurrentJobs: 1 } });
    const orgIds = [a.tenant.orgId, b.tenant.orgId];
    const queue = api.deps.producers.queue(`training-${CLASS}`);
    const started: { a: string[]; b: string[] } = { a: [], b: [] };
    let firstOrderA: string[] | null = null;
    const cancelled = a.ids[4]!;

    for (let step = 0; step < 20; step++) {
      await dispatchPending(api.deps, CLASS);
      await expectCountsExact(orgIds);
      const now = { a: await positions(a.tenant, a.ids), b: await positions(b.tenant, b.ids) };
      for (const side of [now.a, now.b]) {
        // Positions are 1..n within the tenant, and later starts never estimate an earlier time.
        const ordered = [...side.entries()].sort((x, y) => x[1].position - y[1].position);
        expect(ordered.map(([, q]) => q.position)).toEqual(ordered.map((_, i) => i + 1));
        for (let i = 1; i < ordered.length; i++) expect(ordered[i]![1].estimated_start).toBeGreaterThanOrEqual(ordered[i - 1]![1].estimated_start);
      }
      firstOrderA ??= [...now.a.entries()].sort((x, y) => x[1].position - y[1].position).map(([id]) => id);

      if (step === 1) {
        // A waiting job of A leaves: those behind it move up (checked on the next round).
        expect((await api.app.inject({ method: 'POST', url: `/v1/fine_tuning/jobs/${cancelled}/cancel`, headers: a.tenant.headers })).statusCode).toBe(200);
        continue;
      }
      if (step === 2) {
        // B's dispatched job is paused and resumed: it goes back to waiting, behind nothing dispatched (B runs one at a time).
        const dispatchedB = [...now.b.entries()].find(([, q]) => q.position === 1)![0];
        expect((await api.app.inject({ method: 'POST', url: `/v1/fine_tuning/jobs/${dispatchedB}/pause`, headers: b.tenant.headers })).statusCode).toBe(200);
        expect((await api.app.inject({ method: 'POST', url: `/v1/fine_tuning/jobs/${dispatchedB}/resume`, headers: b.tenant.headers })).statusCode).toBe(200);
        continue;
      }

      // What a worker takes next is BullMQ's first prioritized job: it must be first in its tenant's queue.
      const [next] = await queue.getPrioritized(0, 0);
      if (!next) break;
      const jobId = next.data.jobId as string;
      const side = a.ids.includes(jobId) ? ('a' as const) : ('b' as const);
      expect(now[side].get(jobId)?.position).toBe(1);
      started[side].push(jobId);
      await next.remove();
      // It runs and ends, which frees its tenant's slot for the next dispatch.
      await api.deps.db.fineTuningJob.update({ where: { id: jobId }, data: { status: 'running', startedAt: new Date() } });
      await api.deps.db.fineTuningJob.update({ where: { id: jobId }, data: { status: 'succeeded', finishedAt: new Date() } });
    }

    expect(started.a).toEqual(firstOrderA!.filter((id) => id !== cancelled));
    expect(started.b.sort()).toEqual([...b.ids].sort());
    await expectCountsExact(orgIds);
  }, 120_000);

  it('numbers a deep queue (more jobs than are counted one by one) in dispatch order: dispatched by their pass order, then waiting by priority and age', async () => {
    const priorities = Array.from({ length: 40 }, (_, i) => [0, 3, 1, 0, 2][i % 5]!);
    const deep = await tenantWithJobs('order-deep', priorities);
    await api.deps.db.organization.update({ where: { id: deep.tenant.orgId }, data: { maxConcurrentJobs: 10 } });
    await dispatchPending(api.deps, CLASS);
    await expectCountsExact([deep.tenant.orgId]);
    // The expected order, from the rows: a pass takes priority then age; all ten went in one pass.
    const rows = await api.deps.db.fineTuningJob.findMany({ where: { id: { in: deep.ids } }, select: { id: true, priority: true, createdAt: true, dispatchedAt: true } });
    const byPriorityAndAge = (x: (typeof rows)[number], y: (typeof rows)[number]) => y.priority - x.priority || x.createdAt.getTime() - y.createdAt.getTime() || (x.id < y.id ? -1 : 1);
    const dispatched = rows.filter((r) => r.dispatchedAt !== null).sort(byPriorityAndAge);
    const waiting = rows.filter((r) => r.dispatchedAt === null).sort(byPriorityAndAge);
    expect(dispatched).toHaveLength(10);
    const expected = [...dispatched, ...waiting].map((r) => r.id);
    const got = await positions(deep.tenant, deep.ids);
    expect([...got.entries()].sort((x, y) => x[1].position - y[1].position).map(([id]) => id)).toEqual(expected);
    expect([...got.values()].map((q) => q.position).sort((x, y) => x - y)).toEqual(expected.map((_, i) => i + 1));
  }, 60_000);
});
