/**
 * Load simulation for the capacity plan (docs/capacity.md): many tenants using the platform at
 * once, against the real API (in this process, on a real port) and a real worker process, on
 * real Postgres, Redis and S3.
 *
 * Each simulated tenant (its own organization and API key) arrives at a random time within the
 * ramp, uploads a small chat dataset, polls the file until the worker has validated it, creates
 * a small LoRA job, then watches it like a dashboard: an SSE event stream held open while it
 * polls the job every few seconds and lists its jobs once. At the end of the window every job
 * that has not finished is cancelled. Like OpenAI's SDKs, clients retry a 429/503 that names a
 * Retry-After (up to 5 tries). Reported: client-side latency per route, errors, how long
 * validation and the training queue took, how many runs one worker finished, and what the run
 * left in Postgres, Redis and S3 per tenant and per job (the unit costs the capacity plan scales).
 *
 *   npm run bench:load
 *   BENCH_TENANTS=200 BENCH_SECONDS=60 npm run bench:load
 *
 * Settings: BENCH_TENANTS (1000), BENCH_SECONDS (length of the watching window after the last
 * arrival, 60), BENCH_RAMP_SECONDS (arrivals spread over this, 60), BENCH_POLL_SECONDS (2),
 * BENCH_STREAM_SECONDS (how long each tenant holds its SSE stream, 20), BENCH_EXAMPLES (lines per
 * dataset, 12). Needs the local services and a migrated database (`npm run services -- up &&
 * npm run migrate`); use a database of its own: the worker's reconciler adopts queued jobs.
 */
import { cpus, loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLogger } from '@whetstone/common';
import { registerDemoModel } from '@whetstone/services';
import { admin, bearer, startApi } from '../../../apps/api/test/support/harness';
import { chatJsonl, multipart } from '../../../apps/api/test/support/multipart';
import { startWorkerProcess, type WorkerProcess } from '../test/support/worker-process';
import { Recorder, percentile } from './support/load-recorder';

const TENANTS = Number(process.env.BENCH_TENANTS ?? 1000);
const WINDOW_SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const RAMP_SECONDS = Number(process.env.BENCH_RAMP_SECONDS ?? 60);
const POLL_SECONDS = Number(process.env.BENCH_POLL_SECONDS ?? 2);
const STREAM_SECONDS = Number(process.env.BENCH_STREAM_SECONDS ?? 20);
const EXAMPLES = Number(process.env.BENCH_EXAMPLES ?? 12);
const MODEL = 'whetstone/tiny-llama';
const HYPERPARAMETERS = { n_epochs: 1, batch_size: 4, max_seq_length: 64 };
const TERMINAL = new Set(['succeeded', 'failed', 'cancelled']);

const log = createLogger({ level: 'info', name: 'bench-load' });

interface Tenant {
  orgId: string;
  headers: Record<string, string>;
}

async function main(): Promise<void> {
  const prefix = `whetstone-bench-load-${process.pid}`;
  const api = await startApi({ QUEUE_PREFIX: prefix, RATE_LIMIT_PER_MINUTE: String(1e9), RATE_LIMIT_PER_IP_PER_MINUTE: String(1e9) });
  const base = await api.app.listen({ port: 0, host: '127.0.0.1' });
  const rec = new Recorder();
  const loads: number[] = [loadavg()[0]!];
  const loadTimer = setInterval(() => loads.push(loadavg()[0]!), 5000);
  let worker: WorkerProcess | undefined;
  try {
    await registerDemoModel(api.deps);
    worker = await startWorkerProcess({ QUEUE_PREFIX: prefix, LOG_LEVEL: 'warn', DATABASE_URL: api.deps.config.DATABASE_URL });
    console.log(`bench:load  node ${process.version}, ${cpus().length} CPUs (shared), load average ${loads[0]!.toFixed(2)}; API in this process, one worker process (all queues), Postgres/Redis/S3 local`);
    console.log(`${TENANTS} tenants arriving over ${RAMP_SECONDS} s, then ${WINDOW_SECONDS} s of watching; polls every ${POLL_SECONDS} s, SSE held ${STREAM_SECONDS} s`);

    const setupStart = Date.now();
    const tenants = await inBatches(TENANTS, 20, (i) => createTenant(base, rec, i));
    log.info({ tenants: tenants.length, ms: Date.now() - setupStart }, 'tenants created');

    const dataset = chatJsonl(EXAMPLES);
    const started = Date.now();
    const end = started + (RAMP_SECONDS + WINDOW_SECONDS) * 1000;
    const jobs: { tenant: Tenant; id: string }[] = [];
    await Promise.all(
      tenants.map(async (tenant) => {
        await sleep(Math.random() * RAMP_SECONDS * 1000);
        const id = await tenantSession(base, rec, tenant, dataset, end);
        if (id) jobs.push({ tenant, id });
      }),
    );
    const elapsed = (Date.now() - started) / 1000;

    // Runs the worker finished while tenants watched, before the leftovers are cancelled.
    const finished = await api.deps.db.fineTuningJob.groupBy({ by: ['status'], where: { id: { in: jobs.map((j) => j.id) } }, _count: true });
    const open = await api.deps.db.fineTuningJob.findMany({ where: { id: { in: jobs.map((j) => j.id) }, status: { notIn: ['succeeded', 'failed', 'cancelled'] } }, select: { id: true } });
    const unfinished = jobs.filter((j) => open.some((o) => o.id === j.id));
    await inBatches(unfinished.length, 20, async (i) => {
      const job = unfinished[i]!;
      await call(rec, 'POST /v1/fine_tuning/jobs/{id}/cancel', base, `/v1/fine_tuning/jobs/${job.id}/cancel`, job.tenant.headers, { method: 'POST' });
    });
    clearInterval(loadTimer);
    loads.push(loadavg()[0]!);

    const footprint = await measureFootprint(api, prefix, tenants.map((t) => t.orgId));
    report({ rec, elapsed, finished, loads, footprint, jobs: jobs.length });
  } finally {
    clearInterval(loadTimer);
    await worker?.stop();
    await api.close();
  }
}

/** One tenant's visit: upload, wait for validation, create a job, watch it until the window ends. */
async function tenantSession(base: string, rec: Recorder, tenant: Tenant, dataset: string, end: number): Promise<string | null> {
  const body = multipart([{ name: 'purpose', value: 'fine-tune' }, { name: 'file', value: dataset, filename: 'train.jsonl' }]);
  const uploadedAt = Date.now();
  const upload = await call(rec, 'POST /v1/files', base, '/v1/files', { ...tenant.headers, ...body.headers }, { method: 'POST', body: body.payload });
  if (!upload.ok) return null;
  const fileId = (upload.body as { id: string }).id;
  for (;;) {
    if (Date.now() > end) return null;
    await sleep(POLL_SECONDS * 1000);
    const file = await call(rec, 'GET /v1/files/{id}', base, `/v1/files/${fileId}`, tenant.headers);
    const status = (file.body as { status?: string } | null)?.status;
    if (status === 'processed') break;
    if (status === 'error') return null;
  }
  rec.duration('file uploaded → processed (seen by polling)', Date.now() - uploadedAt);

  const createdAt = Date.now();
  const created = await call(rec, 'POST /v1/fine_tuning/jobs', base, '/v1/fine_tuning/jobs', { ...tenant.headers, 'content-type': 'application/json' }, {
    method: 'POST',
    body: JSON.stringify({ model: MODEL, training_file: fileId, hyperparameters: HYPERPARAMETERS }),
  });
  if (!created.ok) return null;
  const jobId = (created.body as { id: string }).id;

  const stream = streamEvents(base, rec, tenant, jobId, Math.min(STREAM_SECONDS * 1000, Math.max(0, end - Date.now())));
  await call(rec, 'GET /v1/fine_tuning/jobs?limit=20', base, '/v1/fine_tuning/jobs?limit=20', tenant.headers);
  let sawRunning = false;
  while (Date.now() < end) {
    await sleep(POLL_SECONDS * 1000);
    const job = await call(rec, 'GET /v1/fine_tuning/jobs/{id}', base, `/v1/fine_tuning/jobs/${jobId}`, tenant.headers);
    const status = (job.body as { status?: string } | null)?.status ?? '';
    if (!sawRunning && (status === 'running' || status === 'succeeded')) {
      sawRunning = true;
      rec.duration('job created → running (seen by polling)', Date.now() - createdAt);
    }
    if (TERMINAL.has(status)) {
      if (status === 'succeeded') rec.duration('job created → succeeded (seen by polling)', Date.now() - createdAt);
      break;
    }
  }
  await stream;
  return jobId;
}

/** Holds the job's SSE stream open for `ms`, counting the events it delivers. */
async function streamEvents(base: string, rec: Recorder, tenant: Tenant, jobId: string, ms: number): Promise<void> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), ms);
  const opened = Date.now();
  try {
    const res = await fetch(`${base}/v1/fine_tuning/jobs/${jobId}/events?stream=true`, { headers: tenant.headers, signal: abort.signal });
    rec.request('GET …/events?stream=true (until first byte)', Date.now() - opened, res.status);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      rec.count('SSE events received', (decoder.decode(value).match(/^event: /gm) ?? []).length);
    }
  } catch (err) {
    if ((err as Error).name !== 'AbortError') rec.request('GET …/events?stream=true (until first byte)', Date.now() - opened, 0);
  } finally {
    clearTimeout(timer);
  }
}

async function call(
  rec: Recorder,
  route: string,
  base: string,
  path: string,
  headers: Record<string, string>,
  init: { method?: string; body?: string | Buffer } = {},
): Promise<{ ok: boolean; status: number; body: unknown }> {
  // Like OpenAI's SDKs: a 429/503 with Retry-After is retried (up to 5 times) after that delay;
  // each answer is recorded, and the route's latency table shows every try.
  for (let attempt = 1; ; attempt++) {
    const start = Date.now();
    try {
      const res = await fetch(`${base}${path}`, { method: init.method ?? 'GET', headers, body: typeof init.body === 'string' || init.body === undefined ? init.body : new Uint8Array(init.body) });
      const body = await res.json().catch(() => null);
      rec.request(route, Date.now() - start, res.status);
      if (!res.ok) rec.count(`${route} → ${res.status} ${(body as { error?: { code?: string } } | null)?.error?.code ?? ''}`, 1);
      const retryAfter = Number(res.headers.get('retry-after'));
      if ((res.status === 429 || res.status === 503) && retryAfter > 0 && attempt < 5) {
        await sleep(retryAfter * 1000 * (1 + Math.random()));
        continue;
      }
      return { ok: res.ok, status: res.status, body };
    } catch {
      rec.request(route, Date.now() - start, 0);
      return { ok: false, status: 0, body: null };
    }
  }
}

async function createTenant(base: string, rec: Recorder, i: number): Promise<Tenant> {
  const json = { ...admin, 'content-type': 'application/json' };
  const org = await call(rec, 'POST /admin/v1/organizations', base, '/admin/v1/organizations', json, { method: 'POST', body: JSON.stringify({ name: `load-${i}` }) });
  const orgId = (org.body as { id: string }).id;
  const key = await call(rec, 'POST /admin/v1/organizations/{id}/api_keys', base, `/admin/v1/organizations/${orgId}/api_keys`, json, { method: 'POST', body: JSON.stringify({ name: 'load' }) });
  return { orgId, headers: bearer((key.body as { key: string }).key) };
}

async function inBatches<T>(count: number, width: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < count; i += width) out.push(...(await Promise.all(Array.from({ length: Math.min(width, count - i) }, (_, j) => fn(i + j)))));
  return out;
}

interface Footprint {
  tables: { table: string; rows: number; bytes: number }[];
  redisBytes: number;
  redisKeys: number;
  objectBytes: number;
}

/** What the run left behind: rows and bytes per table, Redis memory and keys, stored file bytes. */
async function measureFootprint(api: Awaited<ReturnType<typeof startApi>>, prefix: string, orgIds: string[]): Promise<Footprint> {
  const db = api.deps.db;
  const tables = ['fine_tuning_jobs', 'job_events', 'job_metrics', 'files', 'outbox_events', 'organizations', 'api_keys'];
  const out: Footprint['tables'] = [];
  const ours: Record<string, string> = {
    organizations: 'id = ANY($1)',
    job_metrics: '"jobId" IN (SELECT id FROM fine_tuning_jobs WHERE "organizationId" = ANY($1))',
  };
  for (const table of tables) {
    const [row] = await db.$queryRawUnsafe<{ rows: bigint; bytes: bigint }[]>(
      `SELECT (SELECT count(*) FROM ${table} WHERE ${ours[table] ?? '"organizationId" = ANY($1)'}) AS rows, pg_total_relation_size('${table}') AS bytes`,
      orgIds,
    );
    out.push({ table, rows: Number(row!.rows), bytes: Number(row!.bytes) });
  }
  const info = await api.deps.redis.info('memory');
  const redisBytes = Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
  let redisKeys = 0;
  let cursor = '0';
  do {
    const [next, keys] = await api.deps.redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    redisKeys += keys.length;
  } while (cursor !== '0');
  const [files] = await db.$queryRaw<{ bytes: bigint | null }[]>`SELECT sum(bytes) AS bytes FROM files WHERE "organizationId" = ANY(${orgIds})`;
  return { tables: out, redisBytes, redisKeys, objectBytes: Number(files?.bytes ?? 0) };
}

function report(r: { rec: Recorder; elapsed: number; finished: { status: string; _count: number }[]; loads: number[]; footprint: Footprint; jobs: number }): void {
  const { rec } = r;
  const total = [...rec.requests.values()].reduce((n, s) => n + s.latencies.length, 0);
  console.log(`\nRequests (client-side, ${r.elapsed.toFixed(0)} s of simulated use; ${total} requests, ${(total / r.elapsed).toFixed(1)} req/s overall):\n`);
  console.log('| route | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | non-2xx |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const [route, s] of rec.requests) {
    const sorted = [...s.latencies].sort((a, b) => a - b);
    console.log(
      `| ${route} | ${sorted.length} | ${(sorted.length / r.elapsed).toFixed(1)} | ${percentile(sorted, 0.5)} | ${percentile(sorted, 0.95)} | ${percentile(sorted, 0.99)} | ${sorted[sorted.length - 1] ?? 0} | ${s.non2xx} |`,
    );
  }
  console.log('\n| waiting time | n | p50 s | p95 s | max s |');
  console.log('|---|---:|---:|---:|---:|');
  for (const [what, values] of rec.durations) {
    const sorted = [...values].sort((a, b) => a - b);
    console.log(`| ${what} | ${sorted.length} | ${(percentile(sorted, 0.5) / 1000).toFixed(1)} | ${(percentile(sorted, 0.95) / 1000).toFixed(1)} | ${((sorted[sorted.length - 1] ?? 0) / 1000).toFixed(1)} |`);
  }
  for (const [what, n] of rec.counts) console.log(`\n${what}: ${n}`);
  console.log(`\nJobs created: ${r.jobs}; status at the end of the window (before cancelling the rest): ${r.finished.map((f) => `${f.status} ${f._count}`).join(', ')}`);
  console.log('\nFootprint of the simulated tenants:\n');
  console.log('| table | rows | table size (all tenants on this database) |');
  console.log('|---|---:|---:|');
  for (const t of r.footprint.tables) console.log(`| ${t.table} | ${t.rows} | ${(t.bytes / 1024 ** 2).toFixed(1)} MiB |`);
  console.log(`\nRedis: ${(r.footprint.redisBytes / 1024 ** 2).toFixed(1)} MiB used in all, ${r.footprint.redisKeys} keys under this run's prefix; object store: ${(r.footprint.objectBytes / 1024).toFixed(0)} KiB of datasets uploaded`);
  console.log(`Load average (1 min) during the run: min ${Math.min(...r.loads).toFixed(2)}, max ${Math.max(...r.loads).toFixed(2)}, samples every 5 s`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
