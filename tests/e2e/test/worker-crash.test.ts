import { createTenant, startApi } from '../../../apps/api/test/support/harness';
import { chatJsonl } from '../../../apps/api/test/support/multipart';
import { processedFile } from '../../../apps/api/test/support/fixtures';
import { registerDemoModel } from '@whetstone/services';
import { FAST_SFT, waitForJob } from './support/jobs';
import { startWorkerProcess, type WorkerProcess } from './support/worker-process';

const MODEL = 'whetstone/tiny-llama';
const prefix = `whetstone-e2e-crash-${process.pid}`;
// A short lock so a killed worker's job is noticed in seconds, not the production 30 s.
const workerEnv = { QUEUE_PREFIX: prefix, WORKER_QUEUES: 'training', TRAINER_THREADS: '1', WORKER_TRAINING_LOCK_MS: '2000' };
let api: Awaited<ReturnType<typeof startApi>>;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  api = await startApi({ QUEUE_PREFIX: prefix });
  await registerDemoModel(api.deps);
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop('SIGKILL')));
  await api?.close();
});

async function adapterBytes(headers: Record<string, string>, jobId: string): Promise<Buffer> {
  const result = (await api.app.inject({ method: 'GET', url: `/v1/fine_tuning/jobs/${jobId}/result`, headers })).json();
  const file = result.files.find((f: { name: string }) => f.name === 'adapter_model.safetensors');
  return Buffer.from(await (await fetch(file.url)).arrayBuffer());
}

describe('surviving a worker killed mid-training', () => {
  it('resumes from the latest checkpoint on another worker and delivers the same adapter as an uninterrupted run', async () => {
    const tenant = await createTenant(api.app);
    const file = await processedFile(api.app, api.deps, tenant, chatJsonl(40));
    const body = {
      model: MODEL,
      training_file: file,
      seed: 7,
      checkpoint_interval: 5,
      hyperparameters: { ...FAST_SFT, n_epochs: 10 },
      training_type: { type: 'lora', r: 4, alpha: 8, dropout: 0.1, target_modules: 'all-linear' },
    };
    const createJob = async () => (await api.app.inject({ method: 'POST', url: '/v1/fine_tuning/jobs', headers: tenant.headers, payload: body })).json().id as string;

    workers.push(await startWorkerProcess(workerEnv));
    const straight = await createJob();
    await waitForJob(api.app, tenant.headers, straight, 'succeeded', (j) => j.status === 'succeeded');

    const interrupted = await createJob();
    await waitForJob(api.app, tenant.headers, interrupted, 'past a checkpoint', (j) => j.status === 'running' && (j.progress?.step ?? 0) >= 12);
    await workers[0]!.stop('SIGKILL');
    const killedAt = (await api.deps.db.fineTuningJob.findUniqueOrThrow({ where: { id: interrupted } })).progress as { step: number };

    workers.push(await startWorkerProcess(workerEnv));
    const done = await waitForJob(api.app, tenant.headers, interrupted, 'succeeded after the crash', (j) => j.status === 'succeeded', 120_000);

    expect(done.attempts).toHaveLength(2);
    expect(done.attempts[0]).toMatchObject({ number: 1, from_step: 0, end_reason: 'worker_lost' });
    const resumedFrom = done.attempts[1]!.from_step;
    expect(resumedFrom % 5).toBe(0);
    expect(resumedFrom).toBeGreaterThanOrEqual(10);
    expect(resumedFrom).toBeLessThanOrEqual(killedAt.step);
    expect(done.attempts[1]).toMatchObject({ end_reason: 'completed' });
    const events = (await api.app.inject({ method: 'GET', url: `/v1/fine_tuning/jobs/${interrupted}/events?limit=100`, headers: tenant.headers })).json();
    expect(events.data.map((e: { message: string }) => e.message)).toEqual(expect.arrayContaining([`The previous worker was lost; resuming from step ${resumedFrom}.`]));

    // Exact resume: the same bytes as the run nobody interrupted.
    expect((await adapterBytes(tenant.headers, interrupted)).equals(await adapterBytes(tenant.headers, straight))).toBe(true);
  });
});
