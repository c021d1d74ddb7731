import { createHash } from 'node:crypto';
import { admin, bearer, createTenant, startApi } from './support/harness';

let api: Awaited<ReturnType<typeof startApi>>;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api.close();
});

function expectErrorBody(body: unknown, code: string) {
  expect(body).toEqual({ error: { message: expect.any(String), type: 'authentication_error', param: null, code, request_id: expect.any(String) } });
}

describe('tenant API keys', () => {
  it('answers 401 with the error body when the key is missing', async () => {
    const res = await api.app.inject({ method: 'GET', url: '/v1/organization' });
    expect(res.statusCode).toBe(401);
    expectErrorBody(res.json(), 'missing_api_key');
  });

  it.each([
    ['not a bearer header', { authorization: 'Basic abc' }],
    ['a key without the sk- prefix', bearer('pk-0123456789012345678901234567890')],
    ['a too-short key', bearer('sk-short')],
    ['an empty bearer', { authorization: 'Bearer ' }],
  ])('answers 401 invalid_api_key for %s', async (_label, headers) => {
    const res = await api.app.inject({ method: 'GET', url: '/v1/organization', headers });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.type).toBe('authentication_error');
  });

  it('answers 401 for a well-formed key nobody issued', async () => {
    const res = await api.app.inject({ method: 'GET', url: '/v1/organization', headers: bearer('sk-' + 'x'.repeat(43)) });
    expect(res.statusCode).toBe(401);
    expectErrorBody(res.json(), 'invalid_api_key');
  });

  it('resolves the organization from a valid key, with quotas and usage', async () => {
    const tenant = await createTenant(api.app, 'acme', { max_concurrent_jobs: 3 });
    const res = await api.app.inject({ method: 'GET', url: '/v1/organization', headers: tenant.headers });
    expect(res.statusCode).toBe(200);
    const org = res.json();
    expect(org).toMatchObject({ id: tenant.orgId, object: 'organization', name: 'acme' });
    expect(org.quotas.max_concurrent_jobs).toBe(3);
    expect(org.usage).toMatchObject({ trained_tokens: 0, storage_bytes: 0, running_jobs: 0 });
  });

  it('rejects a revoked key on the next request', async () => {
    const tenant = await createTenant(api.app);
    expect((await api.app.inject({ method: 'GET', url: '/v1/organization', headers: tenant.headers })).statusCode).toBe(200);
    const revoke = await api.app.inject({
      method: 'DELETE',
      url: `/admin/v1/organizations/${tenant.orgId}/api_keys/${tenant.keyId}`,
      headers: admin,
    });
    expect(revoke.statusCode).toBe(200);
    expect(revoke.json().revoked_at).toEqual(expect.any(Number));
    const res = await api.app.inject({ method: 'GET', url: '/v1/organization', headers: tenant.headers });
    expect(res.statusCode).toBe(401);
    expectErrorBody(res.json(), 'revoked_api_key');
  });

  it('stores only the SHA-256 of a key, shows the key once and keeps its last four characters', async () => {
    const tenant = await createTenant(api.app);
    const row = await api.deps.db.apiKey.findUniqueOrThrow({ where: { id: tenant.keyId } });
    expect(row.keyHash).toBe(createHash('sha256').update(tenant.key).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(tenant.key);
    expect(row.last4).toBe(tenant.key.slice(-4));
    const list = await api.app.inject({ method: 'GET', url: `/admin/v1/organizations/${tenant.orgId}/api_keys`, headers: admin });
    expect(list.body).not.toContain(tenant.key);
    expect(list.json().data[0]).toMatchObject({ id: tenant.keyId, last4: tenant.key.slice(-4) });
  });
});

describe('admin API', () => {
  it('refuses a missing or wrong operator token', async () => {
    const missing = await api.app.inject({ method: 'POST', url: '/admin/v1/organizations', payload: { name: 'x' } });
    expect(missing.statusCode).toBe(401);
    expectErrorBody(missing.json(), 'missing_admin_token');
    const wrong = await api.app.inject({
      method: 'POST',
      url: '/admin/v1/organizations',
      headers: bearer('not-the-token'),
      payload: { name: 'x' },
    });
    expect(wrong.statusCode).toBe(401);
    expectErrorBody(wrong.json(), 'invalid_admin_token');
  });

  it('does not accept a tenant key as the operator token', async () => {
    const tenant = await createTenant(api.app);
    const res = await api.app.inject({ method: 'GET', url: '/admin/v1/organizations', headers: tenant.headers });
    expect(res.statusCode).toBe(401);
  });

  it('creates an organization with the documented shape', async () => {
    const res = await api.app.inject({ method: 'POST', url: '/admin/v1/organizations', headers: admin, payload: { name: 'Initech' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      id: expect.stringMatching(/^org-/),
      object: 'organization',
      name: 'Initech',
      quotas: expect.objectContaining({ max_concurrent_jobs: expect.any(Number) }),
      created_at: expect.any(Number),
    });
  });

  it('issues keys shaped like OpenAI keys, shown once', async () => {
    const org = (await api.app.inject({ method: 'POST', url: '/admin/v1/organizations', headers: admin, payload: { name: 'k' } })).json();
    const res = await api.app.inject({ method: 'POST', url: `/admin/v1/organizations/${org.id}/api_keys`, headers: admin, payload: { name: 'ci' } });
    expect(res.json()).toMatchObject({ id: expect.stringMatching(/^key-/), object: 'api_key', key: expect.stringMatching(/^sk-/), name: 'ci' });
    expect(res.json().last4).toBe(res.json().key.slice(-4));
  });

  it('sets quotas, with null meaning unlimited and omitted fields unchanged', async () => {
    const tenant = await createTenant(api.app, 'q', { max_concurrent_jobs: 1, storage_bytes: 1000 });
    const res = await api.app.inject({
      method: 'POST',
      url: `/admin/v1/organizations/${tenant.orgId}/quotas`,
      headers: admin,
      payload: { max_concurrent_jobs: null },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().quotas).toMatchObject({ max_concurrent_jobs: null, storage_bytes: 1000 });
  });

  it('answers 404 for an unknown organization and 400 for a bad body', async () => {
    const missing = await api.app.inject({ method: 'POST', url: '/admin/v1/organizations/org-nope/api_keys', headers: admin, payload: {} });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('not_found');
    const bad = await api.app.inject({ method: 'POST', url: '/admin/v1/organizations', headers: admin, payload: { name: '' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ type: 'invalid_request_error', param: 'name' });
  });

  it("cannot revoke one organization's key through another organization's path", async () => {
    const a = await createTenant(api.app, 'a');
    const b = await createTenant(api.app, 'b');
    const res = await api.app.inject({ method: 'DELETE', url: `/admin/v1/organizations/${b.orgId}/api_keys/${a.keyId}`, headers: admin });
    expect(res.statusCode).toBe(404);
    expect((await api.app.inject({ method: 'GET', url: '/v1/organization', headers: a.headers })).statusCode).toBe(200);
  });
});

describe('request plumbing', () => {
  it('echoes a request id and answers unknown routes with the error body', async () => {
    const res = await api.app.inject({ method: 'GET', url: '/v1/nope', headers: { 'x-request-id': 'abc-123' } });
    expect(res.headers['x-request-id']).toBe('abc-123');
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toMatchObject({ type: 'invalid_request_error', code: 'unknown_route' });
  });

  it('serves the OpenAPI document generated from the zod schemas', async () => {
    const res = await api.app.inject({ method: 'GET', url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/organization', '/admin/v1/organizations']));
    expect(res.json().components.schemas.Organization).toBeDefined();
  });
});
