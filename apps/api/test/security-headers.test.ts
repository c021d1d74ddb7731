import { startApi } from './support/harness';

// helmet 8's defaults as its documentation lists them (Content-Security-Policy is off: the API
// serves JSON, and the dashboard and docs pages bring their own).
const HELMET_DEFAULTS = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};

describe('security and CORS headers', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  it.each([
    ['a success', '/healthz', 200],
    ['a 401', '/v1/files', 401],
    ['a 404 of an unknown path', '/v1/no-such-route', 404],
  ])('puts helmet headers on %s, and no Content-Security-Policy', async (_what, url, status) => {
    const res = await api.app.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(status);
    expect(res.headers).toMatchObject(HELMET_DEFAULTS);
    expect(res.headers['content-security-policy']).toBeUndefined();
  });

  it("answers a browser's origin and exposes the headers a dashboard reads", async () => {
    const res = await api.app.inject({ method: 'GET', url: '/healthz', headers: { origin: 'https://dashboard.example' } });
    expect(res.headers['access-control-allow-origin']).toBe('https://dashboard.example');
    expect(res.headers['access-control-expose-headers']).toBe('x-request-id, retry-after, idempotent-replayed');
    expect(res.headers.vary).toContain('Origin');
  });

  it('answers a CORS preflight before authentication', async () => {
    const res = await api.app.inject({
      method: 'OPTIONS',
      url: '/v1/fine_tuning/jobs',
      headers: { origin: 'https://dashboard.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('https://dashboard.example');
    expect(res.headers['access-control-allow-headers']).toBe('authorization, content-type');
    expect(res.headers).toMatchObject({ 'x-content-type-options': 'nosniff' });
  });
});
