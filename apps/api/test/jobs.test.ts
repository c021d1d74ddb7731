import { registerDemoModel } from '@whetstone/services';
import { createTenant, startApi } from './support/harness';
import { chatJsonl, multipart } from './support/multipart';
import { preferenceJsonl, processedFile } from './support/fixtures';

const MODEL = 'whetstone/tiny-llama';
let api: Awaited<ReturnType<typeof startApi>>;
beforeAll(async () => {
  // A queue prefix of our own: this file inspects the training queues.
  api = await startApi({ QUEUE_PREFIX: `whetstone-jobs-test-${process.pid}` });
  await registerDemoModel(api.deps);
});
afterAll(async () => {
  await api.close();
});

type Tenant = Awaited<ReturnType<typeof createTenant>>;
const post = (tenant: Tenant, url: string, payload?: object) =>
  api.app.inject({ method: 'POST', url, headers: tenant.headers, ...(payload ? { payload } : {}) });
const get = (tenant: Tenant, url: string) => api.app.inject({ method: 'GET', url, headers: tenant.headers });

async function tenantWithData(quotas: Record<string, unknown> = {}) {
  const tenant = await createTenant(api.app, 'jobs', quotas);
  const chat = await processedFile(api.app, api.deps, tenant, chatJsonl(60));
  return { tenant, chat };
}

describe('creating fine-tuning jobs', () => {
  it('creates a queued LoRA SFT job with resolved hyperparameters, events and a dispatch', async () => {
    const { tenant, chat } = await tenantWithData();
    const res = await post(tenant, '/v1/fine_tuning/jobs', { model: MODEL, training_file: chat, suffix: 'demo', metadata: { team: 'a' } });
    expect(res.statusCode).toBe(200);
    const job = res.json();
    expect(job).toMatchObject({
      id: expect.stringMatching(/^ftjob-/),
      object: 'fine_tuning.job',
      status: 'queued',
      model: MODEL,
      training_file: chat,
      validation_file: null,
      fine_tuned_model: null,
      metadata: { team: 'a' },
      user_provided_suffix: 'demo',
      hyperparameters: { n_epochs: 5, batch_size: 4, learning_rate_multiplier: 1 },
      method: { type: 'supervised' },
      training_type: { type: 'lora', r: 8, alpha: 16 },
      queue: { position: expect.any(Number) },
    });
    expect(job.spec.validation).toEqual({ source: 'split', fraction: 0.1 });
    expect(job.spec.estimates).toMatchObject({ train_examples: 54, validation_examples: 6, total_steps: 70 });
    const events = (await get(tenant, `/v1/fine_tuning/jobs/${job.id}/events`)).json();
    expect(events.data.map((e: { message: string }) => e.message)).toEqual(expect.arrayContaining([`Created fine-tuning job: ${job.id}`, 'Job queued']));
    const row = await api.deps.db.fineTuningJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(row.dispatchedAt).not.toBeNull();
    const queued = await api.deps.producers.queue('training-default').getJob(`train.${job.id}.1`);
    expect(queued?.data).toEqual({ organizationId: tenant.orgId, jobId: job.id });
    const outbox = await api.deps.db.outboxEvent.findMany({ where: { organizationId: tenant.orgId }, orderBy: { id: 'asc' } });
    expect(outbox.map((e) => e.type)).toEqual(expect.arrayContaining(['fine_tuning.job.created', 'fine_tuning.job.queued']));
  });

  it('takes full fine-tuning, DPO settings and our extensions, and records what they resolved to', async () => {
    const tenant = await createTenant(api.app);
    const prefs = await processedFile(api.app, api.deps, tenant, preferenceJsonl(40));
    const res = await post(tenant, '/v1/fine_tuning/jobs', {
      model: MODEL,
      training_file: prefs,
      method: { type: 'dpo', dpo: { hyperparameters: { beta: 0.2, loss_type: 'ipo', n_epochs: 2, learning_rate_scheduler: 'cosine', warmup_ratio: 0.1 } } },
      training_type: { type: 'full' },
      early_stopping: { patience: 3 },
      checkpoint_selection: 'best',
      eval_metrics: [{ type: 'regex_match', pattern: '^\\[.*\\]$' }],
      eval_interval: 5,
      checkpoint_interval: 5,
    });
    expect(res.statusCode).toBe(200);
    const job = res.json();
    expect(job.method.type).toBe('dpo');
    expect(job.hyperparameters).toMatchObject({ n_epochs: 2, beta: 0.2 });
    expect(job.spec).toMatchObject({
      training_type: { type: 'full' },
      hyperparameters: { loss_type: 'ipo', learning_rate_scheduler: 'cosine', warmup_ratio: 0.1, learning_rate: 1e-5 },
      early_stopping: { patience: 3, min_delta: 0 },
      checkpoint_selection: 'best',
      eval_interval: 5,
    });
  });

  it('returns the resolved spec and estimates on a dry run without creating a job', async () => {
    const { tenant, chat } = await tenantWithData();
    const res = await post(tenant, '/v1/fine_tuning/jobs?dry_run=true', { model: MODEL, training_file: chat, hyperparameters: { n_epochs: 2 } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ object: 'fine_tuning.job.dry_run', worker_class: 'default', estimates: { total_steps: 28, train_examples: 54 } });
    expect(res.json().estimates.estimated_seconds).toBeGreaterThan(0);
    expect(res.json().estimates.estimated_cost_usd).toBeGreaterThan(0);
    expect((await get(tenant, '/v1/fine_tuning/jobs')).json().data).toEqual([]);
  });

  it.each([
    ['DPO on a chat SFT file', (f: Files) => ({ training_file: f.chat, method: { type: 'dpo' } }), 'training_file', 'invalid_file_format'],
    ['SFT on a preference file', (f: Files) => ({ training_file: f.prefs }), 'training_file', 'invalid_file_format'],
    ['a validation file of another format', (f: Files) => ({ training_file: f.chat, validation_file: f.prefs }), 'validation_file', 'invalid_file_format'],
    ['a file that failed validation (its validation code)', (f: Files) => ({ training_file: f.broken }), 'training_file', 'unknown_format'],
    ['an integration we cannot honour', (f: Files) => ({ training_file: f.chat, integrations: [{ type: 'wandb', wandb: { project: 'p' } }] }), 'integrations', 'unsupported_integration'],
    ['an unknown file', () => ({ training_file: 'file-nope' }), 'training_file', 'file_not_found'],
    ['hyperparameters in two places', (f: Files) => ({ training_file: f.chat, hyperparameters: {}, method: { type: 'supervised' } }), 'hyperparameters', 'invalid_value'],
  ])('rejects %s with a specific 400', async (_label, body, param, code) => {
    const files = await fileSet();
    const res = await post(files.tenant, '/v1/fine_tuning/jobs', { model: MODEL, ...body(files) });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ type: 'invalid_request_error', param, code });
  });

  it('answers 404 model_not_found for a model the tenant cannot see', async () => {
    const files = await fileSet();
    const res = await post(files.tenant, '/v1/fine_tuning/jobs', { model: 'someone/else', training_file: files.chat });
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toMatchObject({ type: 'invalid_request_error', param: 'model', code: 'model_not_found' });
  });

  it('rejects malformed bodies naming the field', async () => {
    const { tenant, chat } = await tenantWithData();
    const bad = await post(tenant, '/v1/fine_tuning/jobs', { model: MODEL, training_file: chat, hyperparameters: { n_epochs: 0 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.param).toBe('hyperparameters.n_epochs');
    const unknown = await post(tenant, '/v1/fine_tuning/jobs', { model: MODEL, training_file: chat, surprise: true });
    expect(unknown.statusCode).toBe(400);
  });

  it('enforces the queued-jobs quota with a 429 naming it', async () => {
    const { tenant, chat } = await tenantWithData({ max_queued_jobs: 1 });
    expect((await post(tenant, '/v1/fine_tuning/jobs', { model: MODEL, training_file: chat })).statusCode).toBe(200);
    const res = await post(tenant, '/v1/fine_tuning/jobs', { model: MODEL, training_file: chat });
    expect(res.statusCode).toBe(429);
    expect(res.json().error.code).toBe('quota_exceeded:max_queued_jobs');
  });

  it('enforces the monthly trained-token quota', async () => {
    const { tenant, chat } = await tenantWithData({ monthly_trained_tokens: 10 });
    const res = await post(tenant, '/v1/fine_tuning/jobs', { model: MODEL, training_file: chat });
    expect(res.statusCode).toBe(429);
    expect(res.json().error.code).toBe('quota_exceeded:monthly_trained_tokens');
  });
});

type Files = Awaited<ReturnType<typeof fileSet>>;
async function fileSet() {
  const tenant = await createTenant(api.app);
  const chat = await processedFile(api.app, api.deps, tenant, chatJsonl(60));
  const prefs = await processedFile(api.app, api.deps, tenant, preferenceJsonl(60));
  const broken = await processedFile(api.app, api.deps, tenant, '{"nope": 1}\n');
  const body = multipart([{ name: 'purpose', value: 'fine-tune' }, { name: 'file', value: chatJsonl(60), filename: 'x.jsonl' }]);
  const unprocessed = (
    await api.app.inject({ method: 'POST', url: '/v1/files', headers: { ...tenant.headers, ...body.headers }, payload: body.payload })
  ).json().id as string;
  return { tenant, chat, prefs, broken, unprocessed };
}

describe('listing, filtering and controlling jobs', () => {
  it('lists newest first with metadata and status filters and cursor pagination', async () => {
    const { tenant, chat } = await tenantWithData();
    const ids: string[] = [];
    for (const team of ['a', 'b', 'a']) ids.push((await post(tenant, '/v1/fine_tuning/jobs', { model: MODEL, training_file: chat, metadata: { team } })).json().id);
    const byTeam = (await get(tenant, '/v1/fine_tuning/jobs?metadata[team]=a')).json();
    expect(byTeam.data.map((j: { id: string }) => j.id)).toEqual([ids[2], ids[0]]);
    const page = (await get(tenant, '/v1/fine_tuning/jobs?limit=2')).json();
    expect(page).toMatchObject({ has_more: true, first_id: ids[2], last_id: ids[1] });
    const next = (await get(tenant, `/v1/fine_tuning/jobs?limit=2&after=${ids[1]}`)).json();
    expect(next.data.map((j: { id: string }) => j.id)).toEqual([ids[0]]);
    await post(tenant, `/v1/fine_tuning/jobs/${ids[1]}/cancel`);
    expect((await get(tenant, '/v1/fine_tuning/jobs?status=cancelled')).json().data.map((j: { id: string }) => j.id)).toEqual([ids[1]]);
  });

  it('cancels a queued job at once, withdraws it from the queue, and refuses a second cancel with 409', async () => {
    const { tenant, chat } = await tenantWithData();
    const job = (await post(tenant, '/v1/fine_tuning/jobs', { model: MODEL, training_file: chat })).json();
    const res = await post(tenant, `/v1/fine_tuning/jobs/${job.id}/cancel`);
    expect(res.json()).toMatchObject({ status: 'cancelled', finished_at: expect.any(Number) });
    expect(await api.deps.producers.queue('training-default').getJob(`train.${job.id}.1`)).toBeUndefined();
    const again = await post(tenant, `/v1/fine_tuning/jobs/${job.id}/cancel`);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('invalid_job_state');
  });

  it('pauses a queued job and resumes it into the queue again', async () => {
    const { tenant, chat } = await tenantWithData();
    const job = (await post(tenant, '/v1/fine_tuning/jobs', { model: MODEL, training_file: chat })).json();
    expect((await post(tenant, `/v1/fine_tuning/jobs/${job.id}/pause`)).json().status).toBe('paused');
    expect((await post(tenant, `/v1/fine_tuning/jobs/${job.id}/pause`)).statusCode).toBe(409);
    const resumed = (await post(tenant, `/v1/fine_tuning/jobs/${job.id}/resume`)).json();
    expect(resumed.status).toBe('queued');
    expect(await api.deps.producers.queue('training-default').getJob(`train.${job.id}.2`)).toBeDefined();
    expect((await post(tenant, `/v1/fine_tuning/jobs/${job.id}/resume`)).statusCode).toBe(409);
  });

  it("shares workers fairly: one tenant's backlog is held back at its concurrency limit and another tenant's job goes first", async () => {
    const a = await tenantWithData({ max_concurrent_jobs: 1 });
    const b = await tenantWithData({ max_concurrent_jobs: 1 });
    const aJobs: string[] = [];
    for (let i = 0; i < 4; i++) aJobs.push((await post(a.tenant, '/v1/fine_tuning/jobs', { model: MODEL, training_file: a.chat })).json().id);
    const bJob = (await post(b.tenant, '/v1/fine_tuning/jobs', { model: MODEL, training_file: b.chat })).json().id;
    const rows = await api.deps.db.fineTuningJob.findMany({ where: { id: { in: [...aJobs, bJob] } } });
    const dispatched = rows.filter((r) => r.dispatchedAt).map((r) => r.id);
    expect(dispatched.sort()).toEqual([aJobs[0], bJob].sort());
    const waiting = (await get(a.tenant, `/v1/fine_tuning/jobs/${aJobs[3]}`)).json();
    const bPosition = (await get(b.tenant, `/v1/fine_tuning/jobs/${bJob}`)).json().queue.position;
    // Ahead of A's 4th job: everything dispatched (B's job included) plus A's own 2nd and 3rd.
    expect(waiting.queue.position - bPosition).toBe(3);
    expect(waiting.queue.estimated_start).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000));
    // Within a tenant, priority goes first.
    const urgent = (await post(a.tenant, '/v1/fine_tuning/jobs', { model: MODEL, training_file: a.chat, priority: 5 })).json().id;
    await post(a.tenant, `/v1/fine_tuning/jobs/${aJobs[0]}/cancel`);
    const after = await api.deps.db.fineTuningJob.findMany({ where: { organizationId: a.tenant.orgId, dispatchedAt: { not: null }, status: 'queued' } });
    expect(after.map((r) => r.id)).toEqual([urgent]);
  });

  it('streams events as Server-Sent Events until the job ends', async () => {
    const { tenant, chat } = await tenantWithData();
    const job = (await post(tenant, '/v1/fine_tuning/jobs', { model: MODEL, training_file: chat })).json();
    await post(tenant, `/v1/fine_tuning/jobs/${job.id}/cancel`);
    const res = await get(tenant, `/v1/fine_tuning/jobs/${job.id}/events?stream=true`);
    expect(res.headers['content-type']).toBe('text/event-stream');
    expect(res.body).toContain(`Created fine-tuning job: ${job.id}`);
    expect(res.body).toContain('Job cancelled');
    expect(res.body.trim().endsWith('data: {"status":"cancelled"}')).toBe(true);
  });

  it('lists the models a tenant can fine-tune', async () => {
    const tenant = await createTenant(api.app);
    const list = (await get(tenant, '/v1/models')).json();
    expect(list.data).toEqual(expect.arrayContaining([expect.objectContaining({ id: MODEL, object: 'model', kind: 'base', context_length: 256 })]));
    expect((await get(tenant, `/v1/models/${MODEL}`)).json().parameter_count).toBeGreaterThan(0);
    expect((await get(tenant, '/v1/models/none/such')).statusCode).toBe(404);
  });
});

describe('job history pages', () => {
  it('pages metrics by step and events by id, newest events first', async () => {
    const { tenant, chat } = await tenantWithData();
    const job = (await post(tenant, '/v1/fine_tuning/jobs', { model: MODEL, training_file: chat })).json();
    await api.deps.db.jobMetric.createMany({ data: Array.from({ length: 7 }, (_, i) => ({ jobId: job.id, step: i + 1, values: { train_loss: 1 / (i + 1), grad_norm: 1 } })) });
    const all = (await get(tenant, `/v1/fine_tuning/jobs/${job.id}/metrics?names=train_loss`)).json().data;
    expect(all.map((p: { step: number }) => p.step)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(all[1].values).toEqual({ train_loss: 0.5 });
    const page = (await get(tenant, `/v1/fine_tuning/jobs/${job.id}/metrics?after_step=3&limit=2`)).json().data;
    expect(page).toEqual([
      { step: 4, values: { train_loss: 0.25, grad_norm: 1 } },
      { step: 5, values: { train_loss: 0.2, grad_norm: 1 } },
    ]);
    expect((await get(tenant, `/v1/fine_tuning/jobs/${job.id}/metrics?after_step=7`)).json().data).toEqual([]);

    const first = (await get(tenant, `/v1/fine_tuning/jobs/${job.id}/events?limit=2`)).json();
    expect(first.has_more).toBe(true);
    const rest = (await get(tenant, `/v1/fine_tuning/jobs/${job.id}/events?limit=100&after=${first.last_id}`)).json();
    const ids = [...first.data, ...rest.data].map((e: { id: string }) => e.id);
    expect(ids).toEqual([...ids].sort().reverse());
    expect(new Set(ids).size).toBe(ids.length);
    expect(rest.has_more).toBe(false);
  });

  it('lists jobs filtered by status and metadata, paging with after', async () => {
    const { tenant, chat } = await tenantWithData();
    const made = [];
    for (const team of ['a', 'b', 'a']) made.push((await post(tenant, '/v1/fine_tuning/jobs', { model: MODEL, training_file: chat, metadata: { team } })).json().id);
    const teamA = (await get(tenant, '/v1/fine_tuning/jobs?metadata[team]=a&status=queued')).json();
    expect(teamA.data.map((j: { id: string }) => j.id)).toEqual([made[2], made[0]]);
    expect((await get(tenant, '/v1/fine_tuning/jobs?metadata[team]=c')).json().data).toEqual([]);
    expect((await get(tenant, '/v1/fine_tuning/jobs?status=succeeded')).json().data).toEqual([]);
    const page = (await get(tenant, `/v1/fine_tuning/jobs?limit=1&after=${made[2]}`)).json();
    expect(page.data.map((j: { id: string }) => j.id)).toEqual([made[1]]);
    expect(page.has_more).toBe(true);
  });
});

describe('tenant isolation of jobs', () => {
  it("answers 404 for another tenant's job on every route", async () => {
    const { tenant, chat } = await tenantWithData();
    const other = await createTenant(api.app, 'other');
    const job = (await post(tenant, '/v1/fine_tuning/jobs', { model: MODEL, training_file: chat })).json();
    for (const [method, path] of [
      ['GET', ''],
      ['GET', '/events'],
      ['GET', '/events?stream=true'],
      ['GET', '/checkpoints'],
      ['GET', '/metrics'],
      ['GET', '/metrics?after_step=0&limit=5'],
      ['GET', '/metrics.csv'],
      ['POST', '/cancel'],
      ['POST', '/pause'],
      ['POST', '/resume'],
    ] as const) {
      const res = await api.app.inject({ method, url: `/v1/fine_tuning/jobs/${job.id}${path}`, headers: other.headers });
      expect([path, res.statusCode]).toEqual([path, 404]);
      expect(res.json().error.code).toBe('not_found');
    }
    expect((await get(other, '/v1/fine_tuning/jobs')).json().data).toEqual([]);
    // Nor can the other tenant train on the first tenant's file.
    const res = await post(other, '/v1/fine_tuning/jobs', { model: MODEL, training_file: chat });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('file_not_found');
    expect((await get(tenant, `/v1/fine_tuning/jobs/${job.id}`)).json().status).toBe('queued');
  });
});
