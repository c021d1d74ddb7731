import { registerDemoModel } from '@whetstone/services';
import { createTenant, startApi } from './support/harness';
import { chatJsonl } from './support/multipart';
import { processedFile } from './support/fixtures';

const MODEL = 'whetstone/tiny-llama';

// Its own file: each API instance here owns the database pool it closes.

/** An API whose worker classes have the given memory (GB), with the demo model registered. */
async function apiWithClasses(classes: Record<string, number>) {
  const api = await startApi({ QUEUE_PREFIX: `whetstone-job-memory-test-${process.pid}`, WORKER_CLASS_MEMORY_GB: JSON.stringify(classes) });
  await registerDemoModel(api.deps);
  return api;
}

describe('job memory at creation', () => {
  it('dispatches a job its model’s class cannot hold to a class that can', async () => {
    const api = await apiWithClasses({ default: 0.05, big: 64 });
    try {
      const tenant = await createTenant(api.app, 'job-memory');
      const file = await processedFile(api.app, api.deps, tenant, chatJsonl(20));
      const res = await api.app.inject({ method: 'POST', url: '/v1/fine_tuning/jobs', headers: tenant.headers, payload: { model: MODEL, training_file: file } });
      expect(res.statusCode).toBe(200);
      const row = await api.deps.db.fineTuningJob.findUniqueOrThrow({ where: { id: res.json().id } });
      expect(row.workerClass).toBe('big');
      expect(await api.deps.producers.queue('training-big').getJob(`train.${row.id}.1`)).toBeDefined();
    } finally {
      await api.close();
    }
  });
});
