import Fastify from 'fastify';
import { newId } from '@whetstone/common';
import { registerDemoModel } from '@whetstone/services';
import { registerErrorHandling } from '../src/plugins/errors';
import { createTenant, startApi } from './support/harness';
import { chatJsonl } from './support/multipart';
import { processedFile } from './support/fixtures';

const MODEL = 'whetstone/tiny-llama';
let api: Awaited<ReturnType<typeof startApi>>;
beforeAll(async () => {
  api = await startApi({ QUEUE_PREFIX: `whetstone-leaks-test-${process.pid}` });
  await registerDemoModel(api.deps);
});
afterAll(async () => {
  await api.close();
});

type Tenant = Awaited<ReturnType<typeof createTenant>>;
async function tenantWithData(quotas: Record<string, unknown> = {}) {
  const tenant = await createTenant(api.app, 'leaks', quotas);
  return { tenant, chat: await processedFile(api.app, api.deps, tenant, chatJsonl(60)) };
}
const createJob = async (tenant: Tenant, file: string) =>
  (await api.app.inject({ method: 'POST', url: '/v1/fine_tuning/jobs', headers: tenant.headers, payload: { model: MODEL, training_file: file } })).json();
const getJob = async (tenant: Tenant, id: string) => (await api.app.inject({ method: 'GET', url: `/v1/fine_tuning/jobs/${id}`, headers: tenant.headers })).json();

describe('what one tenant can learn about the platform and other tenants', () => {
  it("a queued job's position and start estimate count only its own organization's jobs", async () => {
    // Another tenant fills the class with dispatched and waiting work.
    const other = await tenantWithData({ max_concurrent_jobs: 3 });
    for (let i = 0; i < 5; i++) await createJob(other.tenant, other.chat);
    await api.deps.db.fineTuningJob.updateMany({
      where: { organizationId: other.tenant.orgId },
      data: { spec: { ...(await api.deps.db.fineTuningJob.findFirstOrThrow({ where: { organizationId: other.tenant.orgId } })).spec as object, estimates: { estimated_seconds: 36_000 } } },
    });

    const mine = await tenantWithData({ max_concurrent_jobs: 1 });
    const first = await createJob(mine.tenant, mine.chat);
    const second = await createJob(mine.tenant, mine.chat);
    const now = Math.floor(Date.now() / 1000);
    const a = await getJob(mine.tenant, first.id);
    const b = await getJob(mine.tenant, second.id);
    expect(a.queue.position).toBe(1);
    expect(b.queue.position).toBe(2);
    // The other tenant's ten hours of work ahead are not in the estimate either.
    expect(a.queue.estimated_start).toBeLessThan(now + 3_600);
  });

  it("attempts name workers by an opaque label, never the worker's host and pid, and end reasons are codes", async () => {
    const { tenant, chat } = await tenantWithData();
    const job = await createJob(tenant, chat);
    await api.deps.db.jobAttempt.create({
      data: { id: newId('attempt'), jobId: job.id, number: 1, workerId: 'gpu-node-7.internal.example:4242', fromStep: 0, endedAt: new Date(), endReason: 'error: connect ECONNREFUSED 10.1.2.3:5432' },
    });
    const attempt = (await getJob(tenant, job.id)).attempts[0];
    expect(attempt.worker_id).toMatch(/^worker-[0-9a-f]{12}$/);
    expect(JSON.stringify(attempt)).not.toMatch(/gpu-node|4242|10\.1\.2\.3|ECONNREFUSED/);
    expect(attempt.end_reason).toBe('error');
  });

  it('an internal training failure shows a stable code and a message with the job id to quote, not the raw error', async () => {
    const { tenant, chat } = await tenantWithData();
    const job = await createJob(tenant, chat);
    await api.deps.db.fineTuningJob.update({
      where: { id: job.id },
      data: { status: 'failed', error: { code: 'internal_error', param: null, message: 'Training failed after repeated errors: ENOSPC /var/lib/whetstone/cache on gpu-node-7' } },
    });
    const error = (await getJob(tenant, job.id)).error;
    expect(error.code).toBe('internal_error');
    expect(error.message).toContain(job.id);
    expect(error.message).not.toMatch(/ENOSPC|\/var\/lib|gpu-node/);
  });

  it('an unexpected API error answers 500 with the request id to quote and nothing of the error itself', async () => {
    const app = Fastify({ logger: false, genReqId: () => 'req-test-42' });
    registerErrorHandling(app);
    app.get('/boom', async () => {
      throw new Error('connection to postgresql://whetstone:hunter2@db.internal:5432 failed');
    });
    const res = await app.inject({ method: 'GET', url: '/boom' });
    expect(res.statusCode).toBe(500);
    const { error } = res.json();
    expect(error).toMatchObject({ type: 'server_error', code: 'internal_error' });
    expect(error.message).toContain('req-test-42');
    expect(error.message).not.toMatch(/hunter2|db\.internal|postgresql/);
    await app.close();
  });
});
