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
      method: { type: 'supervised', supervised: { hyperparameters: { ...hyperparameters, n_epochs: 3 } } },
      // Our extension: a checkpoint every 4 steps.
      ...({ checkpoint_interval: 4 } as object),
    });
    expect(created).toMatchObject({ object: 'fine_tuning.job', status: 'validating_files', training_file: good.id, estimated_finish: null });
    const failing = await client.fineTuning.jobs.create({ model: MODEL, training_file: bad.id, integrations: [] });
    expect(failing.status).toBe('validating_files');
    failedId = failing.id;

    worker = await startWorkerProcess({ QUEUE_PREFIX: prefix, WORKER_QUEUES: 'datasets,training', TRAINER_THREADS: '1' });
    const failed = await settled(failing.id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatchObject({ code: 'invalid_json', param: 'training_file', message: expect.stringContaining(`File ${bad.id} failed validation`) });
    // While it runs, estimated_finish comes from the measured step rate.
    const running = await waitFor('an estimated finish', async () => {
      const job = await client.fineTuning.jobs.retrieve(created.id);
      return job.estimated_finish !== null || job.status === 'succeeded' ? job : null;
    });
    expect(running.status).toBe('running');
    expect(running.estimated_finish).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000) - 5);
    trained = await settled(created.id);
    expect(trained.status).toBe('succeeded');
    expect(trained.estimated_finish).toBeNull();
    expect(trained.fine_tuned_model).toBe(`ft:${MODEL}:${tenant.orgId}::${created.id}`);
    expect(trained.trained_tokens).toBeGreaterThan(0);
    expect(trained.hyperparameters).toMatchObject({ n_epochs: 3, batch_size: 4, learning_rate_multiplier: 5 });
    expect(trained.method).toMatchObject({ type: 'supervised', supervised: { hyperparameters: { n_epochs: 3, batch_size: 4, learning_rate_multiplier: 5 } } });
  });

  it('lists a fine-tune-results file with the per-step metrics CSV, counted in storage', async () => {
    expect(trained.result_files).toHaveLength(1);
    const file = await client.files.retrieve(trained.result_files[0]!);
    expect(file).toMatchObject({ object: 'file', purpose: 'fine-tune-results', status: 'processed' });
    const csv = await (await client.files.content(file.id)).text();
    const [header, ...rows] = csv.trim().split('\n');
    expect(header!.startsWith('step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy,')).toBe(true);
    const steps = (await api.deps.db.fineTuningJob.findUniqueOrThrow({ where: { id: trained.id } })).progress as { total_steps: number };
    expect(rows).toHaveLength(steps.total_steps);
    expect(rows[0]!.split(',')[0]).toBe('1');
    expect(Number(rows[0]!.split(',')[1])).toBeGreaterThan(0);
    expect(csv.length).toBe(file.bytes);
    const listed = await client.files.list({ purpose: 'fine-tune-results' });
    expect(listed.data.map((f) => f.id)).toEqual([file.id]);
    const usage = (await api.app.inject({ method: 'GET', url: '/v1/organization/usage', headers: tenant.headers })).json();
    const files = await api.deps.db.file.findMany({ where: { organizationId: tenant.orgId, deletedAt: null } });
    expect(files.map((f) => f.id)).toContain(file.id);
    // Every stored byte counts: uploads, the results file, checkpoints and the adapter, exactly what the object store holds.
    const stored = await api.deps.store.list(`orgs/${tenant.orgId}/`);
    expect(usage.storage_bytes).toBe(stored.reduce((sum, o) => sum + o.bytes, 0));
    expect(usage.storage_bytes).toBeGreaterThan(files.reduce((sum, f) => sum + Number(f.bytes), 0));
  });

  it("lists checkpoints with the whole validation set's metrics and metrics events in OpenAI's shape", async () => {
    const checkpoints = await client.fineTuning.jobs.checkpoints.list(trained.id);
    expect(checkpoints.data.length).toBeGreaterThanOrEqual(2);
    for (const checkpoint of checkpoints.data) {
      expect(checkpoint).toMatchObject({
        object: 'fine_tuning.job.checkpoint',
        fine_tuning_job_id: trained.id,
        fine_tuned_model_checkpoint: `${trained.fine_tuned_model}:ckpt-step-${checkpoint.step_number}`,
        metrics: { step: checkpoint.step_number, train_loss: expect.any(Number), full_valid_loss: expect.any(Number), full_valid_mean_token_accuracy: expect.any(Number) },
      });
      expect(checkpoint.metrics.full_valid_loss).toBe(checkpoint.metrics.valid_loss);
    }
    const files = (await client.get(`/fine_tuning/jobs/${trained.id}/checkpoints/${checkpoints.data[0]!.id}/files`)) as { files: { name: string }[] };
    expect(files.files.length).toBeGreaterThan(0);

    const events = await client.fineTuning.jobs.listEvents(trained.id, { limit: 100 });
    const metrics = events.data.filter((e) => e.type === 'metrics');
    expect(metrics.length).toBeGreaterThan(0);
    expect(metrics[0]).toMatchObject({ object: 'fine_tuning.job.event', level: 'info', data: { step: expect.any(Number), train_loss: expect.any(Number), train_mean_token_accuracy: expect.any(Number) } });
    expect(events.data.some((e) => e.type === 'message' && e.message === 'The job has successfully completed')).toBe(true);
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

  it('uploads with expires_after and lists files in either order with after cursors', async () => {
    const expiring = await client.files.create({ file: await toFile(Buffer.from(chatJsonl(2)), 'tmp.jsonl'), purpose: 'fine-tune', expires_after: { anchor: 'created_at', seconds: 3600 } });
    expect(expiring.expires_at).toBe(expiring.created_at + 3600);
    const all = (await client.files.list()).data.map((f) => f.id);
    expect(all[0]).toBe(expiring.id);
    const oldestFirst = await client.files.list({ order: 'asc', limit: 2 });
    expect(oldestFirst.data.map((f) => f.id)).toEqual([...all].reverse().slice(0, 2));
    const next = await client.files.list({ order: 'asc', limit: 2, after: oldestFirst.data[1]!.id });
    expect(next.data.map((f) => f.id)).toEqual([...all].reverse().slice(2, 4));
  });

  it('creates a job from a checkpoint and continues from a fine-tuned model: same base model, training from the parent, lineage shown', async () => {
    const checkpoints = await client.fineTuning.jobs.checkpoints.list(trained.id);
    const first = checkpoints.data.reduce((a, b) => (a.step_number < b.step_number ? a : b));
    const train = await upload(chatJsonl(24), 'more.jsonl');
    const validation = await upload(chatJsonl(12), 'held-out.jsonl');
    const method = { type: 'supervised' as const, supervised: { hyperparameters: { ...hyperparameters, n_epochs: 1 } } };
    const common = { training_file: train.id, validation_file: validation.id, method, seed: 11 };
    const fromCheckpoint = await client.fineTuning.jobs.create({ model: first.fine_tuned_model_checkpoint, ...common });
    const fromModel = await client.fineTuning.jobs.create({ model: trained.fine_tuned_model!, ...common, suffix: 'more' });
    const cold = await client.fineTuning.jobs.create({ model: MODEL, ...common });
    // `model` stays as given (OpenAI's shape); the lineage rides in our own fields.
    expect(fromCheckpoint).toMatchObject({ model: first.fine_tuned_model_checkpoint, parent_model: first.fine_tuned_model_checkpoint, parent_fine_tuning_job: trained.id });
    expect(fromModel).toMatchObject({ model: trained.fine_tuned_model, parent_model: trained.fine_tuned_model });
    expect(cold).toMatchObject({ parent_model: null });

    const [a, b, c] = [await settled(fromCheckpoint.id), await settled(fromModel.id), await settled(cold.id)];
    expect([a.status, b.status, c.status]).toEqual(['succeeded', 'succeeded', 'succeeded']);
    // Named after the base model, as OpenAI names continued models.
    expect(b.fine_tuned_model).toBe(`ft:${MODEL}:${tenant.orgId}:more:${b.id}`);
    const model = (await client.models.retrieve(b.fine_tuned_model!)) as OpenAI.Models.Model & { parent_model: string; lineage: string[] };
    expect(model).toMatchObject({ parent: MODEL, parent_model: trained.fine_tuned_model, lineage: [MODEL, trained.fine_tuned_model] });
    const messages = (await client.fineTuning.jobs.listEvents(b.id, { limit: 100 })).data.map((e) => e.message);
    expect(messages).toContain(`Warm start: training continues from ${trained.fine_tuned_model} (the parent's LoRA adapter)`);

    // A warm start measures the shared validation file at step 0, before any update: the parent's
    // final weights (18 steps) score it better than its step-4 checkpoint and than a cold start after
    // its whole epoch (6 steps). The exact equality with the parent's loss is the trainer's warm-start test.
    const validLossAt = async (job: OpenAI.FineTuning.FineTuningJob, step: number) => {
      const csv = await (await client.files.content(job.result_files[0]!)).text();
      const row = csv.trim().split('\n').find((line) => line.split(',')[0] === String(step));
      return Number(row?.split(',')[3]);
    };
    const [fromModelStart, fromCheckpointStart] = [await validLossAt(b, 0), await validLossAt(a, 0)];
    expect(Number.isFinite(fromModelStart) && Number.isFinite(fromCheckpointStart)).toBe(true);
    expect(fromModelStart).toBeLessThan(fromCheckpointStart);
    const coldEnd = await validLossAt(c, (await client.fineTuning.jobs.checkpoints.list(c.id)).data[0]!.step_number);
    expect(fromModelStart).toBeLessThan(coldEnd);
  });

  it("deletes the results file with the job's model", async () => {
    const resultFile = trained.result_files[0]!;
    await client.models.delete(trained.fine_tuned_model!);
    const err = await client.files.retrieve(resultFile).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 404 });
    const row = await api.deps.db.file.findUniqueOrThrow({ where: { id: resultFile } });
    expect(await api.deps.store.getStream(row.storageKey)).toBeNull();
  });
});
