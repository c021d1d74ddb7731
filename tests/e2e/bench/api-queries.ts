/**
 * Queries per request, by route: the app built on a database client that counts every SQL
 * statement, each route requested a few times, the statements of the last request printed.
 * The profile behind the hot-path work (bench:api measures the throughput).
 *
 *   npx tsx tests/e2e/bench/api-queries.ts            (local services, migrated database)
 */
import { createLogger } from '@whetstone/common';
import { loadApiConfig } from '@whetstone/config';
import { createDb } from '@whetstone/db';
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
  const config = loadApiConfig({ ...process.env, ADMIN_TOKEN, LOG_LEVEL: 'silent', QUEUE_PREFIX: `whetstone-api-queries-${process.pid}`, RATE_LIMIT_PER_MINUTE: '1000000' });
  const seen: { query: string; durationMs: number }[] = [];
  const deps = { ...createDeps(config, createLogger({ level: 'silent', name: 'api-queries' })) };
  await deps.db.$disconnect();
  deps.db = createDb({ databaseUrl: config.DATABASE_URL, onQuery: (q) => seen.push(q) });
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

    const routes: [string, string, string, unknown?][] = [
      ['retrieve (succeeded)', 'GET', `/v1/fine_tuning/jobs/${done.id}`],
      ['retrieve (queued)', 'GET', `/v1/fine_tuning/jobs/${queued.id}`],
      ['list', 'GET', '/v1/fine_tuning/jobs?limit=20'],
      ['events page', 'GET', `/v1/fine_tuning/jobs/${done.id}/events?limit=20`],
      ['metrics page', 'GET', `/v1/fine_tuning/jobs/${done.id}/metrics?limit=100`],
      ['create', 'POST', '/v1/fine_tuning/jobs', body],
    ];
    const rows: (string | number)[][] = [];
    const detail: string[] = [];
    for (const [name, method, url, payload] of routes) {
      let last: typeof seen = [];
      for (let i = 0; i < REPEAT; i++) {
        seen.length = 0;
        const res = await app.inject({ method: method as 'GET' | 'POST', url, headers: tenant.headers, ...(payload ? { payload: payload as object } : {}) });
        if (res.statusCode !== 200) throw new Error(`${name}: ${res.statusCode} ${res.body}`);
        last = [...seen];
      }
      const ms = last.reduce((n, q) => n + q.durationMs, 0);
      rows.push([name, last.length, ms]);
      detail.push(`\n${name}:`, ...last.map((q) => `  ${q.durationMs} ms  ${q.query.replace(/\s+/g, ' ').slice(0, 160)}`));
    }
    console.log(`Statements per request (the ${REPEAT}th of ${REPEAT} identical requests, so caches are warm):`);
    console.log(formatTable(['route', 'statements', 'DB ms (reported by Prisma)'], rows));
    console.log(detail.join('\n'));
    await deps.db.fineTuningJob.deleteMany({ where: { organizationId: tenant.orgId } });
    await deps.db.organization.delete({ where: { id: tenant.orgId } });
  } finally {
    await app.close();
    await closeDeps(deps);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
