import { registerDemoModel } from '@whetstone/services';
import { createTenant, startApi } from './support/harness';
import { chatJsonl } from './support/multipart';
import { processedFile } from './support/fixtures';

const MODEL = 'whetstone/tiny-llama';
type Api = Awaited<ReturnType<typeof startApi>>;
let one: Api;
let two: Api;
beforeAll(async () => {
  // Two replicas: a retry may land on either.
  const prefix = `whetstone-idempotency-test-${process.pid}`;
  [one, two] = await Promise.all([startApi({ QUEUE_PREFIX: prefix }), startApi({ QUEUE_PREFIX: prefix })]);
  await registerDemoModel(one.deps);
});
afterAll(async () => {
  await Promise.all([one.close(), two.close()]);
});

type Tenant = Awaited<ReturnType<typeof createTenant>>;
const create = (api: Api, tenant: Tenant, key: string, payload: object) =>
  api.app.inject({ method: 'POST', url: '/v1/fine_tuning/jobs', headers: { ...tenant.headers, 'idempotency-key': key }, payload });
const jobCount = (tenant: Tenant) => one.deps.db.fineTuningJob.count({ where: { organizationId: tenant.orgId } });

describe('Idempotency-Key on POST', () => {
  it('returns the first response to a retried create, on either replica, and creates nothing more', async () => {
    const tenant = await createTenant(one.app, 'idempotency');
    const file = await processedFile(one.app, one.deps, tenant, chatJsonl(40));
    const body = { model: MODEL, training_file: file, suffix: 'once' };
    const first = await create(one, tenant, 'retry-me', body);
    expect(first.statusCode).toBe(200);
    const again = await create(two, tenant, 'retry-me', body);
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(await jobCount(tenant)).toBe(1);
    // A new key is a new request.
    expect((await create(one, tenant, 'another', body)).json().id).not.toBe(first.json().id);
    expect(await jobCount(tenant)).toBe(2);
  });

  it('answers 422 when the same key comes with a different body or path', async () => {
    const tenant = await createTenant(one.app, 'idempotency-reuse');
    const file = await processedFile(one.app, one.deps, tenant, chatJsonl(40));
    expect((await create(one, tenant, 'k1', { model: MODEL, training_file: file })).statusCode).toBe(200);
    const changed = await create(two, tenant, 'k1', { model: MODEL, training_file: file, suffix: 'different' });
    expect(changed.statusCode).toBe(422);
    expect(changed.json().error).toMatchObject({ code: 'idempotency_key_reused', param: 'Idempotency-Key', type: 'invalid_request_error' });
    const job = (await one.app.inject({ method: 'GET', url: '/v1/fine_tuning/jobs', headers: tenant.headers })).json().data[0];
    const otherPath = await one.app.inject({ method: 'POST', url: `/v1/fine_tuning/jobs/${job.id}/cancel`, headers: { ...tenant.headers, 'idempotency-key': 'k1' } });
    expect(otherPath.statusCode).toBe(422);
    expect(await jobCount(tenant)).toBe(1);
  });

  it('replays client errors too, keeps keys per organization, and refuses a malformed key', async () => {
    const tenant = await createTenant(one.app, 'idempotency-errors');
    const other = await createTenant(one.app, 'idempotency-other');
    const bad = { model: MODEL, training_file: 'file-missing' };
    const first = await create(one, tenant, 'same', bad);
    expect(first.statusCode).toBe(400);
    const replay = await create(two, tenant, 'same', bad);
    expect([replay.statusCode, replay.headers['idempotent-replayed']]).toEqual([400, 'true']);
    expect(replay.json()).toEqual(first.json());
    // Another tenant's identical key is unrelated.
    expect((await create(one, other, 'same', bad)).headers['idempotent-replayed']).toBeUndefined();
    const tooLong = await create(one, tenant, 'x'.repeat(256), bad);
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error.code).toBe('invalid_idempotency_key');
  });

  it('answers 409 to a retry that arrives while the first request is still running', async () => {
    const tenant = await createTenant(one.app, 'idempotency-concurrent');
    const file = await processedFile(one.app, one.deps, tenant, chatJsonl(40));
    const body = { model: MODEL, training_file: file };
    const answers = await Promise.all([create(one, tenant, 'together', body), create(two, tenant, 'together', body)]);
    const statuses = answers.map((a) => a.statusCode).sort();
    // Either the second saw the first still running (409) or already finished (a replay).
    expect([[200, 409], [200, 200]]).toContainEqual(statuses);
    expect(await jobCount(tenant)).toBe(1);
  });

  it('forgets a key once it expires: the same key then runs as a new request', async () => {
    const shortLived = await startApi({ QUEUE_PREFIX: `whetstone-idempotency-ttl-${process.pid}`, IDEMPOTENCY_KEY_TTL_SECONDS: '1' });
    try {
      const tenant = await createTenant(shortLived.app, 'idempotency-ttl');
      const file = await processedFile(shortLived.app, shortLived.deps, tenant, chatJsonl(40));
      const body = { model: MODEL, training_file: file };
      const first = await create(shortLived, tenant, 'expires', body);
      expect(first.statusCode).toBe(200);
      expect((await create(shortLived, tenant, 'expires', body)).headers['idempotent-replayed']).toBe('true');
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const later = await create(shortLived, tenant, 'expires', body);
      expect(later.statusCode).toBe(200);
      expect(later.headers['idempotent-replayed']).toBeUndefined();
      expect(later.json().id).not.toBe(first.json().id);
      expect(await jobCount(tenant)).toBe(2);
    } finally {
      await shortLived.close();
    }
  });
});
