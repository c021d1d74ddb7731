import { registerDemoModel } from '@whetstone/services';
import { createTenant, startApi } from './support/harness';
import { chatJsonl } from './support/multipart';
import { processedFile } from './support/fixtures';

let api: Awaited<ReturnType<typeof startApi>>;
beforeAll(async () => {
  api = await startApi({ QUEUE_PREFIX: `whetstone-metrics-test-${process.pid}` });
  await registerDemoModel(api.deps);
});
afterAll(async () => {
  await api.close();
});

describe('metric series and CSV exports are bounded', () => {
  it('pages the series (1,000 steps by default, at most 10,000 per request, has_more) and streams the whole CSV', async () => {
    const tenant = await createTenant(api.app, 'metrics');
    const file = await processedFile(api.app, api.deps, tenant, chatJsonl(60));
    const job = (await api.app.inject({ method: 'POST', url: '/v1/fine_tuning/jobs', headers: tenant.headers, payload: { model: 'whetstone/tiny-llama', training_file: file } })).json();
    const steps = 2_500;
    await api.deps.db.jobMetric.createMany({ data: Array.from({ length: steps }, (_, i) => ({ jobId: job.id, step: i + 1, values: { train_loss: 1 / (i + 1) } })) });
    const get = (url: string) => api.app.inject({ method: 'GET', url: `/v1/fine_tuning/jobs/${job.id}${url}`, headers: tenant.headers });

    const first = (await get('/metrics')).json();
    expect(first.data).toHaveLength(1_000);
    expect(first.has_more).toBe(true);
    let seen = first.data.length;
    let last = first.data.at(-1).step;
    for (;;) {
      const page = (await get(`/metrics?after_step=${last}`)).json();
      seen += page.data.length;
      if (!page.has_more) break;
      last = page.data.at(-1).step;
    }
    expect(seen).toBe(steps);
    expect((await get('/metrics?limit=10001')).statusCode).toBe(400);
    expect((await get(`/metrics?limit=10000`)).json()).toMatchObject({ has_more: false });

    const csv = await get('/metrics.csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.body.trim().split('\n');
    expect(lines).toHaveLength(steps + 1);
    expect(lines[0]).toMatch(/^step,train_loss,/);
    expect(lines.at(-1)).toMatch(new RegExp(`^${steps},${1 / steps},`));

    const stranger = await createTenant(api.app, 'metrics-other');
    expect((await api.app.inject({ method: 'GET', url: `/v1/fine_tuning/jobs/${job.id}/metrics.csv`, headers: stranger.headers })).statusCode).toBe(404);
  });
});
