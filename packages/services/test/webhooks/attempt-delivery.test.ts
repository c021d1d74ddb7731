import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDb, type Prisma } from '@whetstone/db';
import { createRedis, Producers, QUEUES } from '@whetstone/queue';
import { DEFAULT_RETRY_POLICY, DEVELOPMENT_SECRET_KEYS, parseAllowedHosts, parseSecretKeyring } from '@whetstone/webhooks';
import {
  attemptWebhookDelivery,
  createOrganization,
  createWebhookEndpoint,
  recordEvent,
  relayOutboxBatch,
  type WebhookDeliverySettings,
} from '../../src';

const db = createDb({ databaseUrl: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:55432/whetstone_test' });
const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:56379', 'producer');
const producers = new Producers(redis, `whetstone-services-webhooks-${process.pid}`);
const urlPolicy = { allowHttp: true, allowedHosts: parseAllowedHosts('127.0.0.1') };
const secretKeyring = parseSecretKeyring(DEVELOPMENT_SECRET_KEYS);
const settings: WebhookDeliverySettings = {
  urlPolicy,
  secretKeyring,
  timeoutMs: 5000,
  retryPolicy: { ...DEFAULT_RETRY_POLICY, baseDelaySeconds: 60 },
};
const orgIds: string[] = [];
const servers: http.Server[] = [];

afterAll(async () => {
  await db.organization.deleteMany({ where: { id: { in: orgIds } } });
  await Promise.all(servers.map((s) => new Promise((r) => (s.closeAllConnections(), s.close(r)))));
  await producers.queue(QUEUES.webhooks).obliterate({ force: true });
  await producers.close();
  redis.disconnect();
  await db.$disconnect();
});

/** A receiver answering `status`, counting what it got. */
async function receiver(status: number, delayMs = 0) {
  const received: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push(body);
      setTimeout(() => res.writeHead(status).end(), delayMs);
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, received };
}

async function setup(status: number, delayMs = 0) {
  const org = await createOrganization(db, { name: 'services-webhooks' });
  orgIds.push(org.id);
  const hook = await receiver(status, delayMs);
  const endpoint = await createWebhookEndpoint({ db, urlPolicy, secretKeyring }, org.id, { url: hook.url });
  return { orgId: org.id, endpoint, hook };
}

async function relayed(orgId: string, type: string, data: Prisma.InputJsonObject) {
  const eventId = await db.$transaction((tx) => recordEvent(tx, { organizationId: orgId, type, data }));
  while ((await relayOutboxBatch({ db, producers }, { batchSize: 100 })).events > 0);
  return db.webhookDelivery.findMany({ where: { eventId } });
}

describe('attemptWebhookDelivery', () => {
  it('sends a claimed delivery once even when two jobs for it run at the same time', async () => {
    const { orgId, hook } = await setup(200, 200);
    const [delivery] = await relayed(orgId, 'file.processed', { id: 'file-1' });
    const input = { organizationId: orgId, deliveryId: delivery!.id };
    const outcomes = await Promise.all([attemptWebhookDelivery({ db, producers }, settings, input), attemptWebhookDelivery({ db, producers }, settings, input)]);
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['skipped', 'succeeded']);
    expect(hook.received).toHaveLength(1);
    expect(await db.webhookAttempt.count({ where: { deliveryId: delivery!.id } })).toBe(1);
  });

  it('relays and delivers an event type outside the catalogue to an endpoint subscribed to everything', async () => {
    const { orgId, hook } = await setup(200);
    const [delivery] = await relayed(orgId, 'fine_tuning.job.pausing', { id: 'ftjob-1' });
    const outcome = await attemptWebhookDelivery({ db, producers }, settings, { organizationId: orgId, deliveryId: delivery!.id });
    expect(outcome.outcome).toBe('succeeded');
    expect(JSON.parse(hook.received[0]!)).toMatchObject({ type: 'fine_tuning.job.pausing', data: { id: 'ftjob-1' } });
  });

  it('fails an event over 20 KiB without sending it, and schedules a retry for a 500', async () => {
    const { orgId, hook } = await setup(500);
    const [big] = await relayed(orgId, 'file.processed', { id: 'file-big', blob: 'x'.repeat(21 * 1024) });
    const tooLarge = await attemptWebhookDelivery({ db, producers }, settings, { organizationId: orgId, deliveryId: big!.id });
    expect(tooLarge).toMatchObject({ outcome: 'failed', error: expect.stringMatching(/^payload_too_large/) });
    expect(hook.received).toHaveLength(0);

    const [small] = await relayed(orgId, 'file.processed', { id: 'file-small' });
    const before = Date.now();
    const failed = await attemptWebhookDelivery({ db, producers }, settings, { organizationId: orgId, deliveryId: small!.id });
    expect(failed).toMatchObject({ outcome: 'retrying', attempt: 1, statusCode: 500, error: 'http_error: HTTP 500' });
    // Equal jitter on a 60 s base: the next attempt is 30 to 60 s away.
    const wait = (failed as { nextAttemptAt: Date }).nextAttemptAt.getTime() - before;
    expect(wait).toBeGreaterThanOrEqual(29_000);
    expect(wait).toBeLessThanOrEqual(61_000);
    const row = await db.webhookDelivery.findUniqueOrThrow({ where: { id: small!.id } });
    expect(row).toMatchObject({ status: 'pending', attemptCount: 1, lastStatusCode: 500 });
    const job = await producers.queue(QUEUES.webhooks).getJob(`deliver.${small!.id}.2`);
    expect(await job?.getState()).toBe('delayed');
  });

  it('disables an endpoint that keeps failing, per the disable policy, and records why', async () => {
    const { orgId, endpoint } = await setup(500);
    const strict = { ...settings, disablePolicy: { failingForSeconds: 3600, consecutiveFailedEvents: 3, minFailingSecondsForEventCount: 0 } };
    for (let i = 0; i < 3; i++) {
      const [delivery] = await relayed(orgId, 'file.error', { id: `file-${i}` });
      const outcome = await attemptWebhookDelivery({ db, producers }, strict, { organizationId: orgId, deliveryId: delivery!.id });
      expect(outcome).toMatchObject({ endpointDisabled: i < 2 ? null : expect.stringMatching(/^too_many_failed_events: 3 consecutive events/) });
    }
    const row = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
    expect(row).toMatchObject({ enabled: false, disabledReason: expect.stringMatching(/^too_many_failed_events/) });
    // Pending deliveries to a disabled endpoint fail without being sent.
    const pending = await db.webhookDelivery.findFirstOrThrow({ where: { endpointId: endpoint.id, status: 'pending' } });
    await db.webhookDelivery.update({ where: { id: pending.id }, data: { nextAttemptAt: new Date() } });
    const outcome = await attemptWebhookDelivery({ db, producers }, strict, { organizationId: orgId, deliveryId: pending.id });
    expect(outcome).toMatchObject({ outcome: 'failed', error: expect.stringMatching(/^endpoint_disabled/) });
  });
});
