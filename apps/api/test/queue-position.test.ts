import { registerDemoModel } from '@whetstone/services';
import { createTenant, startApi } from './support/harness';
import { chatJsonl } from './support/multipart';
import { processedFile } from './support/fixtures';

const MODEL = 'whetstone/tiny-llama';
let api: Awaited<ReturnType<typeof startApi>>;
beforeAll(async () => {
  api = await startApi({ QUEUE_PREFIX: `whetstone-queue-position-test-${process.pid}` });
  await registerDemoModel(api.deps);
});
afterAll(() => api.close());

type Tenant = Awaited<ReturnType<typeof createTenant>>;
const get = async (tenant: Tenant, id: string) => (await api.app.inject({ method: 'GET', url: `/v1/fine_tuning/jobs/${id}`, headers: tenant.headers })).json();

describe('queue position on retrieve (one statement with the job)', () => {
  it('numbers the dispatched job 1 and the waiting ones after it, the same as the create and cancel replies do, and drops it once the job leaves the queue', async () => {
    const tenant = await createTenant(api.app, 'queue-position', { max_concurrent_jobs: 1 });
    const chat = await processedFile(api.app, api.deps, tenant, chatJsonl(60));
    const created = [];
    for (let i = 0; i < 3; i++) {
      const res = await api.app.inject({ method: 'POST', url: '/v1/fine_tuning/jobs', headers: tenant.headers, payload: { model: MODEL, training_file: chat } });
      created.push(res.json());
    }
    // The first is handed to a worker at once (the tenant may run one); the others wait in creation order.
    const retrieved = await Promise.all(created.map((job) => get(tenant, job.id)));
    expect(retrieved.map((job) => job.queue.position)).toEqual([1, 2, 3]);
    // The create replies gave the same positions: the first from its dispatch pass, the waiting ones from their own query.
    expect(created.map((job) => job.queue.position)).toEqual([1, 2, 3]);
    for (const job of retrieved) expect(job.queue.estimated_start).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000) - 1);

    const cancelled = (await api.app.inject({ method: 'POST', url: `/v1/fine_tuning/jobs/${created[0].id}/cancel`, headers: tenant.headers })).json();
    expect(cancelled.queue).toBeNull();
    expect((await get(tenant, created[0].id)).queue).toBeNull();
    // The next waiting job was dispatched in its place: it is first now.
    expect((await get(tenant, created[1].id)).queue.position).toBe(1);
    expect((await get(tenant, created[2].id)).queue.position).toBe(2);
  });

  it('concurrent creates sharing dispatch passes each answer the position a retrieve gives after them, 1 to n in dispatch order', async () => {
    const tenant = await createTenant(api.app, 'queue-position-burst', { max_concurrent_jobs: null });
    const chat = await processedFile(api.app, api.deps, tenant, chatJsonl(60));
    const created = await Promise.all(
      Array.from({ length: 12 }, async () => {
        const res = await api.app.inject({ method: 'POST', url: '/v1/fine_tuning/jobs', headers: tenant.headers, payload: { model: MODEL, training_file: chat } });
        expect(res.statusCode).toBe(200);
        return res.json();
      }),
    );
    // Every job was dispatched by some pass; jobs dispatched later stand behind, so no answer went stale.
    const retrieved = await Promise.all(created.map((job) => get(tenant, job.id)));
    expect(created.map((job) => job.queue.position)).toEqual(retrieved.map((job) => job.queue.position));
    expect(created.map((job) => job.queue.position).sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });

  it("answers 404 for another tenant's queued job, as for a missing one", async () => {
    const owner = await createTenant(api.app, 'queue-owner');
    const other = await createTenant(api.app, 'queue-other');
    const chat = await processedFile(api.app, api.deps, owner, chatJsonl(60));
    const job = (await api.app.inject({ method: 'POST', url: '/v1/fine_tuning/jobs', headers: owner.headers, payload: { model: MODEL, training_file: chat } })).json();
    const res = await api.app.inject({ method: 'GET', url: `/v1/fine_tuning/jobs/${job.id}`, headers: other.headers });
    const missing = await api.app.inject({ method: 'GET', url: '/v1/fine_tuning/jobs/ftjob-00000000000000000000000000', headers: other.headers });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe(missing.json().error.code);
  });
});
