import { registerDemoModel } from '@whetstone/services';
import { createTenant, startApi } from './support/harness';
import { chatJsonl } from './support/multipart';
import { processedFile } from './support/fixtures';

const MODEL = 'whetstone/tiny-llama';
let api: Awaited<ReturnType<typeof startApi>>;
beforeAll(async () => {
  api = await startApi({ QUEUE_PREFIX: `whetstone-openai-fields-test-${process.pid}` });
  await registerDemoModel(api.deps);
});
afterAll(async () => {
  await api.close();
});

type Tenant = Awaited<ReturnType<typeof createTenant>>;
const post = (tenant: Tenant, url: string, payload?: object) => api.app.inject({ method: 'POST', url, headers: tenant.headers, ...(payload ? { payload } : {}) });

describe("OpenAI's optional and nullable job fields, and its error vocabulary", () => {
  it('accepts null seed, suffix, validation_file, metadata, integrations and hyperparameters, and "auto" values', async () => {
    const tenant = await createTenant(api.app);
    const file = await processedFile(api.app, api.deps, tenant, chatJsonl(30));
    for (const body of [
      { seed: null, suffix: null, validation_file: null, metadata: null, integrations: null, hyperparameters: null },
      { integrations: [], hyperparameters: { n_epochs: 'auto', batch_size: 'auto', learning_rate_multiplier: 'auto' } },
      { method: { type: 'supervised', supervised: { hyperparameters: { n_epochs: 'auto', batch_size: 2, learning_rate_multiplier: 'auto' } } } },
      { method: { type: 'supervised', supervised: null } },
    ]) {
      const res = await post(tenant, '/v1/fine_tuning/jobs', { model: MODEL, training_file: file, ...body });
      expect({ body, status: res.statusCode }).toEqual({ body, status: 200 });
      expect(res.json()).toMatchObject({ status: 'queued', seed: expect.any(Number), integrations: [] });
    }
  });

  it('names an unknown (or unsupported OpenAI) field in param with code unknown_parameter', async () => {
    const tenant = await createTenant(api.app);
    const file = await processedFile(api.app, api.deps, tenant, chatJsonl(30));
    const res = await post(tenant, '/v1/fine_tuning/jobs', { model: MODEL, training_file: file, method: { type: 'supervised', supervised: { hyperparameters: { surprise: 1 } } } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toEqual({
      type: 'invalid_request_error',
      code: 'unknown_parameter',
      param: 'method.supervised.hyperparameters.surprise',
      message: 'Unrecognized request argument supplied: method.supervised.hyperparameters.surprise',
      request_id: res.headers['x-request-id'],
    });
  });

  it('marks state conflicts that a retry cannot change with x-should-retry: false', async () => {
    const tenant = await createTenant(api.app);
    const file = await processedFile(api.app, api.deps, tenant, chatJsonl(30));
    const id = (await post(tenant, '/v1/fine_tuning/jobs', { model: MODEL, training_file: file })).json().id;
    expect((await post(tenant, `/v1/fine_tuning/jobs/${id}/cancel`)).statusCode).toBe(200);
    const again = await post(tenant, `/v1/fine_tuning/jobs/${id}/cancel`);
    expect(again.statusCode).toBe(409);
    expect(again.headers['x-should-retry']).toBe('false');
    expect(again.json().error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_job_state', param: 'fine_tuning_job_id' });
  });
});
