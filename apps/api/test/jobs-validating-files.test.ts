import { registerDemoModel, settleJobsAwaitingFile, validateStoredFile } from '@whetstone/services';
import { createTenant, startApi } from './support/harness';
import { chatJsonl, multipart } from './support/multipart';

const MODEL = 'whetstone/tiny-llama';
let api: Awaited<ReturnType<typeof startApi>>;
beforeAll(async () => {
  api = await startApi({ QUEUE_PREFIX: `whetstone-validating-test-${process.pid}` });
  await registerDemoModel(api.deps);
});
afterAll(async () => {
  await api.close();
});

type Tenant = Awaited<ReturnType<typeof createTenant>>;
const post = (tenant: Tenant, url: string, payload: object) => api.app.inject({ method: 'POST', url, headers: tenant.headers, payload });
const get = (tenant: Tenant, url: string) => api.app.inject({ method: 'GET', url, headers: tenant.headers }).then((r) => r.json());

/** Uploads without validating: the file stays `uploaded`, as right after POST /v1/files. */
async function upload(tenant: Tenant, content: string): Promise<string> {
  const body = multipart([{ name: 'purpose', value: 'fine-tune' }, { name: 'file', value: content, filename: 'data.jsonl' }]);
  const res = await api.app.inject({ method: 'POST', url: '/v1/files', headers: { ...tenant.headers, ...body.headers }, payload: body.payload });
  expect(res.statusCode).toBe(200);
  return res.json().id as string;
}

/** What the dataset worker does when a file's validation ends. */
async function finishValidation(tenant: Tenant, fileId: string) {
  await validateStoredFile(api.deps, { orgId: tenant.orgId, fileId });
  const settle = { db: api.deps.db, producers: api.deps.producers, prices: api.deps.config.PRICE_TABLE, throughput: api.deps.config.TRAINING_THROUGHPUT };
  return settleJobsAwaitingFile(settle, { organizationId: tenant.orgId, fileId });
}

describe('jobs created while their files are still being validated', () => {
  it('accepts the job in validating_files, counts it against max_queued_jobs, and queues it with resolved values when the file is processed', async () => {
    const tenant = await createTenant(api.app, 'validating', { max_queued_jobs: 1 });
    const file = await upload(tenant, chatJsonl(60));
    const created = await post(tenant, '/v1/fine_tuning/jobs', { model: MODEL, training_file: file });
    expect(created.statusCode).toBe(200);
    expect(created.json()).toMatchObject({ status: 'validating_files', hyperparameters: { n_epochs: 'auto', batch_size: 'auto', learning_rate_multiplier: 'auto' } });

    const second = await post(tenant, '/v1/fine_tuning/jobs', { model: MODEL, training_file: file });
    expect(second.statusCode).toBe(429);
    expect(second.json().error.code).toBe('quota_exceeded:max_queued_jobs');
    expect(second.headers['x-should-retry']).toBe('false');

    expect(await finishValidation(tenant, file)).toEqual(['queued']);
    const job = await get(tenant, `/v1/fine_tuning/jobs/${created.json().id}`);
    expect(job).toMatchObject({ status: 'queued', hyperparameters: { n_epochs: 5, batch_size: 4, learning_rate_multiplier: 1 } });
    expect(job.spec.estimates).toMatchObject({ train_examples: 54, total_steps: 70 });
    const row = await api.deps.db.fineTuningJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(row.dispatchedAt).not.toBeNull();
    const events = await get(tenant, `/v1/fine_tuning/jobs/${job.id}/events?limit=100`);
    expect(events.data.map((e: { message: string }) => e.message)).toEqual(expect.arrayContaining([`Validating files: ${file}`, 'Job queued']));
  });

  it("fails the job with the file's validation error code and message when the file turns out invalid", async () => {
    const tenant = await createTenant(api.app);
    const good = await upload(tenant, chatJsonl(20));
    const bad = await upload(tenant, 'this is not json\n');
    const created = await post(tenant, '/v1/fine_tuning/jobs', { model: MODEL, training_file: good, validation_file: bad });
    expect(created.json().status).toBe('validating_files');
    expect(await finishValidation(tenant, good)).toEqual(['waiting']);
    expect(await finishValidation(tenant, bad)).toEqual(['failed']);
    const job = await get(tenant, `/v1/fine_tuning/jobs/${created.json().id}`);
    expect(job.status).toBe('failed');
    expect(job.error).toMatchObject({ code: 'invalid_json', param: 'validation_file', message: expect.stringContaining(`File ${bad} failed validation: line 1`) });
    expect(job.finished_at).toEqual(expect.any(Number));
    const outbox = await api.deps.db.outboxEvent.findMany({ where: { organizationId: tenant.orgId, type: 'fine_tuning.job.failed' } });
    expect(outbox).toHaveLength(1);
  });

  it('still refuses a dry run on a file being validated (there is nothing to resolve yet)', async () => {
    const tenant = await createTenant(api.app);
    const file = await upload(tenant, chatJsonl(20));
    const res = await post(tenant, '/v1/fine_tuning/jobs?dry_run=true', { model: MODEL, training_file: file });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ param: 'training_file', code: 'file_not_ready' });
  });

  it('lets a validating job be cancelled, and then a late validation leaves it cancelled', async () => {
    const tenant = await createTenant(api.app);
    const file = await upload(tenant, chatJsonl(20));
    const id = (await post(tenant, '/v1/fine_tuning/jobs', { model: MODEL, training_file: file })).json().id;
    const cancelled = await api.app.inject({ method: 'POST', url: `/v1/fine_tuning/jobs/${id}/cancel`, headers: tenant.headers });
    expect(cancelled.json().status).toBe('cancelled');
    expect(await finishValidation(tenant, file)).toEqual([]);
    expect((await get(tenant, `/v1/fine_tuning/jobs/${id}`)).status).toBe('cancelled');
  });
});
