import type { FastifyInstance } from 'fastify';
import { QUEUES, deliverWebhookJobId } from '@whetstone/queue';
import { recordEvent, relayOutboxBatch } from '@whetstone/services';
import { decryptSecret } from '@whetstone/webhooks';
import { createTenant, startApi } from './support/harness';

// Deliveries are queued under this prefix and never consumed here (no worker runs in API tests).
const prefix = `whetstone-api-webhooks-${process.pid}`;
// Port 9 (discard): allowlisted, and nothing listens there.
const HOOK_URL = 'http://127.0.0.1:9/hooks';

let api: Awaited<ReturnType<typeof startApi>>;
let strict: Awaited<ReturnType<typeof startApi>>;
const orgIds: string[] = [];

beforeAll(async () => {
  api = await startApi({ QUEUE_PREFIX: prefix, WEBHOOK_ALLOW_HTTP: 'true', WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' });
  // Production settings: https only, no allowlisted hosts.
  strict = await startApi({ QUEUE_PREFIX: prefix });
});
afterAll(async () => {
  await api.deps.db.webhookEndpoint.deleteMany({ where: { organizationId: { in: orgIds } } });
  await api.deps.producers.queue(QUEUES.webhooks).obliterate({ force: true });
  await strict.close();
  await api.close();
});

async function tenant(app: FastifyInstance = api.app) {
  const t = await createTenant(app, 'webhooks');
  orgIds.push(t.orgId);
  return t;
}

async function createEndpoint(headers: Record<string, string>, payload: Record<string, unknown> = {}) {
  const res = await api.app.inject({ method: 'POST', url: '/v1/webhook_endpoints', headers, payload: { url: HOOK_URL, ...payload } });
  expect(res.statusCode).toBe(200);
  return res.json();
}

/** Outbox events committed for the org, then relayed into deliveries exactly as the worker does. */
async function relayedEvents(orgId: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    ids.push(await api.deps.db.$transaction((tx) => recordEvent(tx, { organizationId: orgId, type: 'file.processed', data: { id: `file-${i}` } })));
  }
  while ((await relayOutboxBatch(api.deps, { batchSize: 100 })).events > 0);
  return ids;
}

describe('webhook endpoints API', () => {
  it('creates an endpoint and shows its whsec_ signing secret only in the creation response', async () => {
    const t = await tenant();
    const created = await createEndpoint(t.headers, { description: 'orders', event_types: ['fine_tuning.job.*', 'file.processed'] });
    expect(created).toMatchObject({
      id: expect.stringMatching(/^we-/),
      object: 'webhook_endpoint',
      url: HOOK_URL,
      description: 'orders',
      event_types: ['fine_tuning.job.*', 'file.processed'],
      enabled: true,
      disabled_reason: null,
      previous_secret_expires_at: null,
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/),
    });

    const views = [
      (await api.app.inject({ method: 'GET', url: `/v1/webhook_endpoints/${created.id}`, headers: t.headers })).json(),
      (await api.app.inject({ method: 'GET', url: '/v1/webhook_endpoints', headers: t.headers })).json().data[0],
      (await api.app.inject({ method: 'PATCH', url: `/v1/webhook_endpoints/${created.id}`, headers: t.headers, payload: { description: null } })).json(),
    ];
    for (const view of views) {
      expect(view.id).toBe(created.id);
      expect(view).not.toHaveProperty('secret');
      expect(JSON.stringify(view)).not.toContain(created.secret.slice(6));
    }
    expect(views[2].description).toBeNull();
  });

  it('refuses URLs resolving to loopback, private or link-local addresses with 400 url_forbidden_address, at create and update', async () => {
    const t = await tenant(strict.app);
    for (const url of ['https://127.0.0.1/hook', 'https://localhost:8443/hook', 'https://10.1.2.3/hook', 'https://169.254.169.254/latest/meta-data', 'https://[::1]/hook', 'https://192.168.0.10/']) {
      const res = await strict.app.inject({ method: 'POST', url: '/v1/webhook_endpoints', headers: t.headers, payload: { url } });
      expect({ url, status: res.statusCode }).toEqual({ url, status: 400 });
      expect(res.json().error).toMatchObject({ type: 'invalid_request_error', code: 'url_forbidden_address', param: 'url' });
      expect(res.json().error.message).toMatch(/private, loopback, link-local/);
    }
    const http = await strict.app.inject({ method: 'POST', url: '/v1/webhook_endpoints', headers: t.headers, payload: { url: 'http://203.0.114.1/hook' } });
    expect(http.json().error).toMatchObject({ code: 'https_required', param: 'url' });
    const notAUrl = await strict.app.inject({ method: 'POST', url: '/v1/webhook_endpoints', headers: t.headers, payload: { url: 'not a url' } });
    expect(notAUrl.json().error).toMatchObject({ code: 'invalid_url', param: 'url' });

    const publicUrl = await strict.app.inject({ method: 'POST', url: '/v1/webhook_endpoints', headers: t.headers, payload: { url: 'https://1.1.1.1/hook' } });
    expect(publicUrl.statusCode).toBe(200);
    const update = await strict.app.inject({ method: 'PATCH', url: `/v1/webhook_endpoints/${publicUrl.json().id}`, headers: t.headers, payload: { url: 'https://172.16.0.1/x' } });
    expect(update.statusCode).toBe(400);
    expect(update.json().error.code).toBe('url_forbidden_address');
    const unchanged = await strict.app.inject({ method: 'GET', url: `/v1/webhook_endpoints/${publicUrl.json().id}`, headers: t.headers });
    expect(unchanged.json().url).toBe('https://1.1.1.1/hook');
  });

  it('accepts loopback http only when WEBHOOK_ALLOW_HTTP and WEBHOOK_ALLOWED_HOSTS allow it', async () => {
    const t = await tenant();
    expect((await createEndpoint(t.headers)).url).toBe(HOOK_URL);
    const other = await api.app.inject({ method: 'POST', url: '/v1/webhook_endpoints', headers: t.headers, payload: { url: 'http://127.0.0.2/hooks' } });
    expect(other.json().error.code).toBe('url_forbidden_address');
  });

  it('refuses unknown event types and accepts wildcards', async () => {
    const t = await tenant();
    const bad = await api.app.inject({ method: 'POST', url: '/v1/webhook_endpoints', headers: t.headers, payload: { url: HOOK_URL, event_types: ['fine_tuning.jobs.succeeded'] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.param).toMatch(/^event_types/);
    expect((await createEndpoint(t.headers, { event_types: ['*'] })).event_types).toEqual(['*']);
  });

  it('rotates the secret: the new one is shown once, the old one keeps signing for the grace period (24 h unless given)', async () => {
    const t = await tenant();
    const created = await createEndpoint(t.headers);
    const before = Math.floor(Date.now() / 1000);
    const rotated = await api.app.inject({ method: 'POST', url: `/v1/webhook_endpoints/${created.id}/rotate_secret`, headers: t.headers });
    expect(rotated.statusCode).toBe(200);
    const body = rotated.json();
    expect(body.secret).toMatch(/^whsec_/);
    expect(body.secret).not.toBe(created.secret);
    expect(body.previous_secret_expires_at).toBeGreaterThanOrEqual(before + 86_400);
    expect(body.previous_secret_expires_at).toBeLessThanOrEqual(before + 86_400 + 60);
    const row = await api.deps.db.webhookEndpoint.findUniqueOrThrow({ where: { id: created.id } });
    // Stored encrypted (never the secret itself); they decrypt to the new and the old secret.
    expect(row.secret).not.toContain(body.secret.slice(6));
    const keyring = api.deps.config.WEBHOOK_SECRET_KEYS;
    expect(decryptSecret(keyring, row.secret, row.id)).toBe(body.secret);
    expect(decryptSecret(keyring, row.previousSecret!, row.id)).toBe(created.secret);

    const custom = await api.app.inject({ method: 'POST', url: `/v1/webhook_endpoints/${created.id}/rotate_secret`, headers: t.headers, payload: { grace_period_seconds: 600 } });
    expect(custom.json().previous_secret_expires_at - Math.floor(Date.now() / 1000)).toBeLessThanOrEqual(600);
    const immediate = await api.app.inject({ method: 'POST', url: `/v1/webhook_endpoints/${created.id}/rotate_secret`, headers: t.headers, payload: { grace_period_seconds: 0 } });
    expect(immediate.json().previous_secret_expires_at).toBeNull();
    expect((await api.app.inject({ method: 'GET', url: `/v1/webhook_endpoints/${created.id}`, headers: t.headers })).json()).not.toHaveProperty('secret');
  });

  it('relays an event only to the enabled endpoints whose filters want it, once per endpoint', async () => {
    const t = await tenant();
    const all = await createEndpoint(t.headers);
    const files = await createEndpoint(t.headers, { event_types: ['file.*'] });
    const jobs = await createEndpoint(t.headers, { event_types: ['fine_tuning.job.succeeded'] });
    const off = await createEndpoint(t.headers, { enabled: false });
    const [eventId] = await relayedEvents(t.orgId, 1);
    // A second relay pass over the same event creates nothing (unique per endpoint and event).
    await api.deps.db.outboxEvent.update({ where: { id: eventId! }, data: { relayedAt: null } });
    await relayOutboxBatch(api.deps, { batchSize: 100 });

    const deliveries = await api.deps.db.webhookDelivery.findMany({ where: { eventId } });
    expect(deliveries.map((d) => d.endpointId).sort()).toEqual([all.id, files.id].sort());
    expect(deliveries.map((d) => d.endpointId)).not.toContain(jobs.id);
    expect(deliveries.map((d) => d.endpointId)).not.toContain(off.id);
    for (const d of deliveries) {
      const job = await api.deps.producers.queue(QUEUES.webhooks).getJob(deliverWebhookJobId(d.id, 1));
      expect(job?.data).toEqual({ organizationId: t.orgId, deliveryId: d.id });
    }
  });

  it('lists deliveries newest first with cursor pagination, and shows one with its event and attempts', async () => {
    const t = await tenant();
    const endpoint = await createEndpoint(t.headers);
    const eventIds = await relayedEvents(t.orgId, 5);
    const url = `/v1/webhook_endpoints/${endpoint.id}/deliveries`;

    const first = (await api.app.inject({ method: 'GET', url: `${url}?limit=3`, headers: t.headers })).json();
    expect(first).toMatchObject({ object: 'list', has_more: true });
    const second = (await api.app.inject({ method: 'GET', url: `${url}?limit=3&after=${first.last_id}`, headers: t.headers })).json();
    expect(second.has_more).toBe(false);
    const listed = [...first.data, ...second.data];
    expect(listed.map((d: { event_id: string }) => d.event_id)).toEqual([...eventIds].reverse());
    expect(listed[0]).toMatchObject({
      object: 'webhook_delivery',
      endpoint_id: endpoint.id,
      event_type: 'file.processed',
      status: 'pending',
      attempt_count: 0,
      last_status_code: null,
      last_latency_ms: null,
      next_attempt_at: expect.any(Number),
    });

    const detail = (await api.app.inject({ method: 'GET', url: `${url}/${listed[0].id}`, headers: t.headers })).json();
    expect(detail).toMatchObject({ id: listed[0].id, attempts: [], event: { id: eventIds[4], type: 'file.processed', data: { id: 'file-4' } } });
    const failed = (await api.app.inject({ method: 'GET', url: `${url}?status=failed`, headers: t.headers })).json();
    expect(failed.data).toEqual([]);
  });

  it('replays one settled delivery (409 while pending) and every failed delivery since a time', async () => {
    const t = await tenant();
    const endpoint = await createEndpoint(t.headers);
    const [oldEvent, ...recent] = await relayedEvents(t.orgId, 3);
    const url = `/v1/webhook_endpoints/${endpoint.id}`;
    const deliveries = await api.deps.db.webhookDelivery.findMany({ where: { endpointId: endpoint.id }, orderBy: { id: 'asc' } });
    const pending = await api.app.inject({ method: 'POST', url: `${url}/deliveries/${deliveries[0]!.id}/replay`, headers: t.headers });
    expect(pending.statusCode).toBe(409);
    expect(pending.json().error.code).toBe('delivery_pending');

    // As the worker leaves them after giving up: failed, one attempt made. The first is older.
    const since = new Date(Date.now() - 60_000);
    await api.deps.db.webhookDelivery.updateMany({ where: { endpointId: endpoint.id }, data: { status: 'failed', attemptCount: 1, nextAttemptAt: null } });
    await api.deps.db.webhookDelivery.updateMany({ where: { endpointId: endpoint.id, eventId: oldEvent }, data: { createdAt: new Date(since.getTime() - 1000) } });

    const one = await api.app.inject({ method: 'POST', url: `${url}/deliveries/${deliveries[0]!.id}/replay`, headers: t.headers });
    expect(one.json()).toMatchObject({ id: deliveries[0]!.id, status: 'pending', attempt_count: 1 });
    const job = await api.deps.producers.queue(QUEUES.webhooks).getJob(deliverWebhookJobId(deliveries[0]!.id, 2));
    expect(await job?.getState()).toBe('waiting');

    await api.deps.db.webhookDelivery.updateMany({ where: { endpointId: endpoint.id }, data: { status: 'failed' } });
    const bulk = await api.app.inject({ method: 'POST', url: `${url}/replay`, headers: t.headers, payload: { since: Math.floor(since.getTime() / 1000) } });
    expect(bulk.json()).toEqual({ object: 'webhook_endpoint.replay', endpoint_id: endpoint.id, since: Math.floor(since.getTime() / 1000), replayed: 2, has_more: false });
    const after = await api.deps.db.webhookDelivery.findMany({ where: { endpointId: endpoint.id } });
    expect(after.filter((d) => d.status === 'pending').map((d) => d.eventId).sort()).toEqual([...recent].sort());
  });

  it('test-fires a webhook.test event at one endpoint only; a disabled endpoint answers 409 until re-enabled', async () => {
    const t = await tenant();
    const target = await createEndpoint(t.headers);
    const bystander = await createEndpoint(t.headers);
    const res = await api.app.inject({ method: 'POST', url: `/v1/webhook_endpoints/${target.id}/test`, headers: t.headers });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ object: 'webhook_delivery', endpoint_id: target.id, event_type: 'webhook.test', status: 'pending' });
    await relayOutboxBatch(api.deps, { batchSize: 100 });
    expect(await api.deps.db.webhookDelivery.count({ where: { endpointId: bystander.id } })).toBe(0);

    await api.deps.db.webhookEndpoint.update({ where: { id: target.id }, data: { enabled: false, disabledReason: 'endpoint_gone: 410' } });
    const refused = await api.app.inject({ method: 'POST', url: `/v1/webhook_endpoints/${target.id}/test`, headers: t.headers });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('endpoint_disabled');
    const enabled = await api.app.inject({ method: 'PATCH', url: `/v1/webhook_endpoints/${target.id}`, headers: t.headers, payload: { enabled: true } });
    expect(enabled.json()).toMatchObject({ enabled: true, disabled_reason: null });
  });

  it("answers 404 on every endpoint route for another tenant's endpoint or delivery", async () => {
    const owner = await tenant();
    const other = await tenant();
    const endpoint = await createEndpoint(owner.headers);
    const test = await api.app.inject({ method: 'POST', url: `/v1/webhook_endpoints/${endpoint.id}/test`, headers: owner.headers });
    const deliveryId = test.json().id as string;
    const own = await createEndpoint(other.headers);
    const e = `/v1/webhook_endpoints/${endpoint.id}`;
    const routes: [string, string, object?][] = [
      ['GET', e],
      ['PATCH', e, { description: 'x' }],
      ['POST', `${e}/rotate_secret`, {}],
      ['POST', `${e}/test`],
      ['POST', `${e}/replay`, { since: 0 }],
      ['GET', `${e}/deliveries`],
      ['GET', `${e}/deliveries/${deliveryId}`],
      ['POST', `${e}/deliveries/${deliveryId}/replay`],
      // The other tenant's own endpoint with the owner's delivery id.
      ['GET', `/v1/webhook_endpoints/${own.id}/deliveries/${deliveryId}`],
      ['POST', `/v1/webhook_endpoints/${own.id}/deliveries/${deliveryId}/replay`],
      ['DELETE', e],
    ];
    for (const [method, url, payload] of routes) {
      const res = await api.app.inject({ method: method as 'GET', url, headers: other.headers, ...(payload ? { payload } : {}) });
      expect({ method, url, status: res.statusCode }).toEqual({ method, url, status: 404 });
      expect(res.json().error).toMatchObject({ type: 'invalid_request_error', code: 'not_found' });
    }
    const list = (await api.app.inject({ method: 'GET', url: '/v1/webhook_endpoints', headers: other.headers })).json();
    expect(list.data.map((x: { id: string }) => x.id)).toEqual([own.id]);
    // Nothing changed for the owner.
    const still = await api.app.inject({ method: 'GET', url: e, headers: owner.headers });
    expect(still.json()).toMatchObject({ id: endpoint.id, description: null });
  });

  it('deletes an endpoint with its deliveries', async () => {
    const t = await tenant();
    const endpoint = await createEndpoint(t.headers);
    await relayedEvents(t.orgId, 1);
    const res = await api.app.inject({ method: 'DELETE', url: `/v1/webhook_endpoints/${endpoint.id}`, headers: t.headers });
    expect(res.json()).toEqual({ id: endpoint.id, object: 'webhook_endpoint', deleted: true });
    expect(await api.deps.db.webhookDelivery.count({ where: { endpointId: endpoint.id } })).toBe(0);
    expect((await api.app.inject({ method: 'GET', url: `/v1/webhook_endpoints/${endpoint.id}`, headers: t.headers })).statusCode).toBe(404);
  });
});
