import { admin, createTenant, startApi } from '../../../apps/api/test/support/harness';
import { chatJsonl } from '../../../apps/api/test/support/multipart';
import { processedFile } from '../../../apps/api/test/support/fixtures';
import { registerDemoModel } from '@whetstone/services';
import { FAST_SFT, waitForJob } from './support/jobs';
import { startWorkerProcess, type WorkerProcess } from './support/worker-process';

const MODEL = 'whetstone/tiny-llama';
const prefix = `whetstone-e2e-storage-${process.pid}`;
let api: Awaited<ReturnType<typeof startApi>>;
let worker: WorkerProcess;

beforeAll(async () => {
  api = await startApi({ QUEUE_PREFIX: prefix });
  await registerDemoModel(api.deps);
  worker = await startWorkerProcess({ QUEUE_PREFIX: prefix, WORKER_QUEUES: 'training', TRAINER_THREADS: '1' });
});
afterAll(async () => {
  await worker?.stop();
  await api?.close();
});

type Tenant = Awaited<ReturnType<typeof createTenant>>;

const usage = async (tenant: Tenant) => (await api.app.inject({ method: 'GET', url: '/v1/organization/usage', headers: tenant.headers })).json().storage_bytes as number;
/** What the object store really holds for the tenant: the independent measure usage must equal. */
const storedBytes = async (tenant: Tenant) => (await api.deps.store.list(`orgs/${tenant.orgId}/`)).reduce((sum, o) => sum + o.bytes, 0);

async function createJob(tenant: Tenant, file: string) {
  const res = await api.app.inject({
    method: 'POST',
    url: '/v1/fine_tuning/jobs',
    headers: tenant.headers,
    payload: { model: MODEL, training_file: file, checkpoint_interval: 2, method: { type: 'supervised', supervised: { hyperparameters: { ...FAST_SFT, n_epochs: 2 } } } },
  });
  if (res.statusCode !== 200) throw new Error(res.body);
  return res.json().id as string;
}

describe('storage quota: every stored byte counts', () => {
  it('counts checkpoints, the adapter and the results file; deleting the model gives them back', async () => {
    const tenant = await createTenant(api.app);
    const file = await processedFile(api.app, api.deps, tenant, chatJsonl(20));
    const uploaded = await usage(tenant);
    expect(uploaded).toBe(await storedBytes(tenant));

    const id = await createJob(tenant, file);
    const job = await waitForJob(api.app, tenant.headers, id, 'succeeded', (j) => j.status === 'succeeded', 180_000);
    const checkpoints = await api.deps.db.checkpoint.findMany({ where: { jobId: id } });
    expect(checkpoints.length).toBeGreaterThan(0);
    for (const checkpoint of checkpoints) expect(Number(checkpoint.bytes)).toBeGreaterThan(0);
    const model = await api.deps.db.fineTunedModel.findUniqueOrThrow({ where: { jobId: id } });
    expect(Number(model.bytes)).toBeGreaterThan(0);
    const results = await api.deps.db.file.findUniqueOrThrow({ where: { id: (job.result_files as string[])[0]! } });
    const afterTraining = await usage(tenant);
    expect(afterTraining).toBe(uploaded + checkpoints.reduce((sum, c) => sum + Number(c.bytes), 0) + Number(model.bytes) + Number(results.bytes));
    expect(afterTraining).toBe(await storedBytes(tenant));
    expect(await api.deps.db.storageReservation.count({ where: { organizationId: tenant.orgId } })).toBe(0);

    const deleted = await api.app.inject({ method: 'DELETE', url: `/v1/models/${encodeURIComponent(job.fine_tuned_model!)}`, headers: tenant.headers });
    expect(deleted.statusCode).toBe(200);
    expect(await usage(tenant)).toBe(uploaded);
    expect(await storedBytes(tenant)).toBe(uploaded);
    const gone = await api.app.inject({ method: 'GET', url: `/v1/fine_tuning/jobs/${id}/checkpoints/${checkpoints[0]!.id}/files`, headers: tenant.headers });
    expect(gone.statusCode).toBe(410);

    expect((await api.app.inject({ method: 'DELETE', url: `/v1/files/${file}`, headers: tenant.headers })).statusCode).toBe(200);
    expect(await usage(tenant)).toBe(0);
  });

  it('fails a job whose checkpoint would overshoot the quota, with quota_exceeded:storage_bytes, storing nothing past it', async () => {
    const tenant = await createTenant(api.app);
    const file = await processedFile(api.app, api.deps, tenant, chatJsonl(20));
    // Room for the upload and 1 KB more: the first checkpoint (the adapter's tensors and optimizer state) does not fit.
    const limit = (await usage(tenant)) + 1024;
    const set = await api.app.inject({ method: 'POST', url: `/admin/v1/organizations/${tenant.orgId}/quotas`, headers: admin, payload: { storage_bytes: limit } });
    expect(set.statusCode).toBe(200);

    const id = await createJob(tenant, file);
    const job = await waitForJob(api.app, tenant.headers, id, 'failed at the storage quota', (j) => j.status === 'failed', 180_000);
    expect(job.error).toMatchObject({ code: 'quota_exceeded:storage_bytes', param: 'storage_bytes' });
    expect((job.error as { message: string }).message).toMatch(/storage quota/);
    expect(await usage(tenant)).toBeLessThanOrEqual(limit);
    expect(await usage(tenant)).toBe(await storedBytes(tenant));
    expect(await api.deps.db.storageReservation.count({ where: { organizationId: tenant.orgId } })).toBe(0);
  });

  it('refuses a job at creation when the storage quota is already full (it could only fail later)', async () => {
    const tenant = await createTenant(api.app);
    const file = await processedFile(api.app, api.deps, tenant, chatJsonl(20));
    await api.app.inject({ method: 'POST', url: `/admin/v1/organizations/${tenant.orgId}/quotas`, headers: admin, payload: { storage_bytes: await usage(tenant) } });
    const res = await api.app.inject({ method: 'POST', url: '/v1/fine_tuning/jobs', headers: tenant.headers, payload: { model: MODEL, training_file: file } });
    expect(res.statusCode).toBe(429);
    expect(res.json().error.code).toBe('quota_exceeded:storage_bytes');
  });
});
