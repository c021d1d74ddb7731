import type { ServerResponse } from 'node:http';
import type { Prisma } from '@whetstone/db';
import { recordEvent } from '@whetstone/services';
import { verifyWebhook, WebhookVerificationError } from '@whetstone/webhooks';
import { createTenant, startApi } from '../../../apps/api/test/support/harness';
import { startWebhookReceiver, unusedPort, type WebhookReceiver } from './support/webhook-receiver';
import { startWorkerProcess, waitFor, type WorkerProcess } from './support/worker-process';

const prefix = `whetstone-e2e-webhooks-${process.pid}`;
const webhookEnv = { WEBHOOK_ALLOW_HTTP: 'true', WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' };
// A short schedule (≈0.1 s, 0.2 s, 0.4 s... capped at 1 s) so retries happen within a test.
const workerEnv = {
  ...webhookEnv,
  QUEUE_PREFIX: prefix,
  WORKER_QUEUES: 'webhooks',
  WORKER_CONCURRENCY_WEBHOOKS: '16',
  WEBHOOK_RETRY_BASE_SECONDS: '0.2',
  WEBHOOK_RETRY_MAX_DELAY_SECONDS: '1',
  WEBHOOK_RETRY_WINDOW_SECONDS: '120',
  WEBHOOK_RELAY_INTERVAL_MS: '100',
  WEBHOOK_SWEEP_INTERVAL_MS: '500',
};

let api: Awaited<ReturnType<typeof startApi>>;
let worker: WorkerProcess;
const receivers: WebhookReceiver[] = [];
const orgIds: string[] = [];

beforeAll(async () => {
  api = await startApi({ ...webhookEnv, QUEUE_PREFIX: prefix });
  worker = await startWorkerProcess(workerEnv);
});
afterAll(async () => {
  await worker?.stop();
  // Nothing of this file may linger: pending deliveries would be retried by later runs.
  await api?.deps.db.webhookEndpoint.deleteMany({ where: { organizationId: { in: orgIds } } });
  await Promise.all(receivers.map((r) => r.close()));
  await api?.deps.producers.queue('webhooks').obliterate({ force: true });
  await api?.close();
});

async function tenant() {
  const t = await createTenant(api.app, 'webhooks-e2e');
  orgIds.push(t.orgId);
  return t;
}

async function receiver(...args: Parameters<typeof startWebhookReceiver>) {
  const r = await startWebhookReceiver(...args);
  receivers.push(r);
  return r;
}

async function createEndpoint(headers: Record<string, string>, url: string, extra: Record<string, unknown> = {}) {
  const res = await api.app.inject({ method: 'POST', url: '/v1/webhook_endpoints', headers, payload: { url, ...extra } });
  expect(res.statusCode).toBe(200);
  return res.json() as { id: string; secret: string };
}

/** A state change's event, written to the outbox in its transaction, exactly as the domain does. */
async function emit(orgId: string, type: string, data: Prisma.InputJsonObject): Promise<string> {
  return api.deps.db.$transaction((tx) => recordEvent(tx, { organizationId: orgId, type, data }));
}

async function storedPayload(eventId: string) {
  const event = await api.deps.db.outboxEvent.findUniqueOrThrow({ where: { id: eventId } });
  return event.payload as Record<string, unknown>;
}

function deliveryOf(endpointId: string, eventId: string) {
  return api.deps.db.webhookDelivery.findUnique({ where: { endpointId_eventId: { endpointId, eventId } }, include: { attempts: { orderBy: { number: 'asc' } } } });
}

describe('webhook delivery through the outbox relay and a real worker', () => {
  it('signs each event so verifyWebhook accepts it, and rejects a tampered body or an old timestamp', async () => {
    const t = await tenant();
    const hook = await receiver();
    const endpoint = await createEndpoint(t.headers, hook.url);
    const eventId = await emit(t.orgId, 'file.processed', { id: 'file-abc', object: 'file', status: 'processed' });

    const [received] = await waitFor('the event to arrive', async () => hook.forEvent(eventId).length > 0 && hook.forEvent(eventId));
    const event = verifyWebhook(endpoint.secret, received!.headers, received!.body);
    expect(event).toEqual(await storedPayload(eventId));
    expect(received!.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/=]+$/);

    const tampered = received!.body.replace('file-abc', 'file-abd');
    expect(() => verifyWebhook(endpoint.secret, received!.headers, tampered)).toThrow(expect.objectContaining({ reason: 'invalid_signature' }));
    const sentAt = Number(received!.headers['webhook-timestamp']);
    const later = new Date((sentAt + 6 * 60) * 1000);
    expect(() => verifyWebhook(endpoint.secret, received!.headers, received!.body, { now: later })).toThrow(WebhookVerificationError);
    expect(() => verifyWebhook(endpoint.secret, received!.headers, received!.body, { now: later })).toThrow(expect.objectContaining({ reason: 'timestamp_too_old' }));

    const delivery = await waitFor('delivery recorded as succeeded', async () => {
      const d = await deliveryOf(endpoint.id, eventId);
      return d?.status === 'succeeded' && d;
    });
    expect(delivery).toMatchObject({ attemptCount: 1, lastStatusCode: 200, nextAttemptAt: null });
  });

  it('a receiver that is down and then recovers gets every event, exactly as signed, with the failed attempts recorded', async () => {
    const t = await tenant();
    const port = await unusedPort();
    const endpoint = await createEndpoint(t.headers, `http://127.0.0.1:${port}/hooks`);
    const eventIds = [
      await emit(t.orgId, 'fine_tuning.job.succeeded', { id: 'ftjob-1', object: 'fine_tuning.job', status: 'succeeded' }),
      await emit(t.orgId, 'fine_tuning.job.failed', { id: 'ftjob-2', object: 'fine_tuning.job', status: 'failed' }),
      await emit(t.orgId, 'file.error', { id: 'file-3', object: 'file', status: 'error' }),
    ];
    // Down: connections refused until every delivery has failed twice.
    await waitFor('two failed attempts per delivery', async () => {
      const rows = await api.deps.db.webhookDelivery.findMany({ where: { endpointId: endpoint.id } });
      return rows.length === eventIds.length && rows.every((d) => d.attemptCount >= 2 && d.status === 'pending');
    });

    const hook = await receiver(undefined, port);
    await waitFor('all deliveries to succeed', async () => {
      const rows = await api.deps.db.webhookDelivery.findMany({ where: { endpointId: endpoint.id } });
      return rows.every((d) => d.status === 'succeeded');
    });
    for (const eventId of eventIds) {
      const copies = hook.forEvent(eventId);
      expect(copies).toHaveLength(1);
      expect(JSON.parse(copies[0]!.body)).toEqual(await storedPayload(eventId));
      expect(verifyWebhook(endpoint.secret, copies[0]!.headers, copies[0]!.body).id).toBe(eventId);

      const detail = (await api.app.inject({ method: 'GET', url: `/v1/webhook_endpoints/${endpoint.id}/deliveries`, headers: t.headers })).json();
      const listed = detail.data.find((d: { event_id: string }) => d.event_id === eventId);
      const full = (await api.app.inject({ method: 'GET', url: `/v1/webhook_endpoints/${endpoint.id}/deliveries/${listed.id}`, headers: t.headers })).json();
      expect(full.status).toBe('succeeded');
      expect(full.attempt_count).toBeGreaterThanOrEqual(3);
      const attempts = full.attempts as { number: number; status_code: number | null; error: string | null; latency_ms: number }[];
      expect(attempts.map((a) => a.number)).toEqual(attempts.map((_, i) => i + 1));
      expect(attempts.slice(0, -1).every((a) => a.status_code === null && a.error?.startsWith('connection_failed'))).toBe(true);
      expect(attempts.at(-1)).toMatchObject({ status_code: 200, error: null });
    }
  });

  it('410 Gone disables the endpoint with the reason recorded; after re-enabling, a replay since a time delivers what failed', async () => {
    const t = await tenant();
    const hook = await receiver((_req, res) => res.writeHead(410).end('gone'));
    const endpoint = await createEndpoint(t.headers, hook.url);
    const since = Math.floor(Date.now() / 1000) - 1;
    const first = await emit(t.orgId, 'file.processed', { id: 'file-1' });

    const disabled = await waitFor('the endpoint to be disabled', async () => {
      const e = (await api.app.inject({ method: 'GET', url: `/v1/webhook_endpoints/${endpoint.id}`, headers: t.headers })).json();
      return e.enabled === false && e;
    });
    expect(disabled.disabled_reason).toMatch(/410/);
    expect(hook.forEvent(first)).toHaveLength(1);
    const failed = await deliveryOf(endpoint.id, first);
    expect(failed).toMatchObject({ status: 'failed', attemptCount: 1, lastStatusCode: 410, nextAttemptAt: null });

    // A disabled endpoint gets no deliveries for later events.
    const second = await emit(t.orgId, 'file.processed', { id: 'file-2' });
    await waitFor('the second event to be relayed', async () => (await api.deps.db.outboxEvent.findUnique({ where: { id: second } }))?.relayedAt);
    expect(await deliveryOf(endpoint.id, second)).toBeNull();

    hook.respondWith((_req, res) => res.end('ok'));
    const enabled = await api.app.inject({ method: 'PATCH', url: `/v1/webhook_endpoints/${endpoint.id}`, headers: t.headers, payload: { enabled: true } });
    expect(enabled.json()).toMatchObject({ enabled: true, disabled_reason: null });
    const replay = await api.app.inject({ method: 'POST', url: `/v1/webhook_endpoints/${endpoint.id}/replay`, headers: t.headers, payload: { since } });
    expect(replay.json()).toMatchObject({ replayed: 1, has_more: false });
    await waitFor('the replayed delivery to succeed', async () => (await deliveryOf(endpoint.id, first))?.status === 'succeeded');
    const replayed = await deliveryOf(endpoint.id, first);
    expect(replayed!.attempts.map((a) => a.statusCode)).toEqual([410, 200]);
    expect(hook.forEvent(first).map((r) => r.id)).toEqual([first, first]);
  });

  it('429 with Retry-After: the next attempt is not made before the time the receiver asked for', async () => {
    const t = await tenant();
    let calls = 0;
    const hook = await receiver((_req, res) => {
      calls += 1;
      if (calls === 1) res.writeHead(429, { 'retry-after': '2' }).end('slow down');
      else res.end('ok');
    });
    const endpoint = await createEndpoint(t.headers, hook.url);
    const eventId = await emit(t.orgId, 'fine_tuning.job.running', { id: 'ftjob-9' });

    await waitFor('two attempts', async () => hook.forEvent(eventId).length >= 2);
    const [firstTry, secondTry] = hook.forEvent(eventId);
    // Without Retry-After the short test schedule would retry after 0.1-0.2 s.
    expect(secondTry!.receivedAt - firstTry!.receivedAt).toBeGreaterThanOrEqual(2000);
    const delivery = await waitFor('success recorded', async () => {
      const d = await deliveryOf(endpoint.id, eventId);
      return d?.status === 'succeeded' && d;
    });
    expect(delivery.attempts.map((a) => a.statusCode)).toEqual([429, 200]);
    expect(delivery.attempts[1]!.createdAt.getTime() - delivery.attempts[0]!.createdAt.getTime()).toBeGreaterThanOrEqual(2000);
  });

  it('one hung endpoint does not delay another endpoint of the same organization', async () => {
    const t = await tenant();
    const held: ServerResponse[] = [];
    const slow = await receiver((_req, res) => held.push(res));
    const fast = await receiver();
    const slowEndpoint = await createEndpoint(t.headers, slow.url);
    await createEndpoint(t.headers, fast.url);

    // Fewer than WEBHOOK_MAX_IN_FLIGHT_PER_ENDPOINT (4), so every one of them is in flight at once.
    const early: string[] = [];
    for (let i = 0; i < 3; i++) early.push(await emit(t.orgId, 'fine_tuning.job.checkpoint.created', { id: `ftckpt-${i}` }));
    await waitFor('the slow endpoint to hold every early delivery', async () => early.every((id) => slow.forEvent(id).length === 1));
    // Three deliveries now hang on the slow endpoint; later events must still reach the fast one.
    const late: string[] = [];
    for (let i = 0; i < 5; i++) late.push(await emit(t.orgId, 'fine_tuning.job.eval.completed', { id: `fteval-${i}` }));
    await waitFor('the fast endpoint to get every event', async () => [...early, ...late].every((id) => fast.forEvent(id).length === 1));
    const slowAttempts = await api.deps.db.webhookAttempt.count({ where: { delivery: { endpointId: slowEndpoint.id } } });
    expect(slowAttempts).toBe(0); // every slow delivery is still in flight: nothing waited for them

    for (const res of held.splice(0)) res.end('ok');
    slow.respondWith((_req, res) => res.end('ok'));
    await waitFor('the slow endpoint to catch up', async () => {
      const rows = await api.deps.db.webhookDelivery.findMany({ where: { endpointId: slowEndpoint.id } });
      return rows.length === 8 && rows.every((d) => d.status === 'succeeded');
    });
  });

  it('during a rotation grace period both secrets sign; with no grace only the new one does', async () => {
    const t = await tenant();
    const hook = await receiver();
    const endpoint = await createEndpoint(t.headers, hook.url);
    const rotate = (payload: object) =>
      api.app.inject({ method: 'POST', url: `/v1/webhook_endpoints/${endpoint.id}/rotate_secret`, headers: t.headers, payload });
    const testFire = async () => {
      const res = await api.app.inject({ method: 'POST', url: `/v1/webhook_endpoints/${endpoint.id}/test`, headers: t.headers });
      expect(res.statusCode).toBe(200);
      const eventId = res.json().event_id as string;
      const [received] = await waitFor('the test event', async () => hook.forEvent(eventId).length > 0 && hook.forEvent(eventId));
      return received!;
    };

    const rotated = (await rotate({})).json();
    const during = await testFire();
    expect(String(during.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(verifyWebhook(endpoint.secret, during.headers, during.body).type).toBe('webhook.test');
    expect(verifyWebhook(rotated.secret, during.headers, during.body).data).toMatchObject({ id: endpoint.id });

    const again = (await rotate({ grace_period_seconds: 0 })).json();
    const after = await testFire();
    expect(String(after.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(verifyWebhook(again.secret, after.headers, after.body).type).toBe('webhook.test');
    expect(() => verifyWebhook(rotated.secret, after.headers, after.body)).toThrow(expect.objectContaining({ reason: 'invalid_signature' }));
  });

  it('a pending delivery whose queued job was lost (Redis lost it) is found by the sweep and delivered', async () => {
    const t = await tenant();
    const hook = await receiver();
    const endpoint = await createEndpoint(t.headers, hook.url);
    const eventId = await api.deps.db.$transaction(async (tx) => {
      const id = await recordEvent(tx, { organizationId: t.orgId, type: 'file.processed', data: { id: 'file-lost' } });
      await tx.outboxEvent.update({ where: { id }, data: { relayedAt: new Date() } });
      await tx.webhookDelivery.create({
        data: { id: `whdel-lost-${Date.now()}`, organizationId: t.orgId, endpointId: endpoint.id, eventId: id, nextAttemptAt: new Date(Date.now() - 60_000) },
      });
      return id;
    });
    await waitFor('the swept delivery to arrive', async () => hook.forEvent(eventId).length === 1);
    await waitFor('success recorded', async () => (await deliveryOf(endpoint.id, eventId))?.status === 'succeeded');
  });

  it('an event committed while no worker runs (the process died after the state change) is delivered once a worker starts', async () => {
    const t = await tenant();
    const hook = await receiver();
    const endpoint = await createEndpoint(t.headers, hook.url);
    await worker.stop('SIGKILL');

    const eventId = await emit(t.orgId, 'fine_tuning.job.succeeded', { id: 'ftjob-after-crash', status: 'succeeded' });
    expect((await api.deps.db.outboxEvent.findUniqueOrThrow({ where: { id: eventId } })).relayedAt).toBeNull();

    worker = await startWorkerProcess(workerEnv);
    await waitFor('the event to arrive', async () => hook.forEvent(eventId).length === 1);
    expect(verifyWebhook(endpoint.secret, hook.forEvent(eventId)[0]!.headers, hook.forEvent(eventId)[0]!.body)).toEqual(await storedPayload(eventId));
  });
});
