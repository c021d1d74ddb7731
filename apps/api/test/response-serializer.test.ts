import { createSerializerCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { registerDemoModel } from '@whetstone/services';
import { responseSerializerCompiler } from '../src/plugins/serializer';
import { listOf } from '../src/schemas/common';
import { jobEventObject, jobObject } from '../src/schemas/jobs';
import { createTenant, startApi } from './support/harness';
import { chatJsonl } from './support/multipart';
import { processedFile } from './support/fixtures';

type Serializer = (data: unknown) => string;
const zodSerializer = (schema: z.ZodType): Serializer =>
  (createSerializerCompiler({}) as unknown as (route: object) => Serializer)({ schema, method: 'GET', url: '/' });
const fastSerializer = (schema: z.ZodType): Serializer => responseSerializerCompiler({ schema, method: 'GET', url: '/' });

let api: Awaited<ReturnType<typeof startApi>>;
beforeAll(async () => {
  api = await startApi({ QUEUE_PREFIX: `whetstone-serializer-test-${process.pid}` });
  await registerDemoModel(api.deps);
});
afterAll(async () => {
  await api.close();
});

describe('responses serialized from the zod schemas without zod at request time', () => {
  it('writes a job, a job list and an event list exactly as the zod serializer does, dropping undeclared fields', async () => {
    const tenant = await createTenant(api.app, 'serializer');
    const file = await processedFile(api.app, api.deps, tenant, chatJsonl(20));
    const created = await api.app.inject({ method: 'POST', url: '/v1/fine_tuning/jobs', headers: tenant.headers, payload: { model: 'whetstone/tiny-llama', training_file: file, metadata: { team: 'a' } } });
    expect(created.statusCode).toBe(200);
    const job = created.json();
    // The queued job carries its queue position; nullable and nested fields are all exercised.
    expect(job.queue).toMatchObject({ position: expect.any(Number) });
    const list = (await api.app.inject({ method: 'GET', url: '/v1/fine_tuning/jobs?limit=5', headers: tenant.headers })).json();
    const events = (await api.app.inject({ method: 'GET', url: `/v1/fine_tuning/jobs/${job.id}/events`, headers: tenant.headers })).json();
    expect(events.data.length).toBeGreaterThan(0);

    const leaky = (o: object) => ({ ...o, internal_secret: 'must not leak' });
    const cases: [z.ZodType, unknown][] = [
      [jobObject, job],
      [jobObject, { ...leaky(job), attempts: [leaky({ number: 1, worker_id: 'w', from_step: 0, to_step: 3, end_reason: 'completed', started_at: 1, ended_at: 2 })] }],
      [listOf(jobObject), list],
      [listOf(jobEventObject), { ...events, data: events.data.map(leaky) }],
    ];
    for (const [schema, data] of cases) {
      const fast = fastSerializer(schema)(data);
      expect(fast).not.toContain('must not leak');
      expect(JSON.parse(fast)).toEqual(JSON.parse(zodSerializer(schema)(data)));
    }
  });

  it('fails a response that lacks a required field, as the zod serializer does', () => {
    const { has_more: _h, ...withoutHasMore } = { object: 'list', data: [], has_more: false, first_id: null, last_id: null };
    expect(() => fastSerializer(listOf(jobObject))(withoutHasMore)).toThrow();
    expect(() => zodSerializer(listOf(jobObject))(withoutHasMore)).toThrow();
  });
});
