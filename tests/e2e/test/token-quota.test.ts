import { admin, createTenant, startApi } from '../../../apps/api/test/support/harness';
import { chatJsonl } from '../../../apps/api/test/support/multipart';
import { processedFile } from '../../../apps/api/test/support/fixtures';
import { registerDemoModel } from '@whetstone/services';
import { FAST_SFT, waitForJob } from './support/jobs';
import { startWorkerProcess, type WorkerProcess } from './support/worker-process';

const MODEL = 'whetstone/tiny-llama';
const prefix = `whetstone-e2e-quota-${process.pid}`;
let api: Awaited<ReturnType<typeof startApi>>;
let worker: WorkerProcess;

beforeAll(async () => {
  api = await startApi({ QUEUE_PREFIX: prefix });
  await registerDemoModel(api.deps);
  // The quota is re-read every step, so the test knows exactly when a lowered quota applies.
  worker = await startWorkerProcess({ QUEUE_PREFIX: prefix, WORKER_QUEUES: 'training', TRAINER_THREADS: '1', WORKER_TOKEN_QUOTA_CHECK_MS: '0' });
});
afterAll(async () => {
  await worker?.stop();
  await api?.close();
});

type Tenant = Awaited<ReturnType<typeof createTenant>>;
// Many short steps, so a job is still running when the test acts on it.
const LONG_RUN = { ...FAST_SFT, n_epochs: 20, batch_size: 1 };

async function startLongJob(tenant: Tenant): Promise<string> {
  const file = await processedFile(api.app, api.deps, tenant, chatJsonl(20));
  const res = await api.app.inject({
    method: 'POST',
    url: '/v1/fine_tuning/jobs',
    headers: tenant.headers,
    payload: { model: MODEL, training_file: file, method: { type: 'supervised', supervised: { hyperparameters: LONG_RUN } } },
  });
  if (res.statusCode !== 200) throw new Error(res.body);
  const id = res.json().id as string;
  await waitForJob(api.app, tenant.headers, id, 'training', (j) => j.status === 'running' && (j.progress?.step ?? 0) >= 3);
  return id;
}

const usage = async (tenant: Tenant) => (await api.app.inject({ method: 'GET', url: '/v1/organization/usage', headers: tenant.headers })).json();

describe('monthly trained tokens are charged for what was trained, whatever the outcome', () => {
  it('charges a cancelled job the tokens it trained before the cancel took effect', async () => {
    const tenant = await createTenant(api.app);
    const id = await startLongJob(tenant);
    await api.app.inject({ method: 'POST', url: `/v1/fine_tuning/jobs/${id}/cancel`, headers: tenant.headers });
    const job = await waitForJob(api.app, tenant.headers, id, 'cancelled', (j) => j.status === 'cancelled');
    expect(job.trained_tokens).toBeGreaterThan(0);
    expect((await usage(tenant)).trained_tokens).toBe(job.trained_tokens);
  });

  it('stops a running job at the quota with a terminal state and a code, charging no more than the quota', async () => {
    const tenant = await createTenant(api.app);
    const id = await startLongJob(tenant);
    const trainedSoFar = (await api.deps.db.fineTuningJob.findUniqueOrThrow({ where: { id } })).progress as { trained_tokens: number };
    // The operator lowers the quota below what the job still needs (about 16k tokens in all); the
    // margin covers what it trains before its last progress report is read here (about a second).
    const limit = trainedSoFar.trained_tokens + 3000;
    const set = await api.app.inject({ method: 'POST', url: `/admin/v1/organizations/${tenant.orgId}/quotas`, headers: admin, payload: { monthly_trained_tokens: limit } });
    expect(set.statusCode).toBe(200);
    const job = await waitForJob(api.app, tenant.headers, id, 'stopped at the quota', (j) => j.status === 'failed');
    expect(job.error).toMatchObject({ code: 'quota_exceeded:monthly_trained_tokens', param: 'monthly_trained_tokens' });
    expect((job.error as { message: string }).message).toMatch(/monthly_trained_tokens quota/);
    expect(job.trained_tokens).toBeGreaterThan(trainedSoFar.trained_tokens);
    expect(job.trained_tokens).toBeLessThanOrEqual(limit);
    expect((await usage(tenant)).trained_tokens).toBe(job.trained_tokens);
    // The quota is used up: a new job is refused at creation.
    const file = await processedFile(api.app, api.deps, tenant, chatJsonl(20));
    const refused = await api.app.inject({ method: 'POST', url: '/v1/fine_tuning/jobs', headers: tenant.headers, payload: { model: MODEL, training_file: file } });
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe('quota_exceeded:monthly_trained_tokens');
  });
});

describe('the token unit', () => {
  it('is the same at creation (the reservation) and at the end (the charge): trained_tokens, every token trained, per epoch', async () => {
    const tenant = await createTenant(api.app);
    // A separate validation file, so the estimate covers the whole training file (no split share).
    const [training, validation] = [await processedFile(api.app, api.deps, tenant, chatJsonl(12)), await processedFile(api.app, api.deps, tenant, chatJsonl(10))];
    const created = await api.app.inject({
      method: 'POST',
      url: '/v1/fine_tuning/jobs',
      headers: tenant.headers,
      payload: { model: MODEL, training_file: training, validation_file: validation, method: { type: 'supervised', supervised: { hyperparameters: { ...FAST_SFT, n_epochs: 2 } } } },
    });
    if (created.statusCode !== 200) throw new Error(created.body);
    const reserved = created.json().spec.estimates.total_trained_tokens as number;
    const job = await waitForJob(api.app, tenant.headers, created.json().id as string, 'succeeded', (j) => j.status === 'succeeded', 180_000);
    // The examples are far shorter than max_seq_length, so nothing is truncated: the counts agree exactly.
    expect(reserved).toBeGreaterThan(0);
    expect(job.trained_tokens).toBe(reserved);
    expect((await usage(tenant)).trained_tokens).toBe(reserved);
  }, 240_000);
});
