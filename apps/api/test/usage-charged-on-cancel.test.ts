import { registerDemoModel } from '@whetstone/services';
import { createTenant, startApi } from './support/harness';
import { chatJsonl } from './support/multipart';
import { processedFile } from './support/fixtures';

const MODEL = 'whetstone/tiny-llama';
let api: Awaited<ReturnType<typeof startApi>>;
beforeAll(async () => {
  api = await startApi({ QUEUE_PREFIX: `whetstone-usage-cancel-test-${process.pid}` });
  await registerDemoModel(api.deps);
});
afterAll(async () => {
  await api.close();
});

describe('a job cancelled while paused', () => {
  it('is charged the tokens it trained before the pause, once, and releases the rest of its reservation', async () => {
    const tenant = await createTenant(api.app, 'usage-cancel');
    const file = await processedFile(api.app, api.deps, tenant, chatJsonl(30));
    const created = await api.app.inject({ method: 'POST', url: '/v1/fine_tuning/jobs', headers: tenant.headers, payload: { model: MODEL, training_file: file } });
    expect(created.statusCode).toBe(200);
    const id = created.json().id as string;
    // Where a worker leaves a job it paused at step 7: its progress and a finished attempt.
    await api.deps.db.fineTuningJob.update({ where: { id }, data: { status: 'paused', progress: { step: 7, total_steps: 40, trained_tokens: 1234 } } });

    const cancel = await api.app.inject({ method: 'POST', url: `/v1/fine_tuning/jobs/${id}/cancel`, headers: tenant.headers });
    expect(cancel.statusCode).toBe(200);
    expect(cancel.json()).toMatchObject({ status: 'cancelled', trained_tokens: 1234 });
    const usage = (await api.app.inject({ method: 'GET', url: '/v1/organization/usage', headers: tenant.headers })).json();
    expect(usage.trained_tokens).toBe(1234);

    // A second cancel is refused (409) and charges nothing more.
    const again = await api.app.inject({ method: 'POST', url: `/v1/fine_tuning/jobs/${id}/cancel`, headers: tenant.headers });
    expect(again.statusCode).toBe(409);
    const records = await api.deps.db.usageRecord.findMany({ where: { jobId: id, kind: 'trained_tokens' } });
    expect(records.map((r) => Number(r.quantity))).toEqual([1234]);
  });
});
