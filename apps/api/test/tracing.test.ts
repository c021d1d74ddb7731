import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { createLogger } from '@whetstone/common';
import { loadApiConfig, loadWorkerConfig } from '@whetstone/config';
import { startTracing, type Tracing } from '@whetstone/observability';
import { QUEUES } from '@whetstone/queue';
import { registerDemoModel, relayOutboxBatch } from '@whetstone/services';
import { startConsumers, type RunningConsumers } from '../../worker/src/consumers';
import { closeWorkerDeps, createWorkerDeps, type WorkerDeps } from '../../worker/src/deps';
import { datasetConsumer } from '../../worker/src/processors/datasets';
import { webhookConsumer } from '../../worker/src/processors/webhooks';
import { buildApp } from '../src/app';
import { closeDeps, createDeps, type AppDeps } from '../src/deps';
import { ADMIN_TOKEN, createTenant } from './support/harness';
import { chatJsonl, multipart } from './support/multipart';

// One process plays API and worker; the trace crosses between them only through Redis payloads
// and Postgres rows, exactly as between machines.
const env = {
  ...process.env,
  ADMIN_TOKEN,
  LOG_LEVEL: 'silent',
  RATE_LIMIT_PER_IP_PER_MINUTE: '1000000',
  QUEUE_PREFIX: `whetstone-tracing-test-${process.pid}`,
  WEBHOOK_ALLOW_HTTP: 'true',
  WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
  WORKER_CACHE_DIR: join(tmpdir(), 'whetstone-test-cache'),
};
const logger = createLogger({ level: 'silent', name: 'tracing-test' });
// Validation, relay and delivery run for real; on a loaded 2-core machine that takes a while.
jest.setTimeout(120_000);

let exporter: InMemorySpanExporter;
let tracing: Tracing;
let deps: AppDeps;
let app: Awaited<ReturnType<typeof buildApp>>;
let workerDeps: WorkerDeps;
let consumers: RunningConsumers;
let receiver: Server;
const received: string[] = [];

beforeAll(async () => {
  exporter = new InMemorySpanExporter();
  tracing = startTracing({ serviceName: 'whetstone-test', exporter });
  deps = createDeps(loadApiConfig(env), logger, { tracing: tracing.enabled });
  app = await buildApp(deps);
  await app.ready();
  await registerDemoModel(deps);
  workerDeps = createWorkerDeps(loadWorkerConfig(env), logger);
  consumers = startConsumers({
    redisUrl: workerDeps.config.REDIS_URL,
    prefix: workerDeps.config.QUEUE_PREFIX,
    logger,
    definitions: [datasetConsumer(workerDeps), webhookConsumer(workerDeps)],
    metrics: workerDeps.metrics.queueJobs,
  });
  await consumers.ready;
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push(body);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  await consumers?.close();
  if (workerDeps) await closeWorkerDeps(workerDeps);
  await app?.close();
  if (deps) await closeDeps(deps);
  if (receiver) await new Promise((resolve) => receiver.close(resolve));
  await tracing?.shutdown();
});

async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const spansOf = (traceId: string) => exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
const requestSpan = (requestId: string) => exporter.getFinishedSpans().find((s) => s.attributes['whetstone.request_id'] === requestId);

describe('tracing across API, queue and worker', () => {
  it('keeps one trace id from the upload request through the validation job to its webhook delivery', async () => {
    const tenant = await createTenant(app, 'tracing');
    const { port } = receiver.address() as AddressInfo;
    const endpoint = await app.inject({
      method: 'POST',
      url: '/v1/webhook_endpoints',
      headers: tenant.headers,
      payload: { url: `http://127.0.0.1:${port}/hook`, event_types: ['file.processed'] },
    });
    expect(endpoint.statusCode).toBe(200);

    const body = multipart([{ name: 'purpose', value: 'fine-tune' }, { name: 'file', value: chatJsonl(20), filename: 'data.jsonl' }]);
    const upload = await app.inject({ method: 'POST', url: '/v1/files', headers: { ...tenant.headers, ...body.headers }, payload: body.payload });
    expect(upload.statusCode).toBe(200);
    const fileId = upload.json().id as string;
    const apiSpan = await until('the upload request span', async () => requestSpan(upload.headers['x-request-id'] as string));
    expect(apiSpan.attributes['http.route']).toBe('/v1/files');
    const traceId = apiSpan.spanContext().traceId;

    // The queue payload carries the trace; the worker's job continues it.
    const validation = await until('the validation job span', async () => spansOf(traceId).find((s) => s.name === `${QUEUES.datasets} process`));
    expect(validation.attributes['whetstone.fileId']).toBe(fileId);
    expect(validation.parentSpanContext?.spanId).toBe(apiSpan.spanContext().spanId);

    // The file.processed event recorded by that job is delivered inside the same trace.
    await until('the webhook delivery', async () => {
      await relayOutboxBatch(workerDeps, { batchSize: 100 });
      return received.some((r) => r.includes(fileId));
    });
    const delivery = await until('the delivery job span', async () => spansOf(traceId).find((s) => s.name === `${QUEUES.webhooks} process`));
    expect(delivery.attributes['whetstone.orgId']).toBe(tenant.orgId);

    const metrics = await workerDeps.metrics.registry.metrics();
    expect(metrics).toMatch(/whetstone_webhook_delivery_attempts_total\{outcome="succeeded",service="worker"\} [1-9]/);
    expect(metrics).toMatch(/whetstone_webhook_delivery_lag_seconds_count\{service="worker"\} [1-9]/);
    expect(metrics).toMatch(/whetstone_worker_job_duration_seconds_count\{[^}]*queue="datasets"[^}]*outcome="completed"[^}]*\} [1-9]/);

    // A job created from the file is dispatched with its creating request's trace.
    const created = await app.inject({ method: 'POST', url: '/v1/fine_tuning/jobs', headers: tenant.headers, payload: { model: 'whetstone/tiny-llama', training_file: fileId } });
    expect(created.statusCode).toBe(200);
    const createSpan: ReadableSpan = await until('the create request span', async () => requestSpan(created.headers['x-request-id'] as string));
    const queued = await deps.producers.queue(QUEUES.training('default')).getJob(`train.${created.json().id}.1`);
    expect(queued?.data.trace.traceparent).toContain(createSpan.spanContext().traceId);
  });

  it('continues a trace the client started (traceparent header)', async () => {
    const tenant = await createTenant(app, 'tracing');
    const clientTrace = '0af7651916cd43dd8448eb211c80319c';
    const res = await app.inject({ method: 'GET', url: '/v1/files', headers: { ...tenant.headers, traceparent: `00-${clientTrace}-b7ad6b7169203331-01` } });
    expect(res.statusCode).toBe(200);
    const span = await until('the request span', async () => requestSpan(res.headers['x-request-id'] as string));
    expect(span.spanContext().traceId).toBe(clientTrace);
  });
});
