import Fastify, { type FastifyInstance } from 'fastify';
import { newId } from '@whetstone/common';
import type { Db } from '@whetstone/db';
import { registerDemoModel } from '@whetstone/services';
import { streamJobEvents } from '../src/routes/job-events-stream';
import { toEventObject } from '../src/routes/jobs';
import { createTenant, startApi } from './support/harness';
import { chatJsonl } from './support/multipart';
import { processedFile } from './support/fixtures';

/**
 * A job that ends while an event stream is between its two reads (the job's status and its new
 * events) must still reach the client with every event before `done`. The race is forced, not
 * waited for: the stream's database is wrapped so that the job's last events and its terminal
 * status commit right after the stream's first read of a poll, whichever read the code does first.
 */
const MODEL = 'whetstone/tiny-llama';
let api: Awaited<ReturnType<typeof startApi>>;
let streamServer: FastifyInstance | undefined;
beforeAll(async () => {
  api = await startApi({ QUEUE_PREFIX: `whetstone-stream-race-test-${process.pid}` });
  await registerDemoModel(api.deps);
});
afterAll(async () => {
  await streamServer?.close();
  await api.close();
});

/** `db`, except that `onFirstRead` runs (and is awaited) after the first job-status or event read returns. */
function withHookAfterFirstRead(db: Db, onFirstRead: () => Promise<void>): Db {
  let fired = false;
  const afterRead = async <T>(result: T): Promise<T> => {
    if (!fired) {
      fired = true;
      await onFirstRead();
    }
    return result;
  };
  const hooked = (delegate: object, method: string) =>
    new Proxy(delegate, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        if (property !== method || typeof value !== 'function') return value;
        return (...args: unknown[]) => (value.apply(target, args) as Promise<unknown>).then(afterRead);
      },
    });
  return new Proxy(db, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (property === 'fineTuningJob') return hooked(value as object, 'findFirst');
      if (property === 'jobEvent') return hooked(value as object, 'findMany');
      return value;
    },
  });
}

it('a job ending between the stream reads of one poll still streams its last events before done', async () => {
  const tenant = await createTenant(api.app, 'stream-race');
  const file = await processedFile(api.app, api.deps, tenant, chatJsonl(60));
  const created = await api.app.inject({ method: 'POST', url: '/v1/fine_tuning/jobs', headers: tenant.headers, payload: { model: MODEL, training_file: file } });
  expect(created.statusCode).toBe(200);
  const jobId: string = created.json().id;
  const db = api.deps.db;
  await db.fineTuningJob.update({ where: { id: jobId }, data: { status: 'running', startedAt: new Date() } });

  // What the worker commits when the job ends: its last events together with the terminal status.
  const lastMessages = ['Step 100/100: training loss=0.42', 'The job has successfully completed'];
  const endJob = async () => {
    await db.$transaction([
      db.jobEvent.createMany({
        data: lastMessages.map((message) => ({ id: newId('jobEvent'), organizationId: tenant.orgId, jobId, level: 'info', type: 'message', message })),
      }),
      db.fineTuningJob.update({ where: { id: jobId }, data: { status: 'succeeded', finishedAt: new Date() } }),
    ]);
  };

  streamServer = Fastify();
  const racingDb = withHookAfterFirstRead(db, endJob);
  streamServer.get('/stream', (request, reply) =>
    streamJobEvents(racingDb, api.deps.streamSlots, request, reply, { orgId: tenant.orgId, jobId, toEvent: toEventObject, drainTimeoutMs: 5_000 }),
  );
  const address = await streamServer.listen({ host: '127.0.0.1', port: 0 });
  const body = await (await fetch(`${address}/stream`)).text();

  const streamed = [...body.matchAll(/^data: (.*)$/gm)].map((m) => JSON.parse(m[1]!) as { message?: string; status?: string });
  const messages = streamed.filter((e) => e.message !== undefined).map((e) => e.message);
  expect(messages.slice(-2)).toEqual(lastMessages);
  expect(streamed.at(-1)).toEqual({ status: 'succeeded' });
  // Every event of the job was streamed, once each.
  expect(messages).toHaveLength(await db.jobEvent.count({ where: { jobId } }));
}, 30_000);
