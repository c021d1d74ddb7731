import { createHash } from 'node:crypto';
import { createTenant, startApi } from '../../../apps/api/test/support/harness';
import { chatJsonl } from '../../../apps/api/test/support/multipart';
import { preferenceJsonl, processedFile } from '../../../apps/api/test/support/fixtures';
import { registerDemoModel } from '@whetstone/services';
import { FAST_SFT, waitForJob } from './support/jobs';
import { startWorkerProcess, type WorkerProcess } from './support/worker-process';

const MODEL = 'whetstone/tiny-llama';
const prefix = `whetstone-e2e-train-${process.pid}`;
let api: Awaited<ReturnType<typeof startApi>>;
let worker: WorkerProcess;

beforeAll(async () => {
  api = await startApi({ QUEUE_PREFIX: prefix });
  await registerDemoModel(api.deps);
  worker = await startWorkerProcess({ QUEUE_PREFIX: prefix, WORKER_QUEUES: 'training', TRAINER_THREADS: '1' });
});
afterAll(async () => {
  await worker?.stop();
  await api?.close();
});

type Tenant = Awaited<ReturnType<typeof createTenant>>;
const create = async (tenant: Tenant, body: object) => {
  const res = await api.app.inject({ method: 'POST', url: '/v1/fine_tuning/jobs', headers: tenant.headers, payload: { model: MODEL, ...body } });
  if (res.statusCode !== 200) throw new Error(res.body);
  return res.json().id as string;
};
const get = (tenant: Tenant, url: string) => api.app.inject({ method: 'GET', url, headers: tenant.headers }).then((r) => r.json());

describe('fine-tuning jobs through a real worker process', () => {
  it('trains a LoRA SFT job to succeeded with events, metrics, checkpoints and a downloadable PEFT adapter', async () => {
    const tenant = await createTenant(api.app);
    const file = await processedFile(api.app, api.deps, tenant, chatJsonl(40));
    const id = await create(tenant, {
      training_file: file,
      suffix: 'e2e',
      method: { type: 'supervised', supervised: { hyperparameters: FAST_SFT } },
      checkpoint_interval: 4,
      eval_interval: 4,
    });
    const job = await waitForJob(api.app, tenant.headers, id, 'succeeded', (j) => j.status === 'succeeded');
    expect(job.fine_tuned_model).toBe(`ft:${MODEL}:${tenant.orgId}:e2e:${id}`);
    expect(job.trained_tokens).toBeGreaterThan(0);
    expect(job.attempts).toEqual([expect.objectContaining({ number: 1, from_step: 0, end_reason: 'completed' })]);

    const events = await get(tenant, `/v1/fine_tuning/jobs/${id}/events?limit=100`);
    const messages = events.data.map((e: { message: string }) => e.message);
    expect(messages).toEqual(expect.arrayContaining(['Fine-tuning job started', 'The job has successfully completed', 'Checkpoint saved at step 4']));
    expect(events.data.some((e: { type: string }) => e.type === 'metrics')).toBe(true);

    const metrics = await get(tenant, `/v1/fine_tuning/jobs/${id}/metrics?names=train_loss,valid_loss`);
    expect(metrics.data.length).toBe(job.progress!.total_steps);
    expect(metrics.data[0].values.train_loss).toBeGreaterThan(0);
    expect(metrics.data.some((p: { values: Record<string, number> }) => p.values.valid_loss !== undefined)).toBe(true);

    const checkpoints = await get(tenant, `/v1/fine_tuning/jobs/${id}/checkpoints`);
    expect(checkpoints.data[0]).toMatchObject({ object: 'fine_tuning.job.checkpoint', step_number: job.progress!.total_steps, metrics: { train_loss: expect.any(Number) } });

    // Each checkpoint downloads as stored: the manifest's digest matches the tensors' bytes.
    const step4 = checkpoints.data.find((c: { step_number: number }) => c.step_number === 4);
    const stored = await get(tenant, `/v1/fine_tuning/jobs/${id}/checkpoints/${step4.id}/files`);
    expect(stored).toMatchObject({ object: 'fine_tuning.job.checkpoint.files', checkpoint_id: step4.id, step_number: 4 });
    const urlOf = (name: string) => stored.files.find((f: { name: string }) => f.name === name).url as string;
    const manifest = await (await fetch(urlOf('checkpoint.json'))).json();
    const tensors = Buffer.from(await (await fetch(urlOf('trainable.safetensors'))).arrayBuffer());
    expect(manifest.position.step).toBe(4);
    expect(createHash('sha256').update(tensors).digest('hex')).toBe(manifest.files.trainable.sha256);
    const other = await createTenant(api.app);
    const foreign = await api.app.inject({ method: 'GET', url: `/v1/fine_tuning/jobs/${id}/checkpoints/${step4.id}/files`, headers: other.headers });
    expect(foreign.statusCode).toBe(404);
    const unknown = await api.app.inject({ method: 'GET', url: `/v1/fine_tuning/jobs/${id}/checkpoints/ftckpt-missing/files`, headers: tenant.headers });
    expect(unknown.json().error).toMatchObject({ code: 'not_found', param: 'checkpoint_id' });

    const result = await get(tenant, `/v1/fine_tuning/jobs/${id}/result`);
    expect(result.files.map((f: { name: string }) => f.name).sort()).toEqual(['adapter_config.json', 'adapter_model.safetensors']);
    const config = await (await fetch(result.files.find((f: { name: string }) => f.name === 'adapter_config.json').url)).json();
    expect(config).toMatchObject({ peft_type: 'LORA', r: 8, lora_alpha: 16, base_model_name_or_path: MODEL });
    const csv = await api.app.inject({ method: 'GET', url: `/v1/fine_tuning/jobs/${id}/metrics.csv`, headers: tenant.headers });
    expect(csv.body.split('\n')[0]).toBe(
      'step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy,learning_rate,grad_norm,rewards/chosen,rewards/rejected,rewards/accuracies,rewards/margins,logps/chosen,logps/rejected,valid_rewards/accuracies,valid_rewards/margins',
    );
    const usage = await get(tenant, '/v1/organization/usage');
    expect(usage.trained_tokens).toBe(job.trained_tokens);
    const outbox = await api.deps.db.outboxEvent.findMany({ where: { organizationId: tenant.orgId } });
    expect(outbox.map((e) => e.type)).toEqual(expect.arrayContaining(['fine_tuning.job.running', 'fine_tuning.job.checkpoint.created', 'fine_tuning.job.succeeded']));
  });

  it('trains full fine-tuning and delivers a Hugging Face model folder', async () => {
    const tenant = await createTenant(api.app);
    const file = await processedFile(api.app, api.deps, tenant, chatJsonl(24));
    const id = await create(tenant, { training_file: file, training_type: { type: 'full' }, hyperparameters: { ...FAST_SFT, learning_rate_multiplier: 10 } });
    await waitForJob(api.app, tenant.headers, id, 'succeeded', (j) => j.status === 'succeeded');
    const result = await get(tenant, `/v1/fine_tuning/jobs/${id}/result`);
    expect(result.kind).toBe('full_weights');
    expect(result.files.map((f: { name: string }) => f.name)).toEqual(expect.arrayContaining(['config.json', 'model.safetensors', 'tokenizer.json']));
  });

  it('trains DPO on a preference file and records reward metrics', async () => {
    const tenant = await createTenant(api.app);
    const file = await processedFile(api.app, api.deps, tenant, preferenceJsonl(24));
    const id = await create(tenant, {
      training_file: file,
      method: { type: 'dpo', dpo: { hyperparameters: { ...FAST_SFT, beta: 0.1 } } },
      eval_metrics: [{ type: 'regex_match', name: 'bracketed', pattern: '^\\[.*\\]$' }],
    });
    await waitForJob(api.app, tenant.headers, id, 'succeeded', (j) => j.status === 'succeeded');
    const metrics = await get(tenant, `/v1/fine_tuning/jobs/${id}/metrics`);
    expect(Object.keys(metrics.data[0].values)).toEqual(expect.arrayContaining(['train_loss', 'rewards/accuracies', 'rewards/margins']));
    const result = await get(tenant, `/v1/fine_tuning/jobs/${id}/result`);
    expect(result.evaluations.map((e: { stage: string }) => e.stage)).toEqual(expect.arrayContaining(['base', 'final']));
  });

  it('stops a running job within a step when cancelled', async () => {
    const tenant = await createTenant(api.app);
    const file = await processedFile(api.app, api.deps, tenant, chatJsonl(40));
    const id = await create(tenant, { training_file: file, hyperparameters: { ...FAST_SFT, n_epochs: 50 } });
    await waitForJob(api.app, tenant.headers, id, 'running step 2', (j) => j.status === 'running' && (j.progress?.step ?? 0) >= 2);
    await api.app.inject({ method: 'POST', url: `/v1/fine_tuning/jobs/${id}/cancel`, headers: tenant.headers });
    const job = await waitForJob(api.app, tenant.headers, id, 'cancelled', (j) => j.status === 'cancelled', 30_000);
    expect(job.attempts.at(-1)).toMatchObject({ end_reason: 'cancelled' });
    expect(job.progress!.step!).toBeLessThan(job.progress!.total_steps!);
  });

  it('pauses a running job at a checkpoint and resumes it from there to success', async () => {
    const tenant = await createTenant(api.app);
    const file = await processedFile(api.app, api.deps, tenant, chatJsonl(40));
    const id = await create(tenant, { training_file: file, hyperparameters: { ...FAST_SFT, n_epochs: 30 } });
    await waitForJob(api.app, tenant.headers, id, 'running step 2', (j) => j.status === 'running' && (j.progress?.step ?? 0) >= 2);
    await api.app.inject({ method: 'POST', url: `/v1/fine_tuning/jobs/${id}/pause`, headers: tenant.headers });
    const paused = await waitForJob(api.app, tenant.headers, id, 'paused', (j) => j.status === 'paused', 30_000);
    const pausedAt = paused.attempts[0]!.to_step!;
    expect(pausedAt).toBeGreaterThanOrEqual(2);
    expect((await get(tenant, `/v1/fine_tuning/jobs/${id}/checkpoints`)).data[0].step_number).toBe(pausedAt);
    await api.app.inject({ method: 'POST', url: `/v1/fine_tuning/jobs/${id}/resume`, headers: tenant.headers });
    const done = await waitForJob(api.app, tenant.headers, id, 'succeeded', (j) => j.status === 'succeeded');
    expect(done.attempts.map((a) => [a.from_step, a.end_reason])).toEqual([
      [0, 'paused'],
      [pausedAt, 'completed'],
    ]);
  });

  it("starts another tenant's job before the rest of one tenant's backlog (fair sharing)", async () => {
    const busy = await createTenant(api.app, 'busy', { max_concurrent_jobs: 1 });
    const other = await createTenant(api.app, 'other', { max_concurrent_jobs: 1 });
    const busyFile = await processedFile(api.app, api.deps, busy, chatJsonl(24));
    const otherFile = await processedFile(api.app, api.deps, other, chatJsonl(24));
    const body = (file: string) => ({ training_file: file, hyperparameters: FAST_SFT });
    const backlog: string[] = [];
    for (let i = 0; i < 3; i++) backlog.push(await create(busy, body(busyFile)));
    const single = await create(other, body(otherFile));
    await waitForJob(api.app, other.headers, single, 'succeeded', (j) => j.status === 'succeeded');
    for (const id of backlog) await waitForJob(api.app, busy.headers, id, 'succeeded', (j) => j.status === 'succeeded');
    const started = async (id: string) => (await api.deps.db.fineTuningJob.findUniqueOrThrow({ where: { id } })).startedAt!.getTime();
    // The other tenant's job ran before the busy tenant's second and third jobs.
    expect(await started(single)).toBeLessThan(await started(backlog[1]!));
    expect(await started(single)).toBeLessThan(await started(backlog[2]!));
  });
});
