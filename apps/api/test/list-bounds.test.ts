import { createTenant, startApi } from './support/harness';

let api: Awaited<ReturnType<typeof startApi>>;
beforeAll(async () => {
  api = await startApi({ QUEUE_PREFIX: `whetstone-list-bounds-test-${process.pid}` });
});
afterAll(async () => {
  await api.close();
});

describe('every list page is bounded', () => {
  it.each([
    ['/v1/files', 10_000],
    ['/v1/fine_tuning/jobs', 100],
    ['/v1/fine_tuning/jobs/ftjob-none/events', 100],
    ['/v1/fine_tuning/jobs/ftjob-none/checkpoints', 100],
    ['/v1/webhook_endpoints', 100],
    ['/v1/webhook_endpoints/we-none/deliveries', 100],
  ])('%s takes at most %d rows per page (400 naming limit beyond it)', async (path, max) => {
    const tenant = await createTenant(api.app, 'list-bounds');
    const beyond = await api.app.inject({ method: 'GET', url: `${path}?limit=${max + 1}`, headers: tenant.headers });
    expect(beyond.statusCode).toBe(400);
    expect(beyond.json().error).toMatchObject({ param: 'limit', type: 'invalid_request_error' });
    const at = await api.app.inject({ method: 'GET', url: `${path}?limit=${max}`, headers: tenant.headers });
    // At the maximum the request is valid: a list, or 404 for the made-up parent id.
    expect([200, 404]).toContain(at.statusCode);
  });
});
