import type { FineTuningJob, Prisma } from '@whetstone/db';
import { newId } from '@whetstone/common';
import { findJob, registerDemoModel, toJobObject, toList } from '@whetstone/services';
import { createJobPages } from '../src/job-pages';
import { responseSerializerCompiler } from '../src/plugins/serializer';
import { listOf } from '../src/schemas/common';
import { jobObject } from '../src/schemas/jobs';
import { createTenant, startApi } from './support/harness';
import { chatJsonl } from './support/multipart';
import { processedFile, queuedCopyOf } from './support/fixtures';

// The list route's own serializers, compiled from its schemas as Fastify compiles them.
const serializeList = responseSerializerCompiler({ schema: listOf(jobObject), method: 'GET', url: '/' });
const serializeJob = responseSerializerCompiler({ schema: jobObject, method: 'GET', url: '/' });

type Api = Awaited<ReturnType<typeof startApi>>;
type Tenant = Awaited<ReturnType<typeof createTenant>>;
// Two API processes' worth of app, pool and job cache against the same Postgres.
let a: Api;
let b: Api;
let tenant: Tenant;
let created: FineTuningJob;
let ids: string[];

beforeAll(async () => {
  a = await startApi({ QUEUE_PREFIX: `whetstone-job-pages-test-${process.pid}` });
  b = await startApi({ QUEUE_PREFIX: `whetstone-job-pages-test-${process.pid}` });
  await registerDemoModel(a.deps);
  tenant = await createTenant(a.app, 'job-pages');
  const file = await processedFile(a.app, a.deps, tenant, chatJsonl(20));
  const res = await a.app.inject({ method: 'POST', url: '/v1/fine_tuning/jobs', headers: tenant.headers, payload: { model: 'whetstone/tiny-llama', training_file: file, metadata: { team: 'a' } } });
  expect(res.statusCode).toBe(200);
  created = (await a.deps.db.fineTuningJob.findUniqueOrThrow({ where: { id: res.json().id } }))!;
  // One job in every status, with what each status shows (error, progress, results, attempts).
  const now = new Date('2026-12-07T12:00:00.000Z');
  const copies: [string, Partial<Prisma.FineTuningJobCreateManyInput>][] = [
    ['-validating', { status: 'validating_files', queuedAt: null }],
    ['-queued', { status: 'queued', priority: 3, metadata: { team: 'b' } }],
    ['-running', { status: 'running', startedAt: now, progress: { step: 3, total_steps: 10, epoch: 0, trained_tokens: 300, eta_seconds: 12 }, trainedTokens: 300n }],
    ['-pausing', { status: 'pausing', startedAt: now, pauseRequested: true, progress: { step: 4, total_steps: 10 } }],
    ['-paused', { status: 'paused', startedAt: now, estimatedFinish: now }],
    ['-succeeded', { status: 'succeeded', startedAt: now, finishedAt: now, fineTunedModel: 'ft:tiny:org:x', trainedTokens: 1234n, suffix: 'x' }],
    ['-failed', { status: 'failed', finishedAt: now, error: { code: 'invalid_training_file', message: 'Line 3 is "not" JSON \u2028 é', param: 'training_file' } }],
    ['-failed-internal', { status: 'failed', finishedAt: now, error: { code: 'internal_error', message: 'raw stack text', param: null } }],
    ['-cancelled', { status: 'cancelled', finishedAt: now, cancelRequested: true }],
  ];
  await a.deps.db.fineTuningJob.createMany({ data: copies.map(([suffix, data]) => queuedCopyOf(created, suffix, data)) });
  for (const [suffix, attempts] of [['-running', 1], ['-succeeded', 2], ['-failed', 1], ['-paused', 1]] as const) {
    for (let number = 1; number <= attempts; number++) {
      await a.deps.db.jobAttempt.create({
        data: { id: newId('attempt'), jobId: `${created.id}${suffix}`, number, workerId: `host-${number}:42`, fromStep: 0, toStep: number === attempts ? null : 5, startedAt: now, endedAt: number === attempts ? null : now, endReason: number === attempts ? null : 'error: boom' },
      });
    }
  }
  ids = [created.id, ...copies.map(([suffix]) => `${created.id}${suffix}`)].sort().reverse();
});
afterAll(async () => {
  await a?.close();
  await b?.close();
});

/** The page as the route wrote it before pages were spliced: every job read whole and serialized with the list. */
async function expectedPage(pageIds: string[], hasMore: boolean): Promise<string> {
  const jobs = await Promise.all(pageIds.map((id) => findJob(a.deps.db, tenant.orgId, id)));
  return serializeList(toList(jobs.map((job) => toJobObject(job)), hasMore));
}

const list = (api: Api, query = '') => api.app.inject({ method: 'GET', url: `/v1/fine_tuning/jobs${query}`, headers: tenant.headers });

async function expectBothApisCurrent(): Promise<void> {
  const expected = await expectedPage(ids, false);
  for (const api of [a, b]) {
    const res = await list(api, '?limit=100');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.body).toBe(expected);
  }
}

describe('job list pages spliced from job objects kept under (id, version)', () => {
  it('writes byte for byte what serializing the list object writes, for a job in every status, cold and warm', async () => {
    await expectBothApisCurrent();
    await expectBothApisCurrent();
    // Pages with a cursor, a status filter and a metadata filter, each twice (the second from the cache).
    for (let round = 0; round < 2; round++) {
      const first = await list(a, '?limit=4');
      expect(first.body).toBe(await expectedPage(ids.slice(0, 4), true));
      const next = await list(a, `?limit=4&after=${first.json().last_id}`);
      expect(next.body).toBe(await expectedPage(ids.slice(4, 8), true));
      const last = await list(a, `?limit=4&after=${ids[7]}`);
      expect(last.body).toBe(await expectedPage(ids.slice(8), false));
      expect((await list(a, '?status=failed')).body).toBe(await expectedPage([`${created.id}-failed-internal`, `${created.id}-failed`], false));
      expect((await list(a, '?metadata[team]=b')).body).toBe(await expectedPage([`${created.id}-queued`], false));
      expect((await list(a, `?after=${ids[ids.length - 1]}`)).body).toBe(await expectedPage([], false));
    }
  });

  it('shows every change of a job or its attempts on the next list from either API process', async () => {
    await expectBothApisCurrent();
    const db = a.deps.db;
    const running = `${created.id}-running`;
    const changes: [string, () => Promise<unknown>][] = [
      ['status', () => db.fineTuningJob.update({ where: { id: `${created.id}-queued` }, data: { status: 'running', startedAt: new Date() } })],
      ['progress', () => db.fineTuningJob.update({ where: { id: running }, data: { progress: { step: 4, total_steps: 10 } } })],
      ['a raw SQL write', () => db.pool.query(`UPDATE fine_tuning_jobs SET "trainedTokens" = 999 WHERE id = $1`, [running])],
      ['metadata', () => db.fineTuningJob.update({ where: { id: created.id }, data: { metadata: { team: 'c' } } })],
      ['a new attempt', () => db.jobAttempt.create({ data: { id: newId('attempt'), jobId: running, number: 2, workerId: 'host-9:1', fromStep: 3, startedAt: new Date() } })],
      ['an attempt ending', () => db.jobAttempt.updateMany({ where: { jobId: running, number: 2 }, data: { endedAt: new Date(), endReason: 'worker_lost', toStep: 4 } })],
      ['an attempt deleted', () => db.jobAttempt.deleteMany({ where: { jobId: running, number: 2 } })],
      ['a job deleted with its attempts', () => db.fineTuningJob.delete({ where: { id: `${created.id}-paused` } })],
    ];
    for (const [what, change] of changes) {
      await change();
      if (what === 'a job deleted with its attempts') ids = ids.filter((id) => id !== `${created.id}-paused`);
      await expect(expectBothApisCurrent().then(() => what)).resolves.toBe(what);
    }
  });

  it('bumps the version on every update of the row and every change of its attempts, never otherwise', async () => {
    const db = a.deps.db;
    const id = `${created.id}-cancelled`;
    const version = async () => (await db.fineTuningJob.findUniqueOrThrow({ where: { id }, select: { version: true } })).version;
    const start = await version();
    await db.fineTuningJob.update({ where: { id }, data: { priority: 0 } });
    expect(await version()).toBe(start + 1);
    // A writer cannot set the version back.
    await db.pool.query('UPDATE fine_tuning_jobs SET version = 0 WHERE id = $1', [id]);
    expect(await version()).toBe(start + 2);
    await db.jobAttempt.create({ data: { id: newId('attempt'), jobId: id, number: 1, workerId: 'w', fromStep: 0 } });
    expect(await version()).toBe(start + 3);
    await db.jobAttempt.updateMany({ where: { jobId: id }, data: { toStep: 1 } });
    expect(await version()).toBe(start + 4);
    await db.jobAttempt.deleteMany({ where: { jobId: id } });
    expect(await version()).toBe(start + 5);
    // Reads and other jobs' changes leave it alone.
    await db.fineTuningJob.update({ where: { id: created.id }, data: { priority: 1 } });
    await list(a, '?limit=100');
    expect(await version()).toBe(start + 5);
  });

  it('stays exact when the kept objects outnumber its room, and never lists another tenant’s jobs', async () => {
    const pages = createJobPages(a.deps.db, serializeJob, 3);
    for (let round = 0; round < 3; round++) {
      expect(await pages.list(tenant.orgId, { limit: 100, metadata: {} })).toBe(await expectedPage(ids, false));
      expect(await pages.list(tenant.orgId, { limit: 2, metadata: {} })).toBe(await expectedPage(ids.slice(0, 2), true));
    }
    const other = await createTenant(a.app, 'job-pages-other');
    expect(await pages.list(other.orgId, { limit: 100, metadata: {} })).toBe(serializeList(toList([], false)));
    expect((await list(a, '?limit=100')).json().data.map((j: { id: string }) => j.id)).toEqual(ids);
  });
});
