import { dispatchPending, registerDemoModel, trainQueueJobId } from '@whetstone/services';
import type { FineTuningJob, Prisma } from '@whetstone/db';
import { createTenant, startApi } from './support/harness';
import { chatJsonl } from './support/multipart';
import { processedFile, queuedCopyOf } from './support/fixtures';

const MODEL = 'whetstone/tiny-llama';
// A worker class of this file only: dispatch works per class, and nothing consumes it.
const CLASS = `fair-${process.pid}`;
let api: Awaited<ReturnType<typeof startApi>>;
beforeAll(async () => {
  api = await startApi({ QUEUE_PREFIX: `whetstone-fair-test-${process.pid}` });
  await registerDemoModel(api.deps);
});
afterAll(async () => {
  await api.deps.producers.queue(`training-${CLASS}`).obliterate({ force: true });
  await api.close();
});

async function queuedJob(quotas: Record<string, unknown>) {
  const tenant = await createTenant(api.app, 'fair', { max_concurrent_jobs: 0, max_queued_jobs: null, ...quotas });
  const file = await processedFile(api.app, api.deps, tenant, chatJsonl(20));
  const res = await api.app.inject({ method: 'POST', url: '/v1/fine_tuning/jobs', headers: tenant.headers, payload: { model: MODEL, training_file: file } });
  expect(res.statusCode).toBe(200);
  const job = await api.deps.db.fineTuningJob.update({ where: { id: res.json().id }, data: { workerClass: CLASS } });
  return { tenant, job };
}

describe('dispatch is fair across organizations at any queue depth', () => {
  it("a tenant with 5,000 older queued jobs it cannot start does not starve another tenant's job", async () => {
    const busy = await queuedJob({});
    const copies: Prisma.FineTuningJobCreateManyInput[] = Array.from({ length: 5000 }, (_, i) => ({
      id: `ftjob-fair${process.pid}x${i}`,
      organizationId: busy.job.organizationId,
      baseModelId: busy.job.baseModelId,
      model: busy.job.model,
      trainingFileId: busy.job.trainingFileId,
      method: busy.job.method,
      trainingType: busy.job.trainingType,
      requested: busy.job.requested as Prisma.InputJsonValue,
      spec: busy.job.spec as Prisma.InputJsonValue,
      status: 'queued',
      seed: i,
      priority: 0,
      workerClass: CLASS,
      createdAt: new Date(Date.now() - 3_600_000 + i),
      queuedAt: new Date(Date.now() - 3_600_000 + i),
    }));
    await api.deps.db.fineTuningJob.createMany({ data: copies });

    const calm = await queuedJob({});
    await api.deps.db.organization.update({ where: { id: calm.tenant.orgId }, data: { maxConcurrentJobs: 1 } });
    await dispatchPending(api.deps, CLASS);
    const row = await api.deps.db.fineTuningJob.findUniqueOrThrow({ where: { id: calm.job.id } });
    expect(row.dispatchedAt).not.toBeNull();
    expect(await api.deps.db.fineTuningJob.count({ where: { organizationId: busy.tenant.orgId, dispatchedAt: { not: null } } })).toBe(0);
  }, 60_000);

  it("takes each tenant's jobs in priority then age order up to max_concurrent_jobs; a job's BullMQ priority is its slot in its tenant's in-flight set", async () => {
    const a = await queuedJob({});
    const b = await queuedJob({});
    const copy = (job: FineTuningJob, suffix: string, data: Partial<Prisma.FineTuningJobCreateManyInput>) => queuedCopyOf(job, suffix, { workerClass: CLASS, ...data });
    const hourAgo = Date.now() - 3_600_000;
    await api.deps.db.fineTuningJob.createMany({
      data: [
        copy(a.job, 'run', { status: 'running', createdAt: new Date(hourAgo) }),
        copy(a.job, 'old', { createdAt: new Date(hourAgo + 1) }),
        copy(a.job, 'urgent', { priority: 5 }),
        copy(b.job, 'second', {}),
      ],
    });
    // A: one running of at most 3, so two more; B: unlimited, nothing in flight.
    await api.deps.db.organization.update({ where: { id: a.tenant.orgId }, data: { maxConcurrentJobs: 3 } });
    await api.deps.db.organization.update({ where: { id: b.tenant.orgId }, data: { maxConcurrentJobs: null } });
    await dispatchPending(api.deps, CLASS);
    const queue = api.deps.producers.queue(`training-${CLASS}`);
    const priority = async (id: string) => (await queue.getJob(trainQueueJobId(id, 1)))?.opts.priority;
    expect(await priority(`${a.job.id}urgent`)).toBe(2);
    expect(await priority(`${a.job.id}old`)).toBe(3);
    expect(await priority(a.job.id)).toBeUndefined();
    expect((await api.deps.db.fineTuningJob.findUniqueOrThrow({ where: { id: a.job.id } })).dispatchedAt).toBeNull();
    expect(await priority(b.job.id)).toBe(1);
    expect(await priority(`${b.job.id}second`)).toBe(2);
  }, 60_000);
});
