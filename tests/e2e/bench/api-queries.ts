/**
 * Round trips per request, by route: every SQL statement (Prisma's and the pg pool's alike, counted
 * where both meet, pg's Client) and every Redis command, each route requested a few times, the
 * last request's statements and commands printed. The profile behind the hot-path work
 * (bench:api measures the throughput).
 *
 *   npx tsx tests/e2e/bench/api-queries.ts            (local services, migrated database)
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import Redis from 'ioredis';
import { createLogger } from '@whetstone/common';
import { loadApiConfig } from '@whetstone/config';
import { buildApp } from '../../../apps/api/src/app';
import { closeDeps, createDeps } from '../../../apps/api/src/deps';
import { ADMIN_TOKEN, createTenant } from '../../../apps/api/test/support/harness';
import { chatJsonl } from '../../../apps/api/test/support/multipart';
import { processedFile } from '../../../apps/api/test/support/fixtures';
import { registerDemoModel } from '@whetstone/services';
import { formatTable } from './support/http-load';
import { seedFinishedJobs, seedJobHistory } from './support/seed-jobs';

const REPEAT = 5;

async function main(): Promise<void> {
  const config = loadApiConfig({ ...process.env, ADMIN_TOKEN, LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent', QUEUE_PREFIX: `whetstone-api-queries-${process.pid}`, RATE_LIMIT_PER_MINUTE: '1000000' });
  const seen: { query: string; durationMs: number }[] = [];
  countRoundTrips(seen);
  const deps = createDeps(config, createLogger({ level: process.env.LOG_LEVEL ?? 'silent', name: 'api-queries' }));
  const app = await buildApp(deps);
  await app.ready();
  try {
    await registerDemoModel(deps);
    const tenant = await createTenant(app, 'api-queries');
    const fileId = await processedFile(app, deps, tenant, chatJsonl(40));
    const body = { model: 'whetstone/tiny-llama', training_file: fileId, hyperparameters: { n_epochs: 1, batch_size: 4, max_seq_length: 64 } };
    const created = await app.inject({ method: 'POST', url: '/v1/fine_tuning/jobs', headers: tenant.headers, payload: body });
    const queued = await deps.db.fineTuningJob.findUniqueOrThrow({ where: { id: created.json().id } });
    const seeded = await seedFinishedJobs(deps.db, queued, 100);
    const done = await deps.db.fineTuningJob.findUniqueOrThrow({ where: { id: seeded.newest.succeeded! } });
    await seedJobHistory(deps.db, done, 50, 50);

    // A tenant without quotas creates without a transaction (insert-created-job.ts).
    const unlimited = await createTenant(app, 'api-queries-unlimited', { max_concurrent_jobs: null, max_queued_jobs: null, monthly_trained_tokens: null, storage_bytes: null });
    const unlimitedBody = { ...body, training_file: await processedFile(app, deps, unlimited, chatJsonl(40)) };
    const routes: [string, string, string, unknown?, Record<string, string>?][] = [
      ['retrieve (succeeded)', 'GET', `/v1/fine_tuning/jobs/${done.id}`],
      ['retrieve (queued)', 'GET', `/v1/fine_tuning/jobs/${queued.id}`],
      ['list', 'GET', '/v1/fine_tuning/jobs?limit=20'],
      ['events page', 'GET', `/v1/fine_tuning/jobs/${done.id}/events?limit=20`],
      ['metrics page', 'GET', `/v1/fine_tuning/jobs/${done.id}/metrics?limit=100`],
      ['create', 'POST', '/v1/fine_tuning/jobs', body],
      ['create (tenant without quotas)', 'POST', '/v1/fine_tuning/jobs', unlimitedBody, unlimited.headers],
    ];
    const rows: (string | number)[][] = [];
    const detail: string[] = [];
    for (const [name, method, url, payload, headers] of routes) {
      let last: typeof seen = [];
      for (let i = 0; i < REPEAT; i++) {
        seen.length = 0;
        const res = await app.inject({ method: method as 'GET' | 'POST', url, headers: headers ?? tenant.headers, ...(payload ? { payload: payload as object } : {}) });
        if (res.statusCode !== 200) throw new Error(`${name}: ${res.statusCode} ${res.body}`);
        last = [...seen];
      }
      const ms = last.reduce((n, q) => n + q.durationMs, 0);
      const redis = last.filter((q) => q.query.startsWith('redis ')).length;
      rows.push([name, last.length - redis, redis, ms.toFixed(1)]);
      detail.push(`\n${name}:`, ...last.map((q) => `  ${q.durationMs} ms  ${q.query.replace(/\s+/g, ' ').slice(0, 160)}`));
    }
    console.log(`Round trips per request (the ${REPEAT}th of ${REPEAT} identical requests, so caches are warm):`);
    console.log(formatTable(['route', 'SQL statements', 'Redis commands', 'ms waiting on them (sum)'], rows));
    console.log(detail.join('\n'));
    for (const orgId of [tenant.orgId, unlimited.orgId]) {
      await deps.db.fineTuningJob.deleteMany({ where: { organizationId: orgId } });
      await deps.db.organization.delete({ where: { id: orgId } });
    }
  } finally {
    await app.close();
    await closeDeps(deps);
  }
}

/**
 * Records every SQL statement and Redis command this process sends. Patched where all traffic
 * meets (pg's Client under both Prisma's adapter and the pool; ioredis' sendCommand), which is
 * only acceptable in a measuring script like this one.
 */
function countRoundTrips(seen: { query: string; durationMs: number }[]): void {
  const pgQuery = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const config = args[0] as string | { text?: string; name?: string };
    const text = typeof config === 'string' ? config : (config.text ?? config.name ?? '?');
    const start = performance.now();
    const result = pgQuery.apply(this, args);
    const done = () => seen.push({ query: text, durationMs: performance.now() - start });
    if (result && typeof (result as Promise<unknown>).then === 'function') (result as Promise<unknown>).then(done, done);
    else done();
    return result;
  } as typeof pg.Client.prototype.query;
  const send = Redis.prototype.sendCommand;
  Redis.prototype.sendCommand = function (this: Redis, command, stream) {
    const start = performance.now();
    const result = send.call(this, command, stream) as Promise<unknown>;
    const name = (command as { name: string }).name;
    const done = () => seen.push({ query: `redis ${name}`, durationMs: performance.now() - start });
    result.then(done, done);
    return result;
  };
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
