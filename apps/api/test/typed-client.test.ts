import type { AddressInfo } from 'node:net';
import { WhetstoneApiError, createWhetstoneClient, streamJobEvents, unwrap } from '@whetstone/client';
import { registerDemoModel } from '@whetstone/services';
import { processedFile } from './support/fixtures';
import { createTenant, startApi } from './support/harness';
import { chatJsonl } from './support/multipart';

let api: Awaited<ReturnType<typeof startApi>>;
let baseUrl: string;
beforeAll(async () => {
  api = await startApi({ QUEUE_PREFIX: `whetstone-client-test-${process.pid}` });
  await registerDemoModel(api.deps);
  await api.app.listen({ host: '127.0.0.1', port: 0 });
  baseUrl = `http://127.0.0.1:${(api.app.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await api.close();
});

describe('the typed client against a running API', () => {
  it('reads the organization and turns error bodies into WhetstoneApiError with code and message', async () => {
    const tenant = await createTenant(api.app, 'client');
    const client = createWhetstoneClient({ baseUrl, apiKey: tenant.key });
    const org = unwrap(await client.GET('/v1/organization'));
    expect(org).toMatchObject({ id: tenant.orgId, object: 'organization', usage: { files: 0 } });
    let caught: unknown;
    try {
      unwrap(await client.GET('/v1/files/{file_id}', { params: { path: { file_id: 'file-missing' } } }));
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(WhetstoneApiError);
    expect(caught).toMatchObject({ status: 404, code: 'not_found', message: "No file found with id 'file-missing'." });
  });

  it('streams a job’s events until it ends', async () => {
    const tenant = await createTenant(api.app, 'client-stream');
    const client = createWhetstoneClient({ baseUrl, apiKey: tenant.key });
    const fileId = await processedFile(api.app, api.deps, tenant, chatJsonl(20));
    const job = unwrap(await client.POST('/v1/fine_tuning/jobs', { body: { model: 'whetstone/tiny-llama', training_file: fileId } }));
    if (job.object !== 'fine_tuning.job') throw new Error('expected a job, got a dry run');
    const seen: string[] = [];
    let done = '';
    for await (const item of streamJobEvents(client, job.id)) {
      if ('done' in item) done = item.done;
      else {
        seen.push(item.event.message);
        if (item.event.message === 'Job queued') unwrap(await client.POST('/v1/fine_tuning/jobs/{fine_tuning_job_id}/cancel', { params: { path: { fine_tuning_job_id: job.id } } }));
      }
    }
    expect(seen).toEqual(expect.arrayContaining([`Created fine-tuning job: ${job.id}`, 'Job queued']));
    expect(done).toBe('cancelled');
  });
});
