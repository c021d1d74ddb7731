import { QuotaError } from '@whetstone/common';
import { createJob, registerDemoModel, trainQueueJobId } from '@whetstone/services';
import { createTenant, startApi } from './support/harness';
import { chatJsonl } from './support/multipart';
import { processedFile } from './support/fixtures';

const MODEL = 'whetstone/tiny-llama';
// A worker class of this file only (its tenant's own copy of the demo model): nothing consumes it.
const CLASS = `create-burst-${process.pid}`;
const UNLIMITED = { max_concurrent_jobs: null, max_queued_jobs: null, monthly_trained_tokens: null, storage_bytes: null };
let api: Awaited<ReturnType<typeof startApi>>;
beforeAll(async () => {
  api = await startApi({ QUEUE_PREFIX: `whetstone-create-burst-${process.pid}` });
  await registerDemoModel(api.deps);
});
afterAll(async () => {
  await api.deps.producers.queue(`training-${CLASS}`).obliterate({ force: true });
  await api.close();
});

describe('concurrent creates of one tenant', () => {
  it('each job is on its worker class queue when its POST returns, with its events and webhooks, though dispatch passes are shared', async () => {
    const tenant = await createTenant(api.app, 'create-burst', UNLIMITED);
    await registerDemoModel(api.deps, { organizationId: tenant.orgId, workerClass: CLASS });
    const file = await processedFile(api.app, api.deps, tenant, chatJsonl(20));
    const queue = api.deps.producers.queue(`training-${CLASS}`);
    const onQueueAtResponse = await Promise.all(
      Array.from({ length: 24 }, async () => {
        const res = await api.app.inject({ method: 'POST', url: '/v1/fine_tuning/jobs', headers: tenant.headers, payload: { model: MODEL, training_file: file } });
        expect(res.statusCode).toBe(200);
        const id = res.json().id as string;
        return { id, queued: (await queue.getJob(trainQueueJobId(id, 1))) !== undefined };
      }),
    );
    expect(onQueueAtResponse.filter((j) => !j.queued)).toEqual([]);
    const ids = onQueueAtResponse.map((j) => j.id);
    expect(await api.deps.db.fineTuningJob.count({ where: { id: { in: ids }, status: 'queued', dispatchCount: 1, dispatchedAt: { not: null } } })).toBe(24);
    // Created, Validated, Job queued per job; the created and queued webhooks in the outbox.
    expect(await api.deps.db.jobEvent.count({ where: { jobId: { in: ids } } })).toBe(24 * 3);
    const outbox = await api.deps.db.outboxEvent.findMany({ where: { organizationId: tenant.orgId } });
    expect(outbox.filter((e) => e.type === 'fine_tuning.job.created')).toHaveLength(24);
    expect(outbox.filter((e) => e.type === 'fine_tuning.job.queued')).toHaveLength(24);
  }, 60_000);

  it('a quota set after the request read its organization still holds, and the refused create writes nothing', async () => {
    const tenant = await createTenant(api.app, 'create-stale-quota', UNLIMITED);
    const file = await processedFile(api.app, api.deps, tenant, chatJsonl(20));
    const ctx = { db: api.deps.db, prices: {}, throughput: {} };
    const stale = await api.deps.db.organization.findUniqueOrThrow({ where: { id: tenant.orgId } });
    await createJob(ctx, stale, { model: MODEL, training_file: file });
    await api.deps.db.organization.update({ where: { id: tenant.orgId }, data: { maxQueuedJobs: 1 } });
    const refused = await createJob(ctx, stale, { model: MODEL, training_file: file }).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(QuotaError);
    expect((refused as QuotaError).code).toBe('quota_exceeded:max_queued_jobs');
    expect(await api.deps.db.fineTuningJob.count({ where: { organizationId: tenant.orgId } })).toBe(1);
    expect(await api.deps.db.jobEvent.count({ where: { organizationId: tenant.orgId } })).toBe(3);
    expect(await api.deps.db.outboxEvent.count({ where: { organizationId: tenant.orgId, type: { startsWith: 'fine_tuning.job.' } } })).toBe(2);
  }, 60_000);
});
