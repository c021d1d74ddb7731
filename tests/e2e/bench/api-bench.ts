/**
 * API benchmark, two parts.
 *
 * 1. Throughput and latency (autocannon) of job create, retrieve and list against the real app
 *    (buildApp with real Postgres, Redis and S3) listening on a real local port, in a tenant
 *    holding 10,000 jobs, next to a bare Fastify route measured in the same run. The tenant's
 *    quotas are lifted through the admin API and the process-wide RATE_LIMIT_PER_MINUTE and
 *    RATE_LIMIT_PER_IP_PER_MINUTE are raised (every request comes from 127.0.0.1), so nothing
 *    answers 429; both limiters still run (one Redis round trip per request). Create dispatches to BullMQ under a QUEUE_PREFIX of its
 *    own with no worker, so those jobs just queue; they are cancelled right after that run.
 * 2. Latency from job creation to the first training step with an idle worker: a real worker
 *    process, one small job at a time, cancelled as soon as step 1 is visible in Postgres
 *    (polled every 20 ms), with a breakdown of where the time goes.
 *
 * Needs the local services and a migrated database (`npm start`, or `npm run services -- up &&
 * npm run migrate`); uses DATABASE_URL/REDIS_URL/S3_* when set.
 *
 *   npm run bench:api
 *   BENCH_DURATION=10 BENCH_CONNECTIONS=32 BENCH_LATENCY_JOBS=10 npm run bench:api
 *
 * Settings: BENCH_JOBS (jobs seeded in the tenant, 10000), BENCH_ROUNDS (interleaved rounds over
 * the routes, 3), BENCH_DURATION (seconds per measured run, 5), BENCH_WARMUP (seconds of
 * discarded load before each, 1), BENCH_CONNECTIONS (10),
 * BENCH_AUTOCANNON_WORKERS (threads firing requests, 1; 0 fires them from the servers' own
 * thread), BENCH_LATENCY_JOBS (5), BENCH_LATENCY_EXAMPLES (lines in each latency job's file,
 * 1000: enough steps that the run outlasts the first metrics flush), BENCH_KEEP_DATA=1 (keep the two tenants and their rows),
 * BENCH_ROUTES (a regular expression: only the routes whose name matches, beside the bare route;
 * for profiling one route: `BENCH_ROUTES=succeeded BENCH_CPU_PROFILE=/tmp/prof npm run bench:api`, then
 * `npx tsx tests/e2e/bench/profile-summary.ts /tmp/prof/FILE.cpuprofile`),
 * BENCH_CPU_PROFILE (a folder: a CPU profile of this thread per API route and round, measured runs only, warm-ups not),
 * BENCH_LOG_LEVEL (the API's log level, warn; info logs every request as production does).
 * Worker settings (TRAINER_THREADS, ...) pass through the environment. Round trips per request
 * by route: `npx tsx tests/e2e/bench/api-queries.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLogger } from '@whetstone/common';
import type { Db } from '@whetstone/db';
import { QUEUES } from '@whetstone/queue';
import { registerDemoModel } from '@whetstone/services';
import { objectKeys } from '@whetstone/storage';
import { admin, createTenant, startApi } from '../../../apps/api/test/support/harness';
import { chatJsonl } from '../../../apps/api/test/support/multipart';
import { processedFile } from '../../../apps/api/test/support/fixtures';
import { startWorkerProcess, waitFor, type WorkerProcess } from '../test/support/worker-process';
import { formatTable, measure, startBareFastify, type LoadResult, type LoadSettings, type LoadTarget } from './support/http-load';
import { profiled } from './support/cpu-profile';
import { seedFinishedJobs, seedJobHistory } from './support/seed-jobs';
import { serviceCpuReader } from './support/service-cpu';

const MODEL = 'whetstone/tiny-llama';
const HYPERPARAMETERS = { n_epochs: 1, batch_size: 4, max_seq_length: 64 };
const SEED_JOBS = Number(process.env.BENCH_JOBS ?? 10_000);
const LATENCY_JOBS = Number(process.env.BENCH_LATENCY_JOBS ?? 5);
const LATENCY_EXAMPLES = Number(process.env.BENCH_LATENCY_EXAMPLES ?? 1000);
// History of the retrieved job: events to page through and per-step metric rows.
const HISTORY_EVENTS = Number(process.env.BENCH_EVENTS ?? 500);
const HISTORY_STEPS = Number(process.env.BENCH_STEPS ?? 500);
const KEEP_DATA = process.env.BENCH_KEEP_DATA === '1';
// Only the routes whose name matches (the bare route always runs): profiling one route at a time.
const ROUTES = new RegExp(process.env.BENCH_ROUTES ?? '.', 'i');
// The API's log level; 'info' logs every request as a production API does.
const LOG_LEVEL = process.env.BENCH_LOG_LEVEL ?? 'warn';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
// A folder: each measured run of an API route (not its warm-up) is CPU-profiled into it.
const PROFILE_DIR = process.env.BENCH_CPU_PROFILE;
const LOAD: LoadSettings = {
  connections: Number(process.env.BENCH_CONNECTIONS ?? 10),
  durationSeconds: Number(process.env.BENCH_DURATION ?? 5),
  warmupSeconds: Number(process.env.BENCH_WARMUP ?? 1),
  workers: Number(process.env.BENCH_AUTOCANNON_WORKERS ?? 1),
};
const UNLIMITED = { max_concurrent_jobs: null, max_queued_jobs: null, monthly_trained_tokens: null, storage_bytes: null, requests_per_minute: null };

const log = createLogger({ level: 'info', name: 'bench-api' });
type Api = Awaited<ReturnType<typeof startApi>>;
type Tenant = Awaited<ReturnType<typeof createTenant>>;

async function main(): Promise<void> {
  const prefix = `whetstone-bench-api-${process.pid}`;
  // A worker class of the bench's own for part 2 (see startLatencyTenant).
  const workerClass = `bench-${process.pid}`;
  // requests_per_minute null means "the process default" (RATE_LIMIT_PER_MINUTE, 600), not
  // unlimited; raise the default too or the runs measure 429s.
  // The same for the per-client-IP limit: every request comes from 127.0.0.1.
  const api = await startApi({ QUEUE_PREFIX: prefix, RATE_LIMIT_PER_MINUTE: String(1e9), RATE_LIMIT_PER_IP_PER_MINUTE: String(1e9), LOG_LEVEL: LOG_LEVEL });
  const { db } = api.deps;
  const apiUrl = await api.app.listen({ port: 0, host: '127.0.0.1' });
  const bare = await startBareFastify();
  const tenants: Tenant[] = [];
  const cacheDir = mkdtempSync(join(tmpdir(), 'whetstone-bench-api-cache-'));
  let worker: WorkerProcess | undefined;
  const load = [loadavg()[0]!];

  try {
    await registerDemoModel(api.deps);
    console.log(
      `bench:api  node ${process.version}, ${cpus().length} CPUs (shared: other processes on this machine count too), ` +
        `load average ${load[0]!.toFixed(2)}; API and bare Fastify in this process, autocannon firing from ` +
        `${LOAD.workers > 0 ? `${LOAD.workers} worker thread(s)` : 'the same thread'}; Postgres, Redis and S3 local`,
    );

    // ---------------------------------------------------------------------------------------
    // Part 1: create / retrieve / list with SEED_JOBS jobs in the tenant.
    const tenant = await unlimitedTenant(api, 'bench-api-throughput');
    tenants.push(tenant);
    const fileId = await processedFile(api.app, api.deps, tenant, chatJsonl(40));
    const createBody = JSON.stringify({ model: MODEL, training_file: fileId, suffix: 'bench', hyperparameters: HYPERPARAMETERS });
    const queuedId = await createJob(apiUrl, tenant, createBody);
    const template = await db.fineTuningJob.findUniqueOrThrow({ where: { id: queuedId } });
    const seedStart = Date.now();
    const seeded = await seedFinishedJobs(db, template, SEED_JOBS);
    log.info({ ...seeded.byStatus, ms: Date.now() - seedStart }, `seeded ${SEED_JOBS} finished jobs (and their attempts) with INSERT ... SELECT FROM unnest`);
    const jobCount = await db.fineTuningJob.count({ where: { organizationId: tenant.orgId } });
    const succeededId = seeded.newest.succeeded!;
    const succeeded = await db.fineTuningJob.findUniqueOrThrow({ where: { id: succeededId } });
    await seedJobHistory(db, succeeded, HISTORY_EVENTS, HISTORY_STEPS);
    const events = await db.jobEvent.findMany({ where: { jobId: succeededId }, orderBy: { id: 'desc' }, take: 41, select: { id: true } });
    const eventsCursor = events[events.length - 1]!.id;
    // The seeded rows vacuumed and analyzed now, as a live table's are: otherwise autovacuum works
    // through them during the first rounds, and its CPU counts in the Postgres column.
    const vacuumStart = Date.now();
    await db.pool.query('VACUUM (ANALYZE) fine_tuning_jobs, job_attempts, job_events, job_metrics');
    log.info({ ms: Date.now() - vacuumStart }, 'vacuumed and analyzed the seeded tables');

    const auth = tenant.headers;
    const targets: LoadTarget[] = [
      { name: 'bare Fastify GET / {ok:true}', url: bare.url },
      { name: 'API GET /healthz (no auth, no DB)', url: `${apiUrl}/healthz` },
      { name: 'GET /v1/fine_tuning/jobs?limit=20', url: `${apiUrl}/v1/fine_tuning/jobs?limit=20`, headers: auth },
      { name: 'GET /v1/fine_tuning/jobs?limit=20&after=(page 3)', url: `${apiUrl}/v1/fine_tuning/jobs?limit=20&after=${seeded.pageCursor}`, headers: auth },
      { name: 'GET /v1/fine_tuning/jobs/{id} (succeeded job)', url: `${apiUrl}/v1/fine_tuning/jobs/${succeededId}`, headers: auth },
      { name: 'GET /v1/fine_tuning/jobs/{id} (queued job)', url: `${apiUrl}/v1/fine_tuning/jobs/${queuedId}`, headers: auth },
      { name: 'GET …/{id}/events?limit=20&after=(page 3)', url: `${apiUrl}/v1/fine_tuning/jobs/${succeededId}/events?limit=20&after=${eventsCursor}`, headers: auth },
      { name: `GET …/{id}/metrics?limit=100 (${HISTORY_STEPS} steps)`, url: `${apiUrl}/v1/fine_tuning/jobs/${succeededId}/metrics?limit=100`, headers: auth },
      { name: 'POST /v1/fine_tuning/jobs', url: `${apiUrl}/v1/fine_tuning/jobs`, method: 'POST', headers: auth, body: createBody },
    ];
    const serviceCpu = await serviceCpuReader(db, api.deps.redis);
    const measured = targets.filter((t, i) => i === 0 || ROUTES.test(t.name));
    const rounds = new Map<string, LoadResult[]>(measured.map((t) => [t.name, []]));
    const created: number[] = [];
    // Interleaved rounds: a burst of load from elsewhere on the machine hits one round of one
    // route, not every run of it; the table shows each route's median round and the spread.
    for (let round = 1; round <= ROUNDS; round++) {
      for (const target of measured) {
        log.info({ round, target: target.name }, 'measuring');
        const profile = PROFILE_DIR && target !== measured[0] ? `${target.name.replace(/[^\w]+/g, '-').replace(/^-|-$/g, '')}.round${round}` : null;
        rounds.get(target.name)!.push(await measure(target, LOAD, profile ? (run) => profiled(PROFILE_DIR!, profile, run) : undefined, serviceCpu));
        if (target.method === 'POST') {
          // Off the queue at once (another worker's reconciler on this database would adopt
          // them), and each round's create starts from the same empty queue.
          created.push(await withdrawQueuedJobs(api, tenant.orgId, queuedId));
        }
      }
    }
    await withdrawQueuedJobs(api, tenant.orgId);
    load.push(loadavg()[0]!);

    const summary = measured.map((t) => summarize(t.name, rounds.get(t.name)!));
    const baseline = summary[0]!.median.requestsPerSecond;
    const bareCpu = medianCpu(summary[0]!.all);
    const serviceMicros = (all: LoadResult[], of: 'postgresMicrosPerRequest' | 'redisMicrosPerRequest') =>
      all[0]![of] === null ? '-' : median(all.map((r) => r[of]!)).toFixed(0);
    console.log(
      `\nPart 1: requests/s and latency (autocannon: ${LOAD.connections} connections, ${ROUNDS} interleaved rounds of ${LOAD.durationSeconds} s per route, ` +
        `each after ${LOAD.warmupSeconds} s of warm-up; latency at 1 ms resolution; CPU µs/req: this process's CPU time (API, bare route and ` +
        `autocannon's thread) per request, median of the rounds, and its excess over the bare route's; PG and Redis µs/req: the local Postgres ` +
        `server's (all backends) and Redis server's CPU per request, median of the rounds, 10 ms clock ticks). Tenant with ${jobCount} jobs ` +
        `(${Object.entries(seeded.byStatus)
          .map(([s, n]) => `${n} ${s}`)
          .join(', ')}, 1 queued); the median round by req/s is shown`,
    );
    console.log(
      formatTable(
        ['route', 'req/s', 'p50 ms', 'p99 ms', 'req/s vs bare', 'CPU µs/req', 'over bare', 'PG µs/req', 'Redis µs/req', 'req/s all rounds', 'requests', 'non-2xx', 'errors'],
        summary.map(({ name, median: m, all }) => [
          name,
          m.requestsPerSecond.toFixed(0),
          m.p50.toFixed(0),
          m.p99.toFixed(0),
          `${(m.requestsPerSecond / baseline).toFixed(3)}x`,
          medianCpu(all).toFixed(0),
          (medianCpu(all) - bareCpu).toFixed(0),
          serviceMicros(all, 'postgresMicrosPerRequest'),
          serviceMicros(all, 'redisMicrosPerRequest'),
          all.map((r) => r.requestsPerSecond.toFixed(0)).join(' / '),
          all.reduce((n, r) => n + r.requests, 0),
          all.reduce((n, r) => n + r.non2xx, 0),
          all.reduce((n, r) => n + r.errors, 0),
        ]),
      ),
    );
    console.log(`Load average (1 min) at start / after part 1: ${load.map((l) => l.toFixed(2)).join(' / ')} on ${cpus().length} shared CPUs.`);
    const failures = summary.flatMap((s) => s.all).reduce((n, r) => n + r.non2xx + r.errors, 0);
    console.log(
      `Create: ${created.join(' / ')} jobs created per round (warm-up included), every one queued and dispatched to BullMQ (no worker), so the ` +
        `queue grows from 0 during a round; cancelled in bulk and the queue emptied after each round. ${failures === 0 ? 'No' : `${failures}`} non-2xx answers or errors in any run.`,
    );

    // ---------------------------------------------------------------------------------------
    // Part 2: creation → first training step with an idle worker (BENCH_LATENCY_JOBS=0 skips it).
    if (LATENCY_JOBS <= 0) return;
    const latencyTenant = await startLatencyTenant(api, workerClass);
    tenants.push(latencyTenant);
    const files: string[] = [];
    for (let j = 0; j <= LATENCY_JOBS; j++) files.push(await processedFile(api.app, api.deps, latencyTenant, distinctChatJsonl(j, LATENCY_EXAMPLES)));
    const workerStart = Date.now();
    worker = await startWorkerProcess({ QUEUE_PREFIX: prefix, WORKER_QUEUES: 'training', WORKER_CLASSES: workerClass, LOG_LEVEL: 'info', WORKER_CACHE_DIR: cacheDir });
    log.info({ ms: Date.now() - workerStart }, 'worker ready');
    const trainingQueue = api.deps.producers.queue(QUEUES.training(workerClass));

    const timings: FirstStepTiming[] = [];
    for (let j = 0; j <= LATENCY_JOBS; j++) {
      await waitFor('an idle worker', async () => {
        const counts = await trainingQueue.getJobCounts('active', 'waiting', 'prioritized', 'delayed');
        return Object.values(counts).every((n) => n === 0);
      });
      const timing = await timeToFirstStep(api, apiUrl, latencyTenant, files[j]!, worker);
      log.info({ job: j, ...timing }, j === 0 ? 'first job (fresh worker: empty model cache)' : 'job timed');
      timings.push(timing);
    }
    load.push(loadavg()[0]!);
    printLatency(timings);
    console.log(`\nLoad average (1 min) at start / after part 1 / after part 2: ${load.map((l) => l.toFixed(2)).join(' / ')} on ${cpus().length} shared CPUs.`);
  } finally {
    await worker?.stop();
    for (const queue of [QUEUES.datasets, QUEUES.webhooks, QUEUES.training('default'), QUEUES.training(workerClass)]) {
      await api.deps.producers
        .queue(queue)
        .obliterate({ force: true })
        .catch((err) => log.warn({ err, queue }, 'could not obliterate queue'));
    }
    if (!KEEP_DATA) {
      for (const tenant of tenants) await removeTenant(api, tenant.orgId).catch((err) => log.warn({ err, orgId: tenant.orgId }, 'could not remove tenant'));
    }
    rmSync(cacheDir, { recursive: true, force: true });
    await bare.close();
    await api.close();
  }
}

/** A tenant with one key and every quota lifted through the admin API (null = unlimited). */
async function unlimitedTenant(api: Api, name: string): Promise<Tenant> {
  const tenant = await createTenant(api.app, name);
  const res = await api.app.inject({ method: 'POST', url: `/admin/v1/organizations/${tenant.orgId}/quotas`, headers: admin, payload: UNLIMITED });
  if (res.statusCode !== 200) throw new Error(`setting quotas failed: ${res.body}`);
  return tenant;
}

/**
 * Part 2's tenant. It registers its own copy of the demo model (same weights, same folder; a
 * tenant's registration shadows the public one) whose worker class is the bench's own, so
 * the bench's worker trains only the bench's jobs: a training worker's reconciler dispatches
 * every queued job in the database to its QUEUE_PREFIX, and leftovers from other runs in the
 * shared class 'default' would otherwise keep it busy.
 */
async function startLatencyTenant(api: Api, workerClass: string): Promise<Tenant> {
  const tenant = await unlimitedTenant(api, 'bench-api-first-step');
  await registerDemoModel(api.deps, { organizationId: tenant.orgId, workerClass });
  return tenant;
}

async function createJob(apiUrl: string, tenant: Tenant, body: string): Promise<string> {
  const res = await fetch(`${apiUrl}/v1/fine_tuning/jobs`, { method: 'POST', headers: { ...tenant.headers, 'content-type': 'application/json' }, body });
  if (res.status !== 200) throw new Error(`create failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

/** The median over a route's rounds of the process's CPU time per request. */
function medianCpu(all: LoadResult[]): number {
  return median(all.map((r) => r.cpuMicrosPerRequest));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

/** A route's rounds: the median one by requests/s (its latencies too) and all of them. */
function summarize(name: string, all: LoadResult[]): { name: string; median: LoadResult; all: LoadResult[] } {
  const sorted = [...all].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond);
  return { name, median: sorted[Math.floor((sorted.length - 1) / 2)]!, all };
}

/** Cancels the tenant's queued jobs but `keep` in bulk (a bench shortcut, no events) and empties their queue. */
async function withdrawQueuedJobs(api: Api, orgId: string, keep?: string): Promise<number> {
  const { count } = await api.deps.db.fineTuningJob.updateMany({
    where: { organizationId: orgId, status: 'queued', ...(keep ? { id: { not: keep } } : {}) },
    data: { status: 'cancelled', finishedAt: new Date(), dispatchedAt: null },
  });
  await api.deps.producers.queue(QUEUES.training('default')).obliterate({ force: true });
  return count;
}

async function removeTenant(api: Api, orgId: string): Promise<void> {
  await api.deps.store.deletePrefix(objectKeys.tenantPrefix(orgId));
  // Jobs first: they restrict deleting the files and models the organization's delete cascades to.
  await api.deps.db.fineTuningJob.deleteMany({ where: { organizationId: orgId } });
  await api.deps.db.organization.delete({ where: { id: orgId } });
}

/** A small chat file whose bytes differ per job, so the worker's dataset cache never has it. */
function distinctChatJsonl(job: number, lines: number): string {
  return Array.from({ length: lines }, (_, i) =>
    JSON.stringify({
      messages: [
        { role: 'user', content: `Run ${job}: what is ${i} plus ${i}?` },
        { role: 'assistant', content: `${i + i}` },
      ],
    }),
  ).join('\n');
}

interface FirstStepTiming {
  /** POST sent → response received (bench clock). */
  post: number;
  /** POST response → the poller sees step ≥ 1 (the headline figure). */
  toFirstStepSeen: number;
  /** job.created_at → job.dispatched_at (inside the POST). */
  createToDispatch: number;
  /** dispatched_at → the worker's BullMQ 'job started' log line. */
  dispatchToPickup: number;
  /** BullMQ pickup → the 'Fine-tuning job started' event (job row read, attempt opened, status running). */
  pickupToStarted: number;
  /** 'Fine-tuning job started' → the engine's onStart progress write (model, dataset, tokenizer, ONNX Runtime session). */
  startedToEngineReady: number;
  /** onStart → the first metrics flush (its transaction's start, the JobMetric rows' created_at): steps 1..n run here. */
  engineReadyToFirstMetric: number;
  /** First flush's start → the poller sees it (the flush transaction, then up to 20 ms of polling). */
  flushToSeen: number;
  /** engine ready → first flush, divided by the steps it holds: the average step. */
  msPerStep: number;
  /** POST response → engine ready + one average step: when step 1 was done, estimated. */
  toFirstStepDone: number;
  /** Steps in the first metrics flush (MetricsWriter flushes every 50 steps or 1 s). */
  stepsWhenSeen: number;
  totalSteps: number;
  /** How the job ended: cancelled, unless it had finished before the cancel took effect. */
  finalStatus: string;
}

interface PolledJob {
  status: string;
  progress: { step?: number; total_steps?: number } | null;
  createdAt: Date;
  updatedAt: Date;
  dispatchedAt: Date | null;
  startedAt: Date | null;
  firstMetricAt: Date | null;
  startedEventAt: Date | null;
}

const pollJob = async (db: Db, id: string): Promise<PolledJob> => {
  const [row] = await db.$queryRaw<PolledJob[]>`
    SELECT j.status::text AS status, j.progress, j."createdAt", j."updatedAt", j."dispatchedAt", j."startedAt",
      (SELECT min(m."createdAt") FROM job_metrics m WHERE m."jobId" = j.id) AS "firstMetricAt",
      (SELECT min(e."createdAt") FROM job_events e WHERE e."jobId" = j.id AND e.message = 'Fine-tuning job started') AS "startedEventAt"
    FROM fine_tuning_jobs j WHERE j.id = ${id}`;
  if (!row) throw new Error(`job ${id} is gone`);
  return row;
};

/** Creates one job on an idle worker, polls Postgres every 20 ms until step 1 shows, cancels it. */
async function timeToFirstStep(api: Api, apiUrl: string, tenant: Tenant, fileId: string, worker: WorkerProcess): Promise<FirstStepTiming> {
  const { db } = api.deps;
  const sent = Date.now();
  const id = await createJob(apiUrl, tenant, JSON.stringify({ model: MODEL, training_file: fileId, hyperparameters: HYPERPARAMETERS }));
  const answered = Date.now();
  let engineReadyAt: Date | undefined;
  let runningUpdatedAt: number | undefined;
  let seenAt: number;
  let row: PolledJob;
  const deadline = answered + 120_000;
  for (;;) {
    row = await pollJob(db, id);
    const step = row.progress?.step ?? 0;
    if (row.firstMetricAt || step >= 1) {
      seenAt = Date.now();
      break;
    }
    // The engine's onStart rewrites progress (still step 0): the first change of updatedAt after
    // the transition to running (which nothing else touches in between).
    if (row.status === 'running') {
      runningUpdatedAt ??= row.updatedAt.getTime();
      if (row.updatedAt.getTime() !== runningUpdatedAt || row.updatedAt.getTime() - (row.startedAt?.getTime() ?? Infinity) > 20) engineReadyAt ??= row.updatedAt;
    }
    if (['succeeded', 'failed', 'cancelled'].includes(row.status)) throw new Error(`job ${id} ended (${row.status}) before a step was seen`);
    if (Date.now() > deadline) throw new Error(`job ${id}: no step after 120 s (status ${row.status})\n${worker.output().slice(-4000)}`);
    await sleep(20);
  }
  const cancel = await fetch(`${apiUrl}/v1/fine_tuning/jobs/${id}/cancel`, { method: 'POST', headers: tenant.headers });
  if (cancel.status !== 200 && cancel.status !== 409) throw new Error(`cancel failed: ${cancel.status} ${await cancel.text()}`);
  const finalStatus = await waitFor(
    `${id} to stop`,
    async () => {
      const { status } = await pollJob(db, id);
      return ['succeeded', 'failed', 'cancelled'].includes(status) ? status : undefined;
    },
    60_000,
  );
  const metric = row.firstMetricAt ?? (await pollJob(db, id)).firstMetricAt!;
  const bullJobId = `train.${id}.1`;
  const pickupAt = await waitFor(`${bullJobId} in the worker's log`, async () => workerLogTime(worker.output(), 'job started', bullJobId), 10_000);
  const steps = Math.max(1, row.progress?.step ?? 1);
  const ms = (a: Date | number | null | undefined, b: Date | number | null | undefined) => (a == null || b == null ? NaN : Number(b) - Number(a));
  return {
    post: answered - sent,
    toFirstStepSeen: seenAt - answered,
    createToDispatch: ms(row.createdAt, row.dispatchedAt),
    dispatchToPickup: ms(row.dispatchedAt, pickupAt),
    pickupToStarted: ms(pickupAt, row.startedEventAt),
    startedToEngineReady: ms(row.startedEventAt, engineReadyAt),
    engineReadyToFirstMetric: ms(engineReadyAt, metric),
    flushToSeen: ms(metric, seenAt),
    msPerStep: ms(engineReadyAt, metric) / steps,
    toFirstStepDone: ms(answered, engineReadyAt) + ms(engineReadyAt, metric) / steps,
    stepsWhenSeen: steps,
    totalSteps: row.progress?.total_steps ?? 0,
    finalStatus,
  };
}

/** The time (ms) of the worker's JSON log line with `msg` for one BullMQ job, if logged yet. */
function workerLogTime(output: string, msg: string, bullJobId: string): number | undefined {
  for (const line of output.split('\n')) {
    if (!line.includes(bullJobId) || !line.includes(msg)) continue;
    try {
      const entry = JSON.parse(line) as { msg?: string; bullJobId?: string; time?: number | string };
      if (entry.msg === msg && entry.bullJobId === bullJobId && entry.time !== undefined) return new Date(entry.time).getTime();
    } catch {
      // Not a JSON line (a stack trace, a warning): skip it.
    }
  }
  return undefined;
}

function printLatency(timings: FirstStepTiming[]): void {
  const [cold, ...warm] = timings;
  const columns: [keyof FirstStepTiming | null, string][] = [
    ['toFirstStepSeen', 'POST response → step ≥ 1 visible in Postgres (20 ms poll)'],
    ['toFirstStepDone', 'POST response → step 1 done (estimate: engine ready + 1 average step)'],
    ['post', 'POST /v1/fine_tuning/jobs itself (sent → answered)'],
    [null, 'where the time goes, from the job row\'s created_at:'],
    ['createToDispatch', '  created_at → dispatched_at (inside the POST)'],
    ['dispatchToPickup', '  dispatched → worker picks it up (BullMQ "job started" log)'],
    ['pickupToStarted', '  pickup → "Fine-tuning job started" event (status running)'],
    ['startedToEngineReady', '  started → engine ready (model, data, tokenizer, ORT session)'],
    ['engineReadyToFirstMetric', '  engine ready → first metrics flush begins (steps run)'],
    ['flushToSeen', '  flush begins → visible to the poller (flush transaction + poll)'],
    ['stepsWhenSeen', 'steps in that first metrics flush'],
    ['msPerStep', 'average step, ms (engine ready → flush ÷ steps)'],
  ];
  const stats = (values: number[]) => {
    const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
    if (sorted.length === 0) return ['n/a', 'n/a', 'n/a'];
    const mid = Math.floor(sorted.length / 2);
    const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
    return [sorted[0]!, median, sorted.at(-1)!].map((v) => v.toFixed(0));
  };
  console.log(
    `\nPart 2: job creation → first training step, idle worker (WORKER_QUEUES=training), one job at a time, ` +
      `${LATENCY_EXAMPLES}-line chat file each (${cold!.totalSteps} steps of batch 4, max_seq_length 64, 1 epoch), cancelled at first sight; ms`,
  );
  console.log(
    formatTable(
      ['', `min (${warm.length} jobs)`, 'median', 'max', 'first job (fresh worker)'],
      columns.map(([key, label]) => (key ? [label, ...stats(warm.map((t) => Number(t[key]))), Number(cold![key]).toFixed(0)] : [label, '', '', '', ''])),
    ),
  );
  const cancelled = timings.filter((t) => t.finalStatus === 'cancelled').length;
  console.log(
    `Cancelled at first sight: ${cancelled} of ${timings.length} (${timings.map((t) => t.finalStatus).join(', ')}).` +
      ' The worker writes metrics in batches (MetricsWriter: every 50 steps or 1 s, whichever comes first), so step 1 becomes visible with the first batch, not when it is done.',
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
