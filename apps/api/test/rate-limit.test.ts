import { admin, createTenant, startApi } from './support/harness';

let api: Awaited<ReturnType<typeof startApi>>;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api.close();
});

describe('per-key rate limiting (Redis-backed)', () => {
  it("answers 429 with Retry-After and the error body once the organization's per-minute limit is used", async () => {
    const tenant = await createTenant(api.app, 'limited', { requests_per_minute: 3 });
    for (let i = 0; i < 3; i++) {
      expect((await api.app.inject({ method: 'GET', url: '/v1/organization', headers: tenant.headers })).statusCode).toBe(200);
    }
    const limited = await api.app.inject({ method: 'GET', url: '/v1/organization', headers: tenant.headers });
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(limited.json().error).toMatchObject({ type: 'rate_limit_error', code: 'rate_limit_exceeded' });
  });

  it('counts each key separately: another tenant is not limited by the first', async () => {
    const busy = await createTenant(api.app, 'busy', { requests_per_minute: 1 });
    const calm = await createTenant(api.app, 'calm', { requests_per_minute: 1 });
    await api.app.inject({ method: 'GET', url: '/v1/organization', headers: busy.headers });
    expect((await api.app.inject({ method: 'GET', url: '/v1/organization', headers: busy.headers })).statusCode).toBe(429);
    expect((await api.app.inject({ method: 'GET', url: '/v1/organization', headers: calm.headers })).statusCode).toBe(200);
  });

  it('does not rate-limit the operator API', async () => {
    for (let i = 0; i < 5; i++) {
      expect((await api.app.inject({ method: 'GET', url: '/admin/v1/organizations?limit=1', headers: admin })).statusCode).toBe(200);
    }
  });
});
