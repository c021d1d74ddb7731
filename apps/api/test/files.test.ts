import { createHash } from 'node:crypto';
import { createTenant, startApi } from './support/harness';
import { chatJsonl, multipart } from './support/multipart';

let api: Awaited<ReturnType<typeof startApi>>;
beforeAll(async () => {
  api = await startApi({ MAX_UPLOAD_BYTES: String(64 * 1024) });
});
afterAll(async () => {
  await api.close();
});

async function upload(headers: Record<string, string>, content: string | Buffer, fields: Record<string, string> = { purpose: 'fine-tune' }) {
  const body = multipart([...Object.entries(fields).map(([name, value]) => ({ name, value })), { name: 'file', value: content, filename: 'train.jsonl' }]);
  return api.app.inject({ method: 'POST', url: '/v1/files', headers: { ...headers, ...body.headers }, payload: body.payload });
}

describe('Files API', () => {
  it('stores an upload and returns the OpenAI file object with our fields', async () => {
    const tenant = await createTenant(api.app);
    const content = chatJsonl(60);
    const res = await upload(tenant.headers, content);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      id: expect.stringMatching(/^file-/),
      object: 'file',
      bytes: Buffer.byteLength(content),
      filename: 'train.jsonl',
      purpose: 'fine-tune',
      status: 'uploaded',
      sha256: createHash('sha256').update(content).digest('hex'),
    });
    const id = res.json().id;
    const got = await api.app.inject({ method: 'GET', url: `/v1/files/${id}`, headers: tenant.headers });
    expect(got.json().id).toBe(id);
    const downloaded = await api.app.inject({ method: 'GET', url: `/v1/files/${id}/content`, headers: tenant.headers });
    expect(downloaded.statusCode).toBe(200);
    expect(downloaded.body).toBe(content);
  });

  it('accepts the purpose field after the file part', async () => {
    const tenant = await createTenant(api.app);
    const body = multipart([{ name: 'file', value: chatJsonl(3), filename: 'a.jsonl' }, { name: 'purpose', value: 'fine-tune' }]);
    const res = await api.app.inject({ method: 'POST', url: '/v1/files', headers: { ...tenant.headers, ...body.headers }, payload: body.payload });
    expect(res.statusCode).toBe(200);
  });

  it('refuses a wrong or missing purpose with 400 naming the field, keeping nothing', async () => {
    const tenant = await createTenant(api.app);
    const wrong = await upload(tenant.headers, chatJsonl(2), { purpose: 'assistants' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error).toMatchObject({ param: 'purpose', type: 'invalid_request_error' });
    expect(wrong.json().error.message).toContain("only 'fine-tune'");
    const results = await upload(tenant.headers, chatJsonl(2), { purpose: 'fine-tune-results' });
    expect(results.json().error).toMatchObject({ param: 'purpose' });
    const unknown = await upload(tenant.headers, chatJsonl(2), { purpose: 'fine-tune', surprise: 'x' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toMatchObject({ param: 'surprise', code: 'unknown_parameter' });
    const missing = await upload(tenant.headers, chatJsonl(2), {});
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.param).toBe('purpose');
    const list = await api.app.inject({ method: 'GET', url: '/v1/files', headers: tenant.headers });
    expect(list.json().data).toEqual([]);
  });

  it('answers 413 beyond the configured size limit and keeps nothing', async () => {
    const tenant = await createTenant(api.app);
    const res = await upload(tenant.headers, Buffer.alloc(65 * 1024, 'a'));
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('payload_too_large');
    const list = await api.app.inject({ method: 'GET', url: '/v1/files', headers: tenant.headers });
    expect(list.json().data).toEqual([]);
  });

  it('refuses a non-multipart upload with 400', async () => {
    const tenant = await createTenant(api.app);
    const res = await api.app.inject({ method: 'POST', url: '/v1/files', headers: tenant.headers, payload: { file: 'x' } });
    expect(res.statusCode).toBe(400);
  });

  it('enforces the storage quota, naming it', async () => {
    const tenant = await createTenant(api.app, 'small', { storage_bytes: 1000 });
    expect((await upload(tenant.headers, 'x'.repeat(600))).statusCode).toBe(200);
    const res = await upload(tenant.headers, 'y'.repeat(600));
    expect(res.statusCode).toBe(429);
    expect(res.json().error.code).toBe('quota_exceeded:storage_bytes');
  });

  it('holds the storage quota under concurrent uploads: they cannot together exceed it', async () => {
    const tenant = await createTenant(api.app, 'race', { storage_bytes: 1000 });
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => upload(tenant.headers, String(i).repeat(300))));
    const codes = answers.map((a) => a.statusCode).sort();
    expect(codes).toEqual([200, 200, 200, 429, 429, 429, 429, 429]);
    for (const refused of answers.filter((a) => a.statusCode === 429)) expect(refused.json().error.code).toBe('quota_exceeded:storage_bytes');
    const usage = (await api.app.inject({ method: 'GET', url: '/v1/organization/usage', headers: tenant.headers })).json();
    expect(usage.storage_bytes).toBe(900);
    const live = await api.deps.db.file.findMany({ where: { organizationId: tenant.orgId, deletedAt: null } });
    expect(live.reduce((sum, f) => sum + Number(f.bytes), 0)).toBe(900);
    // Refused uploads leave nothing reserved and nothing stored.
    expect(await api.deps.db.storageReservation.count({ where: { organizationId: tenant.orgId } })).toBe(0);
    expect((await api.deps.store.list(`orgs/${tenant.orgId}/`)).reduce((sum, o) => sum + o.bytes, 0)).toBe(900);
  });

  it('gives storage back when a file is deleted, once, even when deleted twice at once', async () => {
    const tenant = await createTenant(api.app, 'release', { storage_bytes: 1000 });
    const first = await upload(tenant.headers, 'a'.repeat(700));
    expect((await upload(tenant.headers, 'b'.repeat(700))).statusCode).toBe(429);
    const id = first.json().id as string;
    const deletes = await Promise.all([0, 1].map(() => api.app.inject({ method: 'DELETE', url: `/v1/files/${id}`, headers: tenant.headers })));
    expect(deletes.map((d) => d.statusCode)).toContain(200);
    const usage = (await api.app.inject({ method: 'GET', url: '/v1/organization/usage', headers: tenant.headers })).json();
    expect(usage.storage_bytes).toBe(0);
    expect((await upload(tenant.headers, 'b'.repeat(700))).statusCode).toBe(200);
  });

  it('lists newest first with cursor pagination', async () => {
    const tenant = await createTenant(api.app);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await upload(tenant.headers, chatJsonl(1))).json().id);
    const first = await api.app.inject({ method: 'GET', url: '/v1/files?limit=2', headers: tenant.headers });
    expect(first.json()).toMatchObject({ object: 'list', has_more: true, first_id: ids[4], last_id: ids[3] });
    const second = await api.app.inject({ method: 'GET', url: `/v1/files?limit=2&after=${ids[3]}`, headers: tenant.headers });
    expect(second.json().data.map((f: { id: string }) => f.id)).toEqual([ids[2], ids[1]]);
    const last = await api.app.inject({ method: 'GET', url: `/v1/files?limit=2&after=${ids[1]}`, headers: tenant.headers });
    expect(last.json()).toMatchObject({ has_more: false, data: [{ id: ids[0] }] });
  });

  it('deletes a file: it disappears from get, list and content', async () => {
    const tenant = await createTenant(api.app);
    const id = (await upload(tenant.headers, chatJsonl(1))).json().id;
    const del = await api.app.inject({ method: 'DELETE', url: `/v1/files/${id}`, headers: tenant.headers });
    expect(del.json()).toEqual({ id, object: 'file', deleted: true });
    expect((await api.app.inject({ method: 'GET', url: `/v1/files/${id}`, headers: tenant.headers })).statusCode).toBe(404);
    expect((await api.app.inject({ method: 'GET', url: `/v1/files/${id}/content`, headers: tenant.headers })).statusCode).toBe(404);
  });
});

describe('tenant isolation of files', () => {
  it("answers 404 for another tenant's file on every route, exactly like a missing one", async () => {
    const owner = await createTenant(api.app, 'owner');
    const other = await createTenant(api.app, 'other');
    const id = (await upload(owner.headers, chatJsonl(1))).json().id;
    for (const [method, url] of [
      ['GET', `/v1/files/${id}`],
      ['GET', `/v1/files/${id}/content`],
      ['GET', `/v1/files/${id}/validation`],
      ['DELETE', `/v1/files/${id}`],
    ] as const) {
      const res = await api.app.inject({ method, url, headers: other.headers });
      const missing = await api.app.inject({ method, url: url.replace(id, 'file-doesnotexist'), headers: other.headers });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('not_found');
      expect(res.json().error.message.replace(id, 'X')).toBe(missing.json().error.message.replace('file-doesnotexist', 'X'));
    }
    expect((await api.app.inject({ method: 'GET', url: '/v1/files', headers: other.headers })).json().data).toEqual([]);
    // The owner still has it: the other tenant's DELETE did nothing.
    expect((await api.app.inject({ method: 'GET', url: `/v1/files/${id}`, headers: owner.headers })).statusCode).toBe(200);
  });
});
