import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { registerDemoModel } from '@whetstone/services';
import { writeTinyModelFolder } from '@whetstone/trainer';
import { admin, createTenant, startApi } from './support/harness';
import { chatJsonl } from './support/multipart';
import { uploadModelFolder } from './support/model-upload';
import { processedFile } from './support/fixtures';

let api: Awaited<ReturnType<typeof startApi>>;
const folders: string[] = [];
beforeAll(async () => {
  api = await startApi({ QUEUE_PREFIX: `whetstone-models-test-${process.pid}`, PRICE_TABLE: '{"whetstone/tiny-llama":0.1}' });
  await registerDemoModel(api.deps);
});
afterAll(async () => {
  folders.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  await api.close();
});

type Tenant = Awaited<ReturnType<typeof createTenant>>;
const as = (tenant: Tenant, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
  api.app.inject({ method, url, headers: tenant.headers, ...(payload ? { payload } : {}) });
const asAdmin = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) => api.app.inject({ method, url, headers: admin, ...(payload ? { payload } : {}) });

async function tinyFolder(seed: number): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'whetstone-api-model-'));
  folders.push(dir);
  await writeTinyModelFolder(dir, { seed });
  return dir;
}

const upload = (dir: string, fields: Record<string, string>) => uploadModelFolder(api.app, dir, fields);

async function privateModel(owner: Tenant, name: string, seed = 3) {
  const res = await upload(await tinyFolder(seed), { name, organization: owner.orgId, license: 'apache-2.0', display_name: 'Tiny private' });
  expect(res.statusCode).toBe(200);
  return res.json() as { id: string; name: string; storage_prefix: string };
}

describe('the model catalogue', () => {
  it('imports a folder uploaded in one streamed request and lists it to its tenant with the catalogue fields', async () => {
    const owner = await createTenant(api.app, 'owner');
    const imported = await privateModel(owner, 'owner/tiny');
    expect(imported).toMatchObject({ object: 'catalogue.model', name: 'owner/tiny', organization_id: owner.orgId, created: true, files: expect.any(Array) });
    const list = (await as(owner, 'GET', '/v1/models')).json();
    expect(list.data.find((m: { id: string }) => m.id === 'owner/tiny')).toEqual({
      id: 'owner/tiny',
      object: 'model',
      created: expect.any(Number),
      owned_by: owner.orgId,
      kind: 'base',
      display_name: 'Tiny private',
      visibility: 'private',
      architecture: 'LlamaForCausalLM',
      parameter_count: expect.any(Number),
      context_length: 256,
      supported_methods: ['lora', 'full', 'dpo'],
      training_price_per_1m_tokens: null,
      license: 'apache-2.0',
      deprecated: false,
      replaced_by: null,
      resources: { worker_class: 'default', min_memory_gb: expect.any(Number) },
    });
    const demo = (await as(owner, 'GET', '/v1/models/whetstone/tiny-llama')).json();
    expect(demo).toMatchObject({ id: 'whetstone/tiny-llama', owned_by: 'whetstone', visibility: 'public', training_price_per_1m_tokens: 0.1 });
  });

  it("answers another tenant's private model with 404 model_not_found on every route", async () => {
    const owner = await createTenant(api.app, 'owner');
    const other = await createTenant(api.app, 'other');
    await privateModel(owner, 'owner/secret');
    const file = await processedFile(api.app, api.deps, other, chatJsonl(20));

    expect((await as(other, 'GET', '/v1/models')).json().data.map((m: { id: string }) => m.id)).not.toContain('owner/secret');
    const attempts = [
      await as(other, 'GET', '/v1/models/owner/secret'),
      await as(other, 'DELETE', '/v1/models/owner/secret'),
      await as(other, 'POST', '/v1/fine_tuning/jobs', { model: 'owner/secret', training_file: file }),
      await as(other, 'POST', '/v1/fine_tuning/jobs?dry_run=true', { model: 'owner/secret', training_file: file }),
    ];
    const missing = await as(other, 'GET', '/v1/models/owner/no-such-model');
    for (const res of attempts) {
      expect(res.statusCode).toBe(404);
      expect(res.json().error).toMatchObject({ code: 'model_not_found', type: 'invalid_request_error' });
    }
    // Exactly like a model that does not exist.
    expect(attempts[0]!.json().error.message.replace('owner/secret', 'X')).toBe(missing.json().error.message.replace('owner/no-such-model', 'X'));
  });

  it('answers a broken upload with 400 invalid_model_folder listing every problem, and stores nothing', async () => {
    const owner = await createTenant(api.app, 'owner');
    const dir = await tinyFolder(4);
    rmSync(path.join(dir, 'tokenizer.json'));
    const config = JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8'));
    writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ ...config, rope_scaling: { rope_type: 'mystery', factor: 2 } }));
    const res = await upload(dir, { name: 'owner/broken', organization: owner.orgId });
    expect(res.statusCode).toBe(400);
    const error = res.json().error;
    expect(error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_model_folder' });
    expect(error.problems).toEqual(
      expect.arrayContaining([
        { file: 'tokenizer.json', field: null, reason: expect.stringMatching(/^missing/) },
        { file: 'config.json', field: expect.stringMatching(/^rope_scaling/), reason: expect.any(String) },
      ]),
    );
    expect((await asAdmin('GET', `/v1/admin/models?organization=${owner.orgId}`)).json().data).toEqual([]);
    expect(await api.deps.store.list(`orgs/${owner.orgId}/`)).toEqual([]);
  });

  it('keeps the operator routes behind ADMIN_TOKEN', async () => {
    const tenant = await createTenant(api.app, 'tenant');
    expect((await as(tenant, 'GET', '/v1/admin/models')).statusCode).toBe(401);
    expect((await api.app.inject({ method: 'GET', url: '/v1/admin/models' })).statusCode).toBe(401);
  });

  it('deprecates a model: new jobs are refused naming the replacement, queued jobs stay', async () => {
    const owner = await createTenant(api.app, 'owner');
    const old = await privateModel(owner, 'owner/old', 5);
    await privateModel(owner, 'owner/new', 6);
    const file = await processedFile(api.app, api.deps, owner, chatJsonl(20));
    const queued = (await as(owner, 'POST', '/v1/fine_tuning/jobs', { model: 'owner/old', training_file: file })).json();
    expect(queued.status).toBe('queued');

    const deprecated = await asAdmin('POST', `/v1/admin/models/${old.id}/deprecate`, { replaced_by: 'owner/new' });
    expect(deprecated.json()).toMatchObject({ deprecated_at: expect.any(Number), replaced_by: 'owner/new' });
    const refused = await as(owner, 'POST', '/v1/fine_tuning/jobs', { model: 'owner/old', training_file: file });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toMatchObject({ code: 'model_deprecated', param: 'model' });
    expect(refused.json().error.message).toContain("Use 'owner/new' instead.");
    expect((await as(owner, 'GET', `/v1/fine_tuning/jobs/${queued.id}`)).json().status).toBe('queued');
    expect((await as(owner, 'GET', '/v1/models/owner/old')).json()).toMatchObject({ deprecated: true, replaced_by: 'owner/new' });
    const unknownReplacement = await asAdmin('POST', `/v1/admin/models/${old.id}/deprecate`, { replaced_by: 'nobody/else' });
    expect(unknownReplacement.statusCode).toBe(400);

    // Referenced by a job: only deprecation is possible.
    const inUse = await asAdmin('DELETE', `/v1/admin/models/${old.id}`);
    expect(inUse.statusCode).toBe(409);
    expect(inUse.json().error.code).toBe('model_in_use');
  });

  it('deletes a model no job references, with its stored files', async () => {
    const owner = await createTenant(api.app, 'owner');
    const model = await privateModel(owner, 'owner/unused', 7);
    expect((await api.deps.store.list(model.storage_prefix)).length).toBeGreaterThan(0);
    const res = await asAdmin('DELETE', `/v1/admin/models/${model.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: model.id, deleted: true });
    expect(await api.deps.store.list(model.storage_prefix)).toEqual([]);
    expect((await as(owner, 'GET', '/v1/models/owner/unused')).statusCode).toBe(404);
    expect((await asAdmin('GET', `/v1/admin/models/${model.id}`)).statusCode).toBe(404);
  });

  it('refuses to delete a base model through the tenant API', async () => {
    const tenant = await createTenant(api.app, 'tenant');
    const res = await as(tenant, 'DELETE', '/v1/models/whetstone/tiny-llama');
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('model_not_deletable');
  });
});
