import type { ServerResponse } from 'node:http';
import type { Prisma } from '@whetstone/db';
import { recordEvent } from '@whetstone/services';
import { createTenant, startApi } from '../../../apps/api/test/support/harness';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver';
import { startWorkerProcess, waitFor, type WorkerProcess } from './support/worker-process';

const prefix = `whetstone-e2e-webhook-fairness-${process.pid}`;
const webhookEnv = { WEBHOOK_ALLOW_HTTP: 'true', WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' };

let api: Awaited<ReturnType<typeof startApi>>;
let worker: WorkerProcess;
const receivers: WebhookReceiver[] = [];
const orgIds: string[] = [];
const held: ServerResponse[] = [];

beforeAll(async () => {
  api = await startApi({ ...webhookEnv, QUEUE_PREFIX: prefix });
  // The worker's sweep re-enqueues every overdue delivery in the database, and earlier test
  // files leave some behind (endpoints on closed ports). Each would hold one of the four slots
  // for the full timeout (connection failures wait it out, so ports cannot be probed), so this
  // file settles them first: it measures slots shared by exactly its two organizations.
  await api.deps.db.webhookDelivery.updateMany({ where: { status: 'pending' }, data: { status: 'failed', nextAttemptAt: null, lastError: 'settled by the fairness test' } });
  // Four delivery slots in all; an organization may hold two of them.
  worker = await startWorkerProcess({
    ...webhookEnv,
    QUEUE_PREFIX: prefix,
    WORKER_QUEUES: 'webhooks',
    WORKER_CONCURRENCY_WEBHOOKS: '4',
    WEBHOOK_MAX_IN_FLIGHT_PER_ORGANIZATION: '2',
    WEBHOOK_MAX_IN_FLIGHT_PER_ENDPOINT: '2',
    WEBHOOK_TIMEOUT_MS: '30000',
    WEBHOOK_RELAY_INTERVAL_MS: '100',
    WEBHOOK_SWEEP_INTERVAL_MS: '500',
  });
});
afterAll(async () => {
  for (const res of held.splice(0)) res.end('ok');
  await worker?.stop();
  await api?.deps.db.webhookEndpoint.deleteMany({ where: { organizationId: { in: orgIds } } });
  await Promise.all(receivers.map((r) => r.close()));
  await api?.deps.producers.queue('webhooks').obliterate({ force: true });
  await api?.close();
});

async function tenantWithEndpoint(url: string) {
  const t = await createTenant(api.app, 'webhook-fairness');
  orgIds.push(t.orgId);
  const res = await api.app.inject({ method: 'POST', url: '/v1/webhook_endpoints', headers: t.headers, payload: { url } });
  expect(res.statusCode).toBe(200);
  return { ...t, endpointId: res.json().id as string };
}

const emit = (orgId: string, type: string, data: Prisma.InputJsonObject) => api.deps.db.$transaction((tx) => recordEvent(tx, { organizationId: orgId, type, data }));

describe('webhook delivery is fair across organizations', () => {
  it("one organization's hung endpoints hold at most its share of the delivery slots; another organization's event is delivered meanwhile", async () => {
    const hung = await startWebhookReceiver((_req, res) => held.push(res));
    const fast = await startWebhookReceiver();
    receivers.push(hung, fast);
    const noisy = await tenantWithEndpoint(hung.url);
    const quiet = await tenantWithEndpoint(fast.url);

    // More hanging deliveries than the worker has slots.
    for (let i = 0; i < 8; i++) await emit(noisy.orgId, 'file.processed', { id: `file-noisy-${i}` });
    await waitFor('the noisy organization to hold its share of the slots', async () => held.length >= 2);

    const quietEvent = await emit(quiet.orgId, 'file.processed', { id: 'file-quiet' });
    await waitFor('the quiet organization to get its event', async () => fast.forEvent(quietEvent).length === 1, 20_000);
    // Every noisy attempt is still hanging (none timed out, none finished): the quiet event did not wait for them.
    expect(await api.deps.db.webhookAttempt.count({ where: { delivery: { endpointId: noisy.endpointId } } })).toBe(0);
    expect(held.length).toBe(2);

    // Once the noisy endpoint answers, its backlog drains too.
    for (const res of held.splice(0)) res.end('ok');
    hung.respondWith((_req, res) => res.end('ok'));
    await waitFor('the noisy backlog to drain', async () => {
      const rows = await api.deps.db.webhookDelivery.findMany({ where: { endpointId: noisy.endpointId } });
      return rows.length === 8 && rows.every((d) => d.status === 'succeeded');
    });
  });
});
