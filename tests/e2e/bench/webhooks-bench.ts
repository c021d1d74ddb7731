/**
 * Webhook delivery benchmark: a real worker process (outbox relay + webhooks queue) delivering
 * to a node:http receiver on loopback. Latency is measured from the outbox insert (the state
 * change's commit) to the moment the receiver has the whole request; both clocks are this
 * process's. Three phases: steady (events at a fixed rate: latency), burst (16 concurrent
 * writers: throughput while writes compete) and backlog (events written with no worker running,
 * then drained: the worker's own throughput). Needs the local services and a migrated database (`npm start` or
 * `npm run services -- up && npm run migrate`); uses DATABASE_URL/REDIS_URL when set.
 *
 *   npm run bench:webhooks
 *   BENCH_STEADY_EVENTS=1000 BENCH_STEADY_RATE=200 BENCH_BURST_EVENTS=5000 npm run bench:webhooks
 *
 * Worker settings (WEBHOOK_RELAY_INTERVAL_MS, WORKER_CONCURRENCY_WEBHOOKS, ...) pass through the
 * environment; the defaults are production's. Another worker running on the same database would
 * relay some events itself; stop it for clean figures.
 */
import { createLogger } from '@whetstone/common';
import { loadWorkerConfig } from '@whetstone/config';
import { createDb } from '@whetstone/db';
import { createRedis, Producers, QUEUES } from '@whetstone/queue';
import { createOrganization, createWebhookEndpoint, recordEvent } from '@whetstone/services';
import { DEVELOPMENT_SECRET_KEYS, parseAllowedHosts, parseSecretKeyring } from '@whetstone/webhooks';
import { startWebhookReceiver } from '../test/support/webhook-receiver';
import { startWorkerProcess, waitFor } from '../test/support/worker-process';

const STEADY_EVENTS = Number(process.env.BENCH_STEADY_EVENTS ?? 500);
const STEADY_RATE = Number(process.env.BENCH_STEADY_RATE ?? 100);
const BURST_EVENTS = Number(process.env.BENCH_BURST_EVENTS ?? 2000);
const BURST_WRITERS = 16;

async function main(): Promise<void> {
  const config = loadWorkerConfig();
  const log = createLogger({ level: 'info', name: 'bench-webhooks' });
  const db = createDb({ databaseUrl: config.DATABASE_URL });
  const prefix = `whetstone-bench-webhooks-${process.pid}`;

  const receivedAt = new Map<string, number>();
  const receiver = await startWebhookReceiver((req, res) => {
    if (!receivedAt.has(req.id)) receivedAt.set(req.id, req.receivedAt);
    res.end('ok');
  });
  const org = await createOrganization(db, { name: 'bench-webhooks' });
  await createWebhookEndpoint({ db, urlPolicy: { allowHttp: true, allowedHosts: parseAllowedHosts('127.0.0.1') }, secretKeyring: parseSecretKeyring(DEVELOPMENT_SECRET_KEYS) }, org.id, { url: receiver.url });
  const startWorker = () =>
    startWorkerProcess({ QUEUE_PREFIX: prefix, WORKER_QUEUES: 'webhooks', WEBHOOK_ALLOW_HTTP: 'true', WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', LOG_LEVEL: 'warn' });
  let worker = await startWorker();
  const insertedAt = new Map<string, number>();

  /** One state change: its outbox row, committed; the latency clock starts at the commit. */
  async function emit(i: number): Promise<string> {
    const createdAt = new Date();
    const id = await db.$transaction((tx) =>
      recordEvent(tx, { organizationId: org.id, type: 'fine_tuning.job.checkpoint.created', createdAt, data: { id: `ftckpt-${i}`, step: i } }),
    );
    insertedAt.set(id, createdAt.getTime());
    return id;
  }

  async function delivered(ids: string[], what: string): Promise<void> {
    await waitFor(what, async () => ids.every((id) => receivedAt.has(id)), 300_000);
  }

  function report(phase: string, ids: string[], wallMs: number): void {
    const latencies = ids.map((id) => receivedAt.get(id)! - insertedAt.get(id)!).sort((a, b) => a - b);
    const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)]!;
    log.info(
      {
        phase,
        events: ids.length,
        deliveriesPerSecond: Math.round((ids.length / wallMs) * 1000),
        latencyMs: { p50: pct(50), p90: pct(90), p99: pct(99), max: latencies.at(-1) },
      },
      `${phase}: ${ids.length} deliveries in ${(wallMs / 1000).toFixed(2)} s = ${((ids.length / wallMs) * 1000).toFixed(0)}/s; ` +
        `latency p50 ${pct(50)} ms, p99 ${pct(99)} ms, max ${latencies.at(-1)} ms`,
    );
  }

  try {
    const warmup = await Promise.all(Array.from({ length: 20 }, (_, i) => emit(-1 - i)));
    await delivered(warmup, 'warm-up');

    // Steady: events at a fixed rate, as a busy platform produces them.
    const steady: string[] = [];
    const steadyStart = Date.now();
    for (let i = 0; i < STEADY_EVENTS; i++) {
      const due = steadyStart + (i * 1000) / STEADY_RATE;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      steady.push(await emit(i));
    }
    await delivered(steady, 'steady phase');
    report(`steady ${STEADY_RATE}/s`, steady, Math.max(...steady.map((id) => receivedAt.get(id)!)) - steadyStart);

    // Burst: as many state changes as BURST_WRITERS concurrent writers can commit at once.
    const burst: string[] = [];
    const burstStart = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: BURST_WRITERS }, async () => {
        while (next < BURST_EVENTS) burst.push(await emit(STEADY_EVENTS + next++));
      }),
    );
    log.info({ events: burst.length, ms: Date.now() - burstStart }, 'burst: every state change committed');
    await delivered(burst, 'burst phase');
    report('burst', burst, Math.max(...burst.map((id) => receivedAt.get(id)!)) - burstStart);
    // Backlog: events committed while no worker runs (an outage), then one worker drains them.
    // Pure worker throughput: nothing else competes for the CPU while it drains.
    await worker.stop();
    const backlog: string[] = [];
    for (let i = 0; i < BURST_EVENTS; i += BURST_WRITERS) {
      backlog.push(...(await Promise.all(Array.from({ length: Math.min(BURST_WRITERS, BURST_EVENTS - i) }, (_, j) => emit(2 * BURST_EVENTS + i + j)))));
    }
    worker = await startWorker();
    const drainStart = Date.now();
    await delivered(backlog, 'backlog phase');
    const drainMs = Math.max(...backlog.map((id) => receivedAt.get(id)!)) - drainStart;
    log.info(
      { phase: 'backlog', events: backlog.length, deliveriesPerSecond: Math.round((backlog.length / drainMs) * 1000) },
      `backlog: ${backlog.length} events queued during an outage drained in ${(drainMs / 1000).toFixed(2)} s after the worker was ready = ${((backlog.length / drainMs) * 1000).toFixed(0)}/s`,
    );
    log.info(
      { relayIntervalMs: config.WEBHOOK_RELAY_INTERVAL_MS, relayBatch: config.WEBHOOK_RELAY_BATCH_SIZE, concurrency: config.WORKER_CONCURRENCY_WEBHOOKS },
      'worker settings',
    );
  } finally {
    await worker.stop();
    await db.organization.delete({ where: { id: org.id } });
    await receiver.close();
    const redis = createRedis(config.REDIS_URL, 'producer');
    const producers = new Producers(redis, prefix);
    await producers.queue(QUEUES.webhooks).obliterate({ force: true });
    await producers.close();
    redis.disconnect();
    await db.$disconnect();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
