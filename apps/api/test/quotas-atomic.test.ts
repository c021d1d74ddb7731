import { registerDemoModel } from '@whetstone/services';
import { createTenant, startApi } from './support/harness';
import { chatJsonl } from './support/multipart';
import { processedFile } from './support/fixtures';

const MODEL = 'whetstone/tiny-llama';
let api: Awaited<ReturnType<typeof startApi>>;
beforeAll(async () => {
  api = await startApi({ QUEUE_PREFIX: `whetstone-quotas-test-${process.pid}` });
  await registerDemoModel(api.deps);
});
afterAll(async () => {
  await api.close();
});

type Tenant = Awaited<ReturnType<typeof createTenant>>;
const post = (tenant: Tenant, url: string, payload?: object) =>
  api.app.inject({ method: 'POST', url, headers: tenant.headers, ...(payload ? { payload } : {}) });

async function tenantWithData(quotas: Record<string, unknown>) {
  // Unlimited concurrency would let jobs leave `queued` for a worker; none runs here anyway.
  const tenant = await createTenant(api.app, 'quotas', { max_concurrent_jobs: 0, ...quotas });
  const chat = await processedFile(api.app, api.deps, tenant, chatJsonl(60));
  return { tenant, chat };
}

describe('quotas hold under races and state changes', () => {
  it('max_queued_jobs: of 8 concurrent creates exactly the quota succeed', async () => {
    const { tenant, chat } = await tenantWithData({ max_queued_jobs: 2 });
    const results = await Promise.all(Array.from({ length: 8 }, () => post(tenant, '/v1/fine_tuning/jobs', { model: MODEL, training_file: chat })));
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes).toEqual([200, 200, 429, 429, 429, 429, 429, 429]);
    expect(await api.deps.db.fineTuningJob.count({ where: { organizationId: tenant.orgId, status: 'queued' } })).toBe(2);
  });

  it('max_queued_jobs: pausing then resuming cannot exceed it', async () => {
    const { tenant, chat } = await tenantWithData({ max_queued_jobs: 1 });
    const first = (await post(tenant, '/v1/fine_tuning/jobs', { model: MODEL, training_file: chat })).json();
    expect((await post(tenant, `/v1/fine_tuning/jobs/${first.id}/pause`)).statusCode).toBe(200);
    expect((await post(tenant, '/v1/fine_tuning/jobs', { model: MODEL, training_file: chat })).statusCode).toBe(200);
    const resumed = await post(tenant, `/v1/fine_tuning/jobs/${first.id}/resume`);
    expect(resumed.statusCode).toBe(429);
    expect(resumed.json().error.code).toBe('quota_exceeded:max_queued_jobs');
    expect(await api.deps.db.fineTuningJob.count({ where: { organizationId: tenant.orgId, status: 'queued' } })).toBe(1);
  });

  it('monthly_trained_tokens: jobs not yet finished reserve their estimate, so concurrent creates cannot overspend', async () => {
    const probe = await tenantWithData({});
    const dry = await post(probe.tenant, '/v1/fine_tuning/jobs?dry_run=true', { model: MODEL, training_file: probe.chat });
    const estimate = dry.json().spec.estimates.total_trained_tokens as number;
    expect(estimate).toBeGreaterThan(0);
    const { tenant, chat } = await tenantWithData({ monthly_trained_tokens: Math.floor(estimate * 1.5) });
    const results = await Promise.all(Array.from({ length: 4 }, () => post(tenant, '/v1/fine_tuning/jobs', { model: MODEL, training_file: chat })));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 429, 429, 429]);
    expect(results.find((r) => r.statusCode === 429)!.json().error.code).toBe('quota_exceeded:monthly_trained_tokens');
  });
});
