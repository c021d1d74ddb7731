import type { AddressInfo } from 'node:net';
import OpenAI, { APIError, toFile } from 'openai';
import { createTenant, startApi } from '../../../apps/api/test/support/harness';
import { chatJsonl } from '../../../apps/api/test/support/multipart';
import { registerDemoModel } from '@whetstone/services';
import { FAST_SFT } from './support/jobs';
import { startWorkerProcess, waitFor, type WorkerProcess } from './support/worker-process';

/**
 * The official `openai` SDK, pointed at our API over real HTTP (baseURL + API key), with its
 * default retries. The worker starts only after the first jobs are created, so they are created
 * while their files are certainly still waiting for validation.
 */
const MODEL = 'whetstone/tiny-llama';
const prefix = `whetstone-e2e-sdk-${process.pid}`;
let api: Awaited<ReturnType<typeof startApi>>;
let worker: WorkerProcess | undefined;
let client: OpenAI;
let tenant: Awaited<ReturnType<typeof createTenant>>;
/** Every request the server received, as "METHOD /path". */
const received: string[] = [];

beforeAll(async () => {
  api = await startApi({ QUEUE_PREFIX: prefix });
  await registerDemoModel(api.deps);
  await api.app.listen({ host: '127.0.0.1', port: 0 });
  api.app.server.on('request', (req) => received.push(`${req.method} ${req.url?.split('?')[0]}`));
  const { port } = api.app.server.address() as AddressInfo;
  tenant = await createTenant(api.app, 'sdk');
  client = new OpenAI({ apiKey: tenant.key, baseURL: `http://127.0.0.1:${port}/v1` });
});
afterAll(async () => {
  await worker?.stop();
  await api?.close();
});

const upload = async (content: string, name: string) => client.files.create({ file: await toFile(Buffer.from(content), name), purpose: 'fine-tune' });
// Our extensions (max_seq_length) ride along in the SDK's hyperparameters.
const hyperparameters = FAST_SFT as unknown as OpenAI.FineTuning.SupervisedHyperparameters;
const settled = (id: string, timeoutMs = 120_000) =>
  waitFor(
    `${id} settled`,
    async () => {
      const job = await client.fineTuning.jobs.retrieve(id);
      return ['succeeded', 'failed', 'cancelled'].includes(job.status) ? job : null;
    },
    timeoutMs,
  );

describe('the official openai SDK against the API', () => {
  let trained: OpenAI.FineTuning.FineTuningJob;
  let failedId: string;

  it('uploads then creates at once (validating_files), and fails a job whose file turns out invalid', async () => {
    const good = await upload(chatJsonl(24), 'train.jsonl');
    const bad = await upload('{"messages": [}\n', 'broken.jsonl');
    const created = await client.fineTuning.jobs.create({
      model: MODEL,
      training_file: good.id,
      suffix: null,
      seed: null,
      validation_file: null,
      metadata: null,
      integrations: null,
      method: { type: 'supervised', supervised: { hyperparameters } },
    });
    expect(created).toMatchObject({ object: 'fine_tuning.job', status: 'validating_files', training_file: good.id });
    const failing = await client.fineTuning.jobs.create({ model: MODEL, training_file: bad.id, integrations: [] });
    expect(failing.status).toBe('validating_files');
    failedId = failing.id;

    worker = await startWorkerProcess({ QUEUE_PREFIX: prefix, WORKER_QUEUES: 'datasets,training', TRAINER_THREADS: '1' });
    const failed = await settled(failing.id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatchObject({ code: 'invalid_json', param: 'training_file', message: expect.stringContaining(`File ${bad.id} failed validation`) });
    trained = await settled(created.id);
    expect(trained.status).toBe('succeeded');
    expect(trained.fine_tuned_model).toBe(`ft:${MODEL}:${tenant.orgId}::${created.id}`);
    expect(trained.trained_tokens).toBeGreaterThan(0);
    expect(trained.hyperparameters).toMatchObject({ n_epochs: 1, batch_size: 4, learning_rate_multiplier: 5 });
  });

  it('does not repeat a request the server answered as non-retryable (cancel a finished job)', async () => {
    const before = received.length;
    const err = await client.fineTuning.jobs.cancel(failedId).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(APIError);
    expect((err as APIError).status).toBe(409);
    expect((err as APIError).code).toBe('invalid_job_state');
    expect((err as APIError).headers?.get('x-should-retry')).toBe('false');
    // The SDK retries 409s twice by default; this one reached the server exactly once.
    expect(received.slice(before)).toEqual([`POST /v1/fine_tuning/jobs/${failedId}/cancel`]);
  });

  it('names an integration it cannot honour in a 400 the SDK surfaces once', async () => {
    const file = await upload(chatJsonl(8), 'small.jsonl');
    const before = received.length;
    const err = await client.fineTuning.jobs
      .create({ model: MODEL, training_file: file.id, integrations: [{ type: 'wandb', wandb: { project: 'demo' } }] })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 400, code: 'unsupported_integration', param: 'integrations' });
    expect((err as APIError).message).toContain("'wandb'");
    expect(received.length - before).toBe(1);
  });
});
