import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { createTenant, startApi } from '../../../apps/api/test/support/harness';
import { chatJsonl, multipart } from '../../../apps/api/test/support/multipart';
import { registerDemoModel } from '@whetstone/services';
import { FAST_SFT } from './support/jobs';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver';
import { startWorkerProcess, waitFor, type WorkerProcess } from './support/worker-process';

/**
 * Restarts Postgres, Redis and the object store, each in turn, under a steady stream of uploads
 * and job creates with a real worker process running every queue, then checks that nothing was
 * lost: every file and job the API accepted reaches a terminal state (nothing is left waiting
 * with no one working on it), and every webhook event reaches the endpoint at least once.
 */
const repo = resolve(__dirname, '../../..');
const MODEL = 'whetstone/tiny-llama';
const prefix = `whetstone-e2e-faults-${process.pid}`;
const webhookEnv = { WEBHOOK_ALLOW_HTTP: 'true', WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' };
// Short repair intervals so the sweeps and the reconciler act within the test.
const workerEnv = {
  ...webhookEnv,
  QUEUE_PREFIX: prefix,
  WORKER_QUEUES: 'all',
  TRAINER_THREADS: '1',
  WORKER_TRAINING_LOCK_MS: '3000',
  WORKER_RECONCILE_INTERVAL_MS: '1000',
  WORKER_FILE_SWEEP_INTERVAL_MS: '1000',
  WEBHOOK_RELAY_INTERVAL_MS: '100',
  WEBHOOK_SWEEP_INTERVAL_MS: '1000',
  WEBHOOK_RETRY_BASE_SECONDS: '0.5',
  WEBHOOK_RETRY_MAX_DELAY_SECONDS: '2',
  WEBHOOK_RETRY_MAX_ATTEMPTS: '200',
};

/** The only errors an outage may cause: a 503 saying which dependency is down (never a 500). */
const OUTAGE_CODES = ['database_unavailable', 'database_busy', 'queue_unavailable', 'storage_unavailable', 'rate_limiter_unavailable'];
const TERMINAL_FILE = ['processed', 'error'] as const;
const TERMINAL_JOB = ['succeeded', 'failed', 'cancelled'] as const;

let api: Awaited<ReturnType<typeof startApi>>;
let worker: WorkerProcess | undefined;
let hook: WebhookReceiver;
const orgIds: string[] = [];

const services = (...args: string[]) => execFileSync('bash', [resolve(repo, 'infra/local/services.sh'), ...args], { env: process.env, stdio: 'pipe' }).toString();
/** The test restarts the services infra/local/services.sh runs; elsewhere (external services) it cannot. */
const localServices = services('env').includes(`DATABASE_URL=${(process.env.DATABASE_URL ?? '').replace(/\/[^/]*$/, '/whetstone')}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  api = await startApi({ ...webhookEnv, QUEUE_PREFIX: prefix });
  await registerDemoModel(api.deps);
  hook = await startWebhookReceiver();
  worker = await startWorkerProcess(workerEnv);
}, 120_000);
afterAll(async () => {
  await worker?.stop('SIGKILL');
  await hook?.close();
  // Nothing of this file may linger: its endpoint and deliveries would be picked up by later
  // runs (system-wide re-encryption, sweeps) in the same database.
  await api?.deps.db.organization.deleteMany({ where: { id: { in: orgIds } } });
  for (const queue of ['datasets', 'training-default', 'webhooks']) await api?.deps.producers.queue(queue).obliterate({ force: true }).catch(() => undefined);
  await api?.close();
}, 60_000);

(localServices ? describe : describe.skip)('restarting Postgres, Redis and the object store under load', () => {
  it('loses no accepted file, job or webhook event, and leaves nothing stuck', async () => {
    const tenant = await createTenant(api.app, 'faults', { max_concurrent_jobs: 2, max_queued_jobs: 1000 });
    orgIds.push(tenant.orgId);
    const endpoint = await api.app.inject({ method: 'POST', url: '/v1/webhook_endpoints', headers: tenant.headers, payload: { url: hook.url } });
    expect(endpoint.statusCode).toBe(200);

    const acceptedFiles: string[] = [];
    const acceptedJobs: string[] = [];
    const answers = new Map<number, number>();
    const failures: { status: number; code: unknown; retry: unknown; during: string }[] = [];
    let during = 'warm-up';
    const count = (res: { statusCode: number; headers: Record<string, unknown>; json: () => { error?: { code?: unknown } } }) => {
      answers.set(res.statusCode, (answers.get(res.statusCode) ?? 0) + 1);
      if (res.statusCode >= 400) failures.push({ status: res.statusCode, code: res.json().error?.code, retry: res.headers['x-should-retry'], during });
    };
    let stopping = false;

    const load = (async () => {
      for (let i = 0; !stopping; i++) {
        const body = multipart([{ name: 'purpose', value: 'fine-tune' }, { name: 'file', value: chatJsonl(12), filename: `train-${i}.jsonl` }]);
        const upload = await api.app.inject({ method: 'POST', url: '/v1/files', headers: { ...tenant.headers, ...body.headers }, payload: body.payload });
        count(upload);
        if (upload.statusCode === 200) acceptedFiles.push(upload.json().id);
        // Every third upload gets a job at once (it waits in validating_files until the file is done).
        const file = acceptedFiles.at(-1);
        if (i % 3 === 0 && file) {
          const create = await api.app.inject({
            method: 'POST',
            url: '/v1/fine_tuning/jobs',
            headers: tenant.headers,
            payload: { model: MODEL, training_file: file, method: { type: 'supervised', supervised: { hyperparameters: { ...FAST_SFT, n_epochs: 1 } } } },
          });
          count(create);
          if (create.statusCode === 200) acceptedJobs.push(create.json().id);
        }
        await sleep(250);
      }
    })();

    for (const service of ['postgres', 'redis', 's3']) {
      during = `before ${service} down`;
      await sleep(4000);
      services('down', service);
      during = `${service} down`;
      await sleep(2000);
      services('up', service);
      during = `${service} back`;
    }
    await sleep(4000);
    stopping = true;
    await load;
    console.info(`fault injection: answers during the outages ${JSON.stringify(failures)}`);
    expect(acceptedFiles.length).toBeGreaterThan(10);
    expect(acceptedJobs.length).toBeGreaterThan(3);

    const db = api.deps.db;
    const org = { organizationId: tenant.orgId };
    // Every file and job of the organization, accepted or not, ends terminal: no one is left waiting.
    await waitFor(
      'every file and job terminal',
      async () => {
        const [files, jobs] = await Promise.all([
          db.file.count({ where: { ...org, deletedAt: null, status: { notIn: [...TERMINAL_FILE] } } }),
          db.fineTuningJob.count({ where: { ...org, status: { notIn: [...TERMINAL_JOB] } } }),
        ]);
        return files === 0 && jobs === 0;
      },
      400_000,
    );
    const files = await db.file.findMany({ where: { id: { in: acceptedFiles } }, select: { id: true, status: true } });
    expect(files).toHaveLength(acceptedFiles.length);
    const jobs = await db.fineTuningJob.findMany({ where: { id: { in: acceptedJobs } }, select: { id: true, status: true, error: true } });
    expect(jobs).toHaveLength(acceptedJobs.length);
    // Valid data under transient faults: every file is processed; jobs succeed (or say why not).
    expect(files.filter((f) => f.status !== 'processed')).toEqual([]);
    expect(jobs.filter((j) => j.status !== 'succeeded')).toEqual([]);

    // Every event reaches the endpoint at least once; the receiver deduplicates on webhook-id.
    await waitFor(
      'every webhook event delivered',
      async () => {
        const events = await db.outboxEvent.findMany({ where: org, select: { id: true } });
        // Received, and the worker recorded it (a request can arrive before its attempt is written).
        const unsettled = await db.webhookDelivery.count({ where: { ...org, status: { not: 'succeeded' } } });
        return events.every((e) => hook.forEvent(e.id).length > 0) && unsettled === 0 && events;
      },
      200_000,
    );
    const events = await db.outboxEvent.findMany({ where: org, select: { id: true, type: true } });
    const deliveries = await db.webhookDelivery.findMany({ where: org, select: { eventId: true, status: true } });
    expect(deliveries).toHaveLength(events.length);
    expect(deliveries.filter((d) => d.status !== 'succeeded')).toEqual([]);
    const duplicates = events.filter((e) => hook.forEvent(e.id).length > 1).length;
    // Each accepted file and job announced itself: file.processed, fine_tuning.job.created and .succeeded.
    const types = events.map((e) => e.type);
    expect(types.filter((t) => t === 'file.processed')).toHaveLength(acceptedFiles.length);
    expect(types.filter((t) => t === 'fine_tuning.job.succeeded')).toHaveLength(acceptedJobs.length);
    expect(worker?.child.exitCode).toBeNull();
    // Each outage answered as one: a 503 with a stable code and x-should-retry: true; never a 500.
    expect(failures.filter((f) => !(f.status === 503 && OUTAGE_CODES.includes(String(f.code)) && f.retry === 'true'))).toEqual([]);
    console.info(
      `fault injection: ${acceptedFiles.length} files and ${acceptedJobs.length} jobs accepted; answers ${JSON.stringify(Object.fromEntries(answers))}; ` +
        `errors ${JSON.stringify(failures.map((f) => `${f.status} ${String(f.code)} (${f.during})`))}; ` +
        `${events.length} events, ${duplicates} delivered more than once`,
    );
  }, 900_000);
});
