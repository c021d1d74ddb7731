import { createDb, type Db } from '@whetstone/db';
import { createRedis, Producers, QUEUES } from '@whetstone/queue';
import { DEVELOPMENT_SECRET_KEYS, endpointWantsEvent, parseAllowedHosts, parseSecretKeyring } from '@whetstone/webhooks';
import { createOrganization, createWebhookEndpoint, recordEvent, relayOutboxBatch } from '../../src';

const databaseUrl = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:55432/whetstone_test';
const db = createDb({ databaseUrl });
const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:56379', 'producer');
const producers = new Producers(redis, `whetstone-services-relay-load-${process.pid}`);
const urlPolicy = { allowHttp: true, allowedHosts: parseAllowedHosts('127.0.0.1') };
const orgIds: string[] = [];
jest.setTimeout(120_000);
const smallDbs: Db[] = [];
/** Deliveries the relays in this file created (each must have exactly one job in this file's queue). */
let enqueued = 0;

afterAll(async () => {
  await db.organization.deleteMany({ where: { id: { in: orgIds } } });
  await producers.queue(QUEUES.webhooks).obliterate({ force: true });
  await producers.close();
  redis.disconnect();
  await Promise.all(smallDbs.map((d) => d.$disconnect()));
  await db.$disconnect();
});

/** A process's client with a small pool, as a busy worker has when its consumers hold most connections. */
function smallPool(connections: number): Db {
  const client = createDb({ databaseUrl, maxConnections: connections });
  smallDbs.push(client);
  return client;
}

async function orgWithEndpoints(filters: string[][]) {
  const org = await createOrganization(db, { name: 'relay-load' });
  orgIds.push(org.id);
  for (const eventTypes of filters) {
    await createWebhookEndpoint({ db, urlPolicy, secretKeyring: parseSecretKeyring(DEVELOPMENT_SECRET_KEYS) }, org.id, { url: 'http://127.0.0.1:9/hook', eventTypes });
  }
  return org.id;
}

describe('outbox relay under load', () => {
  it('relays while every connection of its pool is busy, instead of failing to start a transaction (P2028)', async () => {
    const orgId = await orgWithEndpoints([[]]);
    const eventId = await db.$transaction((tx) => recordEvent(tx, { organizationId: orgId, type: 'file.processed', data: { id: 'file-1' } }));
    const busy = smallPool(2);
    // Both connections are held for longer than Prisma's 2 s wait for a transaction to start
    // (an async function, because a Prisma query only runs once something awaits it).
    const hold = async () => busy.$queryRaw`SELECT 1 AS held FROM pg_sleep(2.5)`;
    const holders = [hold(), hold()];
    await new Promise((r) => setTimeout(r, 300));
    let relayed = 0;
    for (let i = 0; i < 20 && !(await db.outboxEvent.findUniqueOrThrow({ where: { id: eventId } })).relayedAt; i++) {
      relayed += (await relayOutboxBatch({ db: busy, producers }, { batchSize: 100 })).deliveries;
    }
    enqueued += relayed;
    await Promise.all(holders);
    expect(await db.webhookDelivery.count({ where: { eventId } })).toBe(1);
    expect(relayed).toBeGreaterThanOrEqual(1);
  });

  it('loses and duplicates nothing with three relays racing writers on starved pools', async () => {
    const filters = [[], ['file.*'], ['fine_tuning.job.succeeded', 'fine_tuning.job.failed']];
    const orgs = [await orgWithEndpoints(filters), await orgWithEndpoints(filters), await orgWithEndpoints([[]])];
    const types = ['file.processed', 'file.error', 'fine_tuning.job.succeeded', 'fine_tuning.job.running'];
    const EVENTS = 600;
    const WRITERS = 8;

    let writing = true;
    const errors: unknown[] = [];
    // Each relay shares a 3-connection pool with two consumers that keep a connection busy.
    const relays = Array.from({ length: 3 }, async () => {
      const pool = smallPool(3);
      let stop = false;
      const consumers = Array.from({ length: 2 }, async () => {
        while (!stop) await pool.$queryRaw`SELECT 1 AS held FROM pg_sleep(0.05)`;
      });
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        const stillWriting = writing;
        try {
          const result = await relayOutboxBatch({ db: pool, producers }, { batchSize: 25 });
          enqueued += result.deliveries;
          if (!stillWriting && result.events === 0) break;
        } catch (err) {
          errors.push(err);
          if (!stillWriting) break;
        }
      }
      stop = true;
      await Promise.all(consumers);
    });

    const written: Array<{ id: string; orgIndex: number; type: string }> = [];
    await Promise.all(
      Array.from({ length: WRITERS }, async (_, w) => {
        for (let i = w; i < EVENTS; i += WRITERS) {
          const orgIndex = i % orgs.length;
          const type = types[i % types.length]!;
          const id = await db.$transaction((tx) => recordEvent(tx, { organizationId: orgs[orgIndex]!, type, data: { i } }));
          written.push({ id, orgIndex, type });
        }
      }),
    );
    writing = false;
    await Promise.all(relays);

    expect(errors.map((e) => (e as Error).message.slice(0, 200))).toEqual([]);
    const events = await db.outboxEvent.findMany({ where: { organizationId: { in: orgs } }, select: { id: true, relayedAt: true } });
    expect(events).toHaveLength(EVENTS);
    expect(events.filter((e) => !e.relayedAt)).toEqual([]);

    const deliveries = await db.webhookDelivery.findMany({ where: { organizationId: { in: orgs } }, select: { id: true, eventId: true } });
    const perEvent = new Map<string, number>();
    for (const d of deliveries) perEvent.set(d.eventId, (perEvent.get(d.eventId) ?? 0) + 1);
    const wanted = (e: (typeof written)[number]) => (e.orgIndex === 2 ? 1 : filters.filter((f) => endpointWantsEvent(f, e.type)).length);
    const mismatched = written.filter((e) => (perEvent.get(e.id) ?? 0) !== wanted(e));
    expect(mismatched).toEqual([]);

    // Every delivery a relay created was enqueued exactly once (job ids are per delivery and attempt).
    const queue = producers.queue(QUEUES.webhooks);
    expect(await queue.getJobCountByTypes('waiting', 'delayed', 'prioritized')).toBe(enqueued);
    const missing = [];
    for (const d of deliveries) if (!(await queue.getJob(`deliver.${d.id}.1`))) missing.push(d.id);
    expect(missing).toEqual([]);
  });
});
