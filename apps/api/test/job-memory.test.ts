import { registerDemoModel } from '@whetstone/services';
import { createTenant, startApi } from './support/harness';
import { chatJsonl } from './support/multipart';
import { processedFile } from './support/fixtures';

const MODEL = 'whetstone/tiny-llama';

// Its own file (job-memory-dispatch.test.ts has the other case): an API instance owns the database pool it closes.

/** An API whose worker classes have the given memory (GB), with the demo model registered. */
async function apiWithClasses(classes: Record<string, number>) {
  const api = await startApi({ QUEUE_PREFIX: `whetstone-job-memory-test-${process.pid}`, WORKER_CLASS_MEMORY_GB: JSON.stringify(classes) });
  await registerDemoModel(api.deps);
  return api;
}

describe('job memory at creation', () => {
  it('refuses with a 400 saying how much memory the job needs when no worker class has it', async () => {
    // Even the tiny model's process needs ~0.2 GB (Node.js and ONNX Runtime).
    const api = await apiWithClasses({ default: 0.05 });
    try {
      const tenant = await createTenant(api.app, 'job-memory');
      const file = await processedFile(api.app, api.deps, tenant, chatJsonl(20));
      const res = await api.app.inject({ method: 'POST', url: '/v1/fine_tuning/jobs', headers: tenant.headers, payload: { model: MODEL, training_file: file } });
      expect(res.statusCode).toBe(400);
      const { error } = res.json();
      expect(error).toMatchObject({ type: 'invalid_request_error', code: 'insufficient_memory', param: 'hyperparameters.batch_size' });
      expect(error.message).toMatch(/^This job needs about [\d.]+ GB of memory to train \(LoRA, batch_size \d+ × max_seq_length \d+/);
      expect(error.message).toContain("largest worker class ('default', 0.05 GB)");
      expect(await api.deps.db.fineTuningJob.count({ where: { organizationId: tenant.orgId } })).toBe(0);
    } finally {
      await api.close();
    }
  });

});
