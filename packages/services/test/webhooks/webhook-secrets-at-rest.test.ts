import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { QuotaError } from '@whetstone/common';
import { createDb } from '@whetstone/db';
import { createRedis, Producers, QUEUES } from '@whetstone/queue';
import { DEFAULT_RETRY_POLICY, generateWebhookSecret, parseAllowedHosts, parseSecretKeyring, secretKeyId, verifyWebhook, type SecretKeyring } from '@whetstone/webhooks';
import {
  attemptWebhookDelivery,
  countSecretsOffActiveKey,
  createOrganization,
  createWebhookEndpoint,
  MAX_WEBHOOK_ENDPOINTS_PER_ORGANIZATION,
  reencryptWebhookSecrets,
  recordEvent,
  relayOutboxBatch,
  rotateWebhookSecret,
} from '../../src';

const db = createDb({ databaseUrl: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:55432/whetstone_test' });
const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:56379', 'producer');
const producers = new Producers(redis, `whetstone-services-secrets-${process.pid}`);
const urlPolicy = { allowHttp: true, allowedHosts: parseAllowedHosts('127.0.0.1') };
const key = () => randomBytes(32).toString('base64');
const k1 = `k1:${key()}`;
const orgIds: string[] = [];
const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
let server: http.Server;
let hookUrl: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  await db.organization.deleteMany({ where: { id: { in: orgIds } } });
  await new Promise((r) => (server.closeAllConnections(), server.close(r)));
  await producers.queue(QUEUES.webhooks).obliterate({ force: true });
  await producers.close();
  redis.disconnect();
  await db.$disconnect();
});

async function org() {
  const o = await createOrganization(db, { name: 'secrets-at-rest' });
  orgIds.push(o.id);
  return o.id;
}

/** Relays one event and delivers it with `keyring`; returns the request the receiver got. */
async function deliverOne(orgId: string, keyring: SecretKeyring) {
  const eventId = await db.$transaction((tx) => recordEvent(tx, { organizationId: orgId, type: 'file.processed', data: { id: `file-${randomBytes(4).toString('hex')}` } }));
  while ((await relayOutboxBatch({ db, producers }, { batchSize: 100 })).events > 0);
  const delivery = await db.webhookDelivery.findFirstOrThrow({ where: { eventId } });
  const before = received.length;
  const outcome = await attemptWebhookDelivery({ db, producers }, { urlPolicy, secretKeyring: keyring, timeoutMs: 5000, retryPolicy: DEFAULT_RETRY_POLICY }, { organizationId: orgId, deliveryId: delivery.id });
  expect(outcome.outcome).toBe('succeeded');
  return received[before]!;
}

describe('webhook signing secrets at rest', () => {
  it('are stored encrypted under the configured key; the creator gets the secret once and deliveries are signed with it', async () => {
    const keyring = parseSecretKeyring(k1);
    const orgId = await org();
    const created = await createWebhookEndpoint({ db, urlPolicy, secretKeyring: keyring }, orgId, { url: hookUrl });
    expect(created.secret).toMatch(/^whsec_/);
    const row = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.secret).not.toContain(created.secret.slice(6));
    expect(secretKeyId(row.secret)).toBe('k1');
    const request = await deliverOne(orgId, keyring);
    expect(verifyWebhook(created.secret, request.headers as Record<string, string>, request.body).type).toBe('file.processed');

    // A rotation stores the new secret encrypted too, and the old one (still signing) stays encrypted.
    const rotated = await rotateWebhookSecret(db, keyring, orgId, created.id, { gracePeriodSeconds: 3600 });
    const after = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: created.id } });
    expect(after.secret).not.toContain(rotated.secret.slice(6));
    expect(after.previousSecret).toBe(row.secret);
    const signedByBoth = await deliverOne(orgId, keyring);
    for (const secret of [created.secret, rotated.secret]) expect(verifyWebhook(secret, signedByBoth.headers as Record<string, string>, signedByBoth.body).type).toBe('file.processed');
  });

  it('key rotation: with a new key first, old rows still sign; re-encryption moves them (and legacy plaintext rows) onto it; then the old key can go', async () => {
    const orgId = await org();
    const old = parseSecretKeyring(k1);
    const created = await createWebhookEndpoint({ db, urlPolicy, secretKeyring: old }, orgId, { url: hookUrl });
    // A row written before secrets were encrypted.
    const legacySecret = generateWebhookSecret();
    const legacy = await createWebhookEndpoint({ db, urlPolicy, secretKeyring: old }, orgId, { url: hookUrl, eventTypes: ['file.error'] });
    await db.webhookEndpoint.update({ where: { id: legacy.id }, data: { secret: legacySecret } });

    // A row under a key no longer configured (removed too early): the sweep must skip and report it, not stop.
    const lost = await createWebhookEndpoint({ db, urlPolicy, secretKeyring: parseSecretKeyring(`k0:${key()}`) }, orgId, { url: hookUrl, eventTypes: ['file.deleted'] });

    const rotatedKeys = parseSecretKeyring(`k2:${key()},${k1}`);
    const before = await deliverOne(orgId, rotatedKeys);
    expect(verifyWebhook(created.secret, before.headers as Record<string, string>, before.body).type).toBe('file.processed');
    // The database is shared with other tests and earlier runs: count only this organization's rows.
    const ownOffActive = async () => (await db.webhookEndpoint.findMany({ where: { organizationId: orgId } })).filter((r) => secretKeyId(r.secret) !== 'k2').length;
    expect(await ownOffActive()).toBe(3);
    expect(await countSecretsOffActiveKey(db, rotatedKeys)).toBeGreaterThanOrEqual(3);

    const result = await reencryptWebhookSecrets(db, rotatedKeys);
    expect(result.unreadableIds).toContain(lost.id);
    expect(result.updated).toBeGreaterThanOrEqual(2);
    const rows = await db.webhookEndpoint.findMany({ where: { organizationId: orgId } });
    expect(rows.map((r) => [r.id, secretKeyId(r.secret)]).sort()).toEqual([[created.id, 'k2'], [legacy.id, 'k2'], [lost.id, 'k0']].sort());
    expect(await ownOffActive()).toBe(1);
    await db.webhookEndpoint.delete({ where: { id: lost.id } });
    expect(rows.find((r) => r.id === legacy.id)!.secret).not.toContain(legacySecret.slice(6));

    // Only the new key left: everything still signs with the secrets the tenant holds.
    const onlyNew = parseSecretKeyring(`k2:${rotatedKeys.keys.get('k2')!.toString('base64')}`);
    const after = await deliverOne(orgId, onlyNew);
    expect(verifyWebhook(created.secret, after.headers as Record<string, string>, after.body).type).toBe('file.processed');
    const eventId = await db.$transaction((tx) => recordEvent(tx, { organizationId: orgId, type: 'file.error', data: { id: 'file-legacy' } }));
    while ((await relayOutboxBatch({ db, producers }, { batchSize: 100 })).events > 0);
    const delivery = await db.webhookDelivery.findFirstOrThrow({ where: { eventId, endpointId: legacy.id } });
    const n = received.length;
    await attemptWebhookDelivery({ db, producers }, { urlPolicy, secretKeyring: onlyNew, timeoutMs: 5000, retryPolicy: DEFAULT_RETRY_POLICY }, { organizationId: orgId, deliveryId: delivery.id });
    expect(verifyWebhook(legacySecret, received[n]!.headers as Record<string, string>, received[n]!.body).type).toBe('file.error');
  });
});

describe('webhook endpoints per organization', () => {
  it(`are capped at ${MAX_WEBHOOK_ENDPOINTS_PER_ORGANIZATION}, also under concurrent creates (429 quota_exceeded:webhook_endpoints)`, async () => {
    const orgId = await org();
    const keyring = parseSecretKeyring(k1);
    const results = await Promise.allSettled(
      Array.from({ length: MAX_WEBHOOK_ENDPOINTS_PER_ORGANIZATION + 4 }, () => createWebhookEndpoint({ db, urlPolicy, secretKeyring: keyring }, orgId, { url: hookUrl })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(MAX_WEBHOOK_ENDPOINTS_PER_ORGANIZATION);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as QuotaError);
    expect(refused).toHaveLength(4);
    for (const error of refused) expect(error.toBody().error.code).toBe('quota_exceeded:webhook_endpoints');
    expect(refused[0]!.status).toBe(429);
    expect(await db.webhookEndpoint.count({ where: { organizationId: orgId } })).toBe(MAX_WEBHOOK_ENDPOINTS_PER_ORGANIZATION);
  });
});
