import { registerDemoModel, sweepExpiredFiles } from '@whetstone/services';
import { createTenant, startApi } from './support/harness';
import { chatJsonl, multipart } from './support/multipart';

let api: Awaited<ReturnType<typeof startApi>>;
beforeAll(async () => {
  api = await startApi();
  await registerDemoModel(api.deps);
});
afterAll(async () => {
  await api.close();
});

type Tenant = Awaited<ReturnType<typeof createTenant>>;
async function upload(tenant: Tenant, fields: Record<string, string>) {
  const body = multipart([{ name: 'file', value: chatJsonl(3), filename: 'a.jsonl' }, ...Object.entries(fields).map(([name, value]) => ({ name, value }))]);
  return api.app.inject({ method: 'POST', url: '/v1/files', headers: { ...tenant.headers, ...body.headers }, payload: body.payload });
}
const expiry = (anchor: string, seconds: string) => ({ purpose: 'fine-tune', 'expires_after[anchor]': anchor, 'expires_after[seconds]': seconds });

describe("files' expires_after", () => {
  it('sets expires_at from created_at + seconds (fields after the file part too)', async () => {
    const tenant = await createTenant(api.app);
    const res = await upload(tenant, expiry('created_at', '3600'));
    expect(res.statusCode).toBe(200);
    expect(res.json().expires_at).toBe(res.json().created_at + 3600);
    const plain = await upload(tenant, { purpose: 'fine-tune' });
    expect(plain.json().expires_at).toBeNull();
  });

  it.each([
    ['another anchor', expiry('last_active_at', '3600'), 'expires_after.anchor'],
    ['under an hour', expiry('created_at', '60'), 'expires_after.seconds'],
    ['over 30 days', expiry('created_at', String(31 * 86400)), 'expires_after.seconds'],
    ['seconds without an anchor', { purpose: 'fine-tune', 'expires_after[seconds]': '3600' }, 'expires_after.anchor'],
  ])('refuses %s with 400 naming the field, keeping nothing', async (_label, fields, param) => {
    const tenant = await createTenant(api.app);
    const res = await upload(tenant, fields);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ type: 'invalid_request_error', param });
    expect(await api.deps.db.file.count({ where: { organizationId: tenant.orgId, deletedAt: null } })).toBe(0);
  });

  it('sweeps expired files with their objects, keeping a file an active job reads until the job ends', async () => {
    const tenant = await createTenant(api.app);
    const expiring = (await upload(tenant, expiry('created_at', '3600'))).json().id as string;
    const kept = (await upload(tenant, { purpose: 'fine-tune' })).json().id as string;
    const inUse = (await upload(tenant, expiry('created_at', '3600'))).json().id as string;
    await api.deps.db.file.updateMany({ where: { id: inUse }, data: { status: 'processed', format: 'chat' } });
    // A job waiting on the file holds it (its status is all that matters to the sweeper).
    const model = await api.deps.db.baseModel.findFirstOrThrow({ where: { name: 'whetstone/tiny-llama' } });
    await api.deps.db.fineTuningJob.create({
      data: { id: `ftjob-expiry-${Date.now()}`, organizationId: tenant.orgId, baseModelId: model.id, model: model.name, trainingFileId: inUse, method: 'supervised', trainingType: 'lora', requested: {}, spec: {}, status: 'queued', seed: 1 },
    });
    const later = new Date(Date.now() + 3601 * 1000);
    const deleted = await sweepExpiredFiles(api.deps, { now: later });
    expect(deleted).toContain(expiring);
    expect(deleted).not.toContain(kept);
    expect(deleted).not.toContain(inUse);
    const gone = await api.app.inject({ method: 'GET', url: `/v1/files/${expiring}`, headers: tenant.headers });
    expect(gone.statusCode).toBe(404);
    const row = await api.deps.db.file.findUniqueOrThrow({ where: { id: expiring } });
    expect(await api.deps.store.getStream(row.storageKey)).toBeNull();
    expect((await api.app.inject({ method: 'GET', url: `/v1/files/${kept}`, headers: tenant.headers })).statusCode).toBe(200);
  });
});
