import http from 'node:http';
import { registerDemoModel } from '@whetstone/services';
import { admin, startApi } from '../../../apps/api/test/support/harness';
import { chatJsonl, multipart } from '../../../apps/api/test/support/multipart';
import { startApiProcess, type ApiProcess } from './support/api-process';
import { FAST_SFT, type JobView } from './support/jobs';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver';
import { startWorkerProcess, waitFor, type WorkerProcess } from './support/worker-process';

/**
 * Two API processes and two worker processes (real child processes) on one Postgres, Redis and
 * object store, as replicas behind a load balancer would be; then one of each is shut down with
 * SIGTERM while it is busy. The in-process app below only seeds the demo model and reads rows.
 */
const MODEL = 'whetstone/tiny-llama';
const prefix = `whetstone-e2e-replicas-${process.pid}`;
const webhookEnv = { WEBHOOK_ALLOW_HTTP: 'true', WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' };
const workerEnv = {
  ...webhookEnv,
  QUEUE_PREFIX: prefix,
  TRAINER_THREADS: '1',
  WEBHOOK_RELAY_INTERVAL_MS: '100',
  WEBHOOK_RETRY_BASE_SECONDS: '0.2',
  WEBHOOK_RETRY_MAX_DELAY_SECONDS: '1',
};

let seed: Awaited<ReturnType<typeof startApi>>;
const apis: ApiProcess[] = [];
const workers: WorkerProcess[] = [];
let receiver: WebhookReceiver;
const orgIds: string[] = [];

beforeAll(async () => {
  seed = await startApi({ QUEUE_PREFIX: prefix });
  await registerDemoModel(seed.deps);
  receiver = await startWebhookReceiver();
  const [a, b, w1, w2] = await Promise.all([
    startApiProcess({ ...webhookEnv, QUEUE_PREFIX: prefix, RATE_LIMIT_PER_IP_PER_MINUTE: '100000' }),
    startApiProcess({ ...webhookEnv, QUEUE_PREFIX: prefix, RATE_LIMIT_PER_IP_PER_MINUTE: '100000' }),
    startWorkerProcess({ ...workerEnv, WORKER_ID: 'replica-w1' }),
    startWorkerProcess({ ...workerEnv, WORKER_ID: 'replica-w2' }),
  ]);
  apis.push(a!, b!);
  workers.push(w1!, w2!);
}, 300_000);

afterAll(async () => {
  await Promise.all([...apis.map((a) => a.stop('SIGKILL')), ...workers.map((w) => w.stop('SIGKILL'))]);
  // Nothing of this file may linger: pending deliveries would be retried, and queued jobs
  // dispatched, by later runs.
  await seed?.deps.db.fineTuningJob.updateMany({ where: { organizationId: { in: orgIds }, status: { in: ['queued', 'running'] } }, data: { status: 'cancelled' } });
  await seed?.deps.db.webhookEndpoint.deleteMany({ where: { organizationId: { in: orgIds } } });
  for (const queue of ['datasets', 'webhooks', 'training-default']) await seed?.deps.producers.queue(queue).obliterate({ force: true });
  await receiver?.close();
  await seed?.close();
});

type Headers = Record<string, string>;
/** A response body as the tests read it (ids, statuses, error codes). */
type Json = { id: string; key: string; status: string; error: { code: string } } & Record<string, unknown>;

async function call(api: ApiProcess, method: string, path: string, headers: Headers = {}, body?: unknown): Promise<{ status: number; json: Json }> {
  const res = await fetch(`${api.url}${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Json };
}

async function tenant(api: ApiProcess, quotas: Record<string, unknown> = {}): Promise<{ orgId: string; headers: Headers }> {
  const org = await call(api, 'POST', '/admin/v1/organizations', admin, { name: 'replicas', quotas });
  expect(org.status).toBe(200);
  orgIds.push(org.json.id);
  const key = await call(api, 'POST', `/admin/v1/organizations/${org.json.id}/api_keys`, admin, { name: 'k' });
  return { orgId: org.json.id, headers: { authorization: `Bearer ${key.json.key}` } };
}

/** Uploaded through one API; validated by whichever worker takes it; seen through the other API. */
async function processedFile(upload: ApiProcess, check: ApiProcess, headers: Headers, lines = 40): Promise<string> {
  const body = multipart([{ name: 'purpose', value: 'fine-tune' }, { name: 'file', value: chatJsonl(lines), filename: 'train.jsonl' }]);
  const res = await fetch(`${upload.url}/v1/files`, { method: 'POST', headers: { ...headers, ...body.headers }, body: new Uint8Array(body.payload) });
  expect(res.status).toBe(200);
  const id = ((await res.json()) as { id: string }).id;
  await waitFor(`${id} processed`, async () => (await call(check, 'GET', `/v1/files/${id}`, headers)).json.status === 'processed', 180_000);
  return id;
}

async function waitForJob(headers: Headers, id: string, what: string, predicate: (job: JobView) => boolean, timeoutMs = 300_000): Promise<JobView> {
  let turn = 0;
  return waitFor(
    `${id} ${what}`,
    async () => {
      const alive = apis.filter((a) => a.child.exitCode === null);
      const job = (await call(alive[turn++ % alive.length]!, 'GET', `/v1/fine_tuning/jobs/${id}`, headers)).json as unknown as JobView;
      if (job.status === 'failed') throw new Error(`job failed: ${JSON.stringify(job.error)}`);
      return predicate(job) ? job : null;
    },
    timeoutMs,
  );
}

interface StreamRead {
  ids: string[];
  /** The job's final status when the stream said `done`; null when it ended without it. */
  done: string | null;
}

/** Reads a job's SSE stream until it ends, from `lastEventId` on when given. */
function readEventStream(api: ApiProcess, headers: Headers, jobId: string, lastEventId?: string, onEvent?: (id: string) => void): Promise<StreamRead> {
  return new Promise((resolve, reject) => {
    const url = new URL(`${api.url}/v1/fine_tuning/jobs/${jobId}/events?stream=true`);
    const req = http.get(url, { headers: { ...headers, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) } }, (res) => {
      const read: StreamRead = { ids: [], done: null };
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const message = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const id = /^id: (.+)$/m.exec(message)?.[1];
          if (/^event: done$/m.test(message)) read.done = JSON.parse(/^data: (.+)$/m.exec(message)![1]!).status;
          else if (id) {
            read.ids.push(id);
            onEvent?.(id);
          }
        }
      });
      res.on('end', () => resolve(read));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

async function eventIds(jobId: string): Promise<string[]> {
  const rows = await seed.deps.db.jobEvent.findMany({ where: { jobId }, orderBy: { id: 'asc' }, select: { id: true } });
  return rows.map((r) => r.id);
}

describe('two API processes and two worker processes on one platform', () => {
  it('dispatches and runs each job once, streams every event on either API, delivers every webhook, and holds limits and quotas across both', async () => {
    const [a, b] = apis as [ApiProcess, ApiProcess];
    const t = await tenant(a, { max_concurrent_jobs: 2 });
    const endpoint = await call(b, 'POST', '/v1/webhook_endpoints', t.headers, { url: receiver.url });
    expect(endpoint.status).toBe(200);
    const file = await processedFile(a, b, t.headers);
    const body = { model: MODEL, training_file: file, hyperparameters: FAST_SFT };
    const jobs: string[] = [];
    for (const api of [a, b, a]) {
      const created = await call(api, 'POST', '/v1/fine_tuning/jobs', t.headers, body);
      expect(created.status).toBe(200);
      jobs.push(created.json.id);
    }
    const streams = [readEventStream(a, t.headers, jobs[0]!), readEventStream(b, t.headers, jobs[0]!)];
    for (const id of jobs) await waitForJob(t.headers, id, 'succeeded', (j) => j.status === 'succeeded');

    // Dispatched once and run once each, by either worker.
    const rows = await seed.deps.db.fineTuningJob.findMany({ where: { id: { in: jobs } }, include: { attempts: true } });
    for (const row of rows) {
      expect(row.dispatchCount).toBe(1);
      expect(row.attempts).toHaveLength(1);
      expect(['replica-w1', 'replica-w2']).toContain(row.attempts[0]!.workerId);
    }
    // Both streams saw every event of the job, in order, then `done`.
    const all = await eventIds(jobs[0]!);
    for (const stream of await Promise.all(streams)) expect(stream).toEqual({ ids: all, done: 'succeeded' });

    // Every outbox event of the tenant reached the endpoint (at least once), through one delivery each.
    const events = await seed.deps.db.outboxEvent.findMany({ where: { organizationId: t.orgId }, select: { id: true } });
    expect(events.length).toBeGreaterThanOrEqual(1 + jobs.length * 4); // file.processed; created, queued, running, succeeded per job
    await waitFor('every webhook delivered', async () => events.every((e) => receiver.forEvent(e.id).length > 0), 180_000);
    const deliveries = await seed.deps.db.webhookDelivery.groupBy({ by: ['eventId'], where: { endpointId: endpoint.json.id }, _count: true });
    expect(deliveries).toHaveLength(events.length);
    expect(deliveries.every((d) => d._count === 1)).toBe(true);

    // One organization's request budget is shared by both replicas.
    const limited = await tenant(a, { requests_per_minute: 10 });
    const codes: number[] = [];
    for (let i = 0; i < 16; i++) codes.push((await call(i % 2 ? b : a, 'GET', '/v1/organization', limited.headers)).status);
    expect(codes.filter((c) => c === 200)).toHaveLength(10);
    expect(codes.filter((c) => c === 429)).toHaveLength(6);

    // max_queued_jobs holds for concurrent creates spread over both replicas. The tenant's own copy
    // of the model names a worker class nobody serves, so its jobs stay queued.
    const quota = await tenant(a, { max_queued_jobs: 2 });
    await registerDemoModel(seed.deps, { organizationId: quota.orgId, workerClass: `nobody-${process.pid}` });
    const quotaFile = await processedFile(b, a, quota.headers);
    const creates = await Promise.all([a, b, a, b, a, b].map((api) => call(api, 'POST', '/v1/fine_tuning/jobs', quota.headers, { ...body, training_file: quotaFile })));
    expect(creates.filter((c) => c.status === 200)).toHaveLength(2);
    expect(creates.filter((c) => c.status === 429).map((c) => c.json.error.code)).toEqual(Array(4).fill('quota_exceeded:max_queued_jobs'));
  }, 600_000);

  it('shuts down gracefully: a worker hands its job back at a checkpointed step, an API finishes in-flight requests and ends its streams for clients to resume elsewhere', async () => {
    const [a, b] = apis as [ApiProcess, ApiProcess];
    const t = await tenant(b);
    // Long enough (about 1,800 steps) that the job is still running when API A stops, even though the
    // other worker resumes it at once: a quiet machine ran 20 epochs of 40 lines in about a second.
    const file = await processedFile(b, a, t.headers, 400);
    const created = await call(b, 'POST', '/v1/fine_tuning/jobs', t.headers, { model: MODEL, training_file: file, seed: 3, hyperparameters: { ...FAST_SFT, n_epochs: 20 } });
    expect(created.status).toBe(200);
    const jobId = created.json.id;
    const fromA = readEventStream(a, t.headers, jobId);

    // The worker running the job is told to stop; it checkpoints the step it is on and exits.
    await waitForJob(t.headers, jobId, 'past step 3', (j) => j.status === 'running' && (j.progress?.step ?? 0) >= 3);
    // The API shows an opaque worker id; the row has the WORKER_ID the process was given.
    const first = (await seed.deps.db.jobAttempt.findFirstOrThrow({ where: { jobId, number: 1 } })).workerId;
    const leaving = workers[first === 'replica-w1' ? 0 : 1]!;
    expect(await leaving.stop('SIGTERM')).toBe(0);
    const handedBack = (await seed.deps.db.jobAttempt.findFirstOrThrow({ where: { jobId, number: 1 } })) as { endReason: string | null; toStep: number | null };
    expect(handedBack.endReason).toBe('worker_shutdown');

    // An upload in flight on A when A is told to stop still completes; A then exits cleanly.
    const upload = slowUpload(a, t.headers);
    await upload.started;
    const stopping = a.stop('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    upload.finish();
    expect(await upload.response).toMatchObject({ status: 200 });
    expect(await stopping).toBe(0);

    // A's stream ended without `done`; the client resumes on B from its last event id.
    const partOnA = await fromA;
    expect(partOnA.done).toBeNull();
    const partOnB = await readEventStream(b, t.headers, jobId, partOnA.ids.at(-1));
    expect(partOnB.done).toBe('succeeded');
    expect([...partOnA.ids, ...partOnB.ids]).toEqual(await eventIds(jobId));

    // The other worker resumed exactly where the first stopped and finished the job.
    const done = await waitForJob(t.headers, jobId, 'succeeded', (j) => j.status === 'succeeded');
    expect(done.attempts).toHaveLength(2);
    expect(done.attempts[0]).toMatchObject({ end_reason: 'worker_shutdown', to_step: handedBack.toStep });
    expect(done.attempts[1]).toMatchObject({ from_step: handedBack.toStep, end_reason: 'completed' });
    expect(done.attempts[1]!.worker_id).not.toBe(done.attempts[0]!.worker_id);
    expect(handedBack.toStep).toBeGreaterThanOrEqual(3);
  }, 600_000);
});

/** A multipart upload sent in two parts: the second only when `finish()` is called. */
function slowUpload(api: ApiProcess, headers: Headers) {
  const body = multipart([{ name: 'purpose', value: 'fine-tune' }, { name: 'file', value: chatJsonl(200), filename: 'slow.jsonl' }]);
  const half = Math.floor(body.payload.length / 2);
  let started!: () => void;
  const startedPromise = new Promise<void>((r) => (started = r));
  const req = http.request(`${api.url}/v1/files`, { method: 'POST', headers: { ...headers, ...body.headers, 'content-length': String(body.payload.length) } });
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, body: text }));
    });
    req.on('error', reject);
  });
  req.write(body.payload.subarray(0, half), () => started());
  return { started: startedPromise, response, finish: () => req.end(body.payload.subarray(half)) };
}
