import { createTenant, startApi } from './support/harness';

// Addresses of this run only: Redis keeps one-minute windows across test runs.
const subnet = `10.${process.pid % 250}.${Math.floor(Math.random() * 250)}`;
const ip = (host: number): string => `${subnet}.${host}`;

describe('rate limits run before any work', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  beforeAll(async () => {
    api = await startApi({ RATE_LIMIT_PER_IP_PER_MINUTE: '5' } as Record<string, string>);
  });
  afterAll(async () => {
    await api.close();
  });

  it('counts unauthenticated floods per client IP: 401s are not free', async () => {
    const remoteAddress = ip(7);
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) {
      codes.push((await api.app.inject({ method: 'GET', url: '/v1/files', remoteAddress, headers: { authorization: 'Bearer sk-wrong' } })).statusCode);
    }
    expect(codes).toEqual([401, 401, 401, 401, 401, 429, 429]);
    // Another address is not affected.
    expect((await api.app.inject({ method: 'GET', url: '/v1/files', remoteAddress: ip(8) })).statusCode).toBe(401);
  });

  it('counts per organization: two keys of one organization share its budget, and 400s count', async () => {
    const tenant = await createTenant(api.app, 'org-limit', { requests_per_minute: 3 });
    const second = await api.app.inject({
      method: 'POST',
      url: `/admin/v1/organizations/${tenant.orgId}/api_keys`,
      headers: { authorization: `Bearer ${'test-admin-token-0123456789abcdef0123456789'}` },
      payload: { name: 'second' },
    });
    const other = { authorization: `Bearer ${second.json().key}` };
    expect((await api.app.inject({ method: 'POST', url: '/v1/fine_tuning/jobs', remoteAddress: ip(100 + 1), headers: tenant.headers, payload: {} })).statusCode).toBe(400);
    expect((await api.app.inject({ method: 'GET', url: '/v1/organization', remoteAddress: ip(100 + 2), headers: other })).statusCode).toBe(200);
    expect((await api.app.inject({ method: 'GET', url: '/v1/organization', remoteAddress: ip(100 + 3), headers: tenant.headers })).statusCode).toBe(200);
    const limited = await api.app.inject({ method: 'GET', url: '/v1/organization', remoteAddress: ip(100 + 4), headers: other });
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('rate_limit_exceeded');
  });
});

describe('when Redis is down the limiter fails closed for writes', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  beforeAll(async () => {
    const healthy = await startApi();
    tenant = await createTenant(healthy.app, 'redis-down');
    await healthy.close();
    api = await startApi({ REDIS_URL: 'redis://127.0.0.1:1' });
  });
  afterAll(async () => {
    await api.close();
  });

  it('answers 503 with a stable code for a write and serves a read', async () => {
    const write = await api.app.inject({ method: 'POST', url: '/v1/webhook_endpoints', headers: tenant.headers, payload: { url: 'https://example.com/hook' } });
    expect(write.statusCode).toBe(503);
    expect(write.json().error.code).toBe('rate_limiter_unavailable');
    const read = await api.app.inject({ method: 'GET', url: '/v1/organization', headers: tenant.headers });
    expect(read.statusCode).toBe(200);
  });
});
