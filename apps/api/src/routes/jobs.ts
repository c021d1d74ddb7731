import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Checkpoint, JobEvent } from '@whetstone/db';
import {
  cancelJob,
  coalescePasses,
  checkpointModelName,
  resultModelName,
  createJob,
  dispatchWorkerClass,
  findJob,
  findJobWithQueue,
  listCheckpoints,
  listJobEvents,
  jobMetricSeries,
  jobResult,
  metricsCsvChunks,
  METRICS_PAGE,
  pauseJob,
  planJob,
  queueInfo,
  resumeJob,
  settleValidatingJob,
  toJobObject,
  toList,
} from '@whetstone/services';
import { authErrors, errorBodySchema, listOf } from '../schemas/common';
import { checkpointObject, createJobBody, dryRunObject, jobEventObject, jobIdParams, jobObject } from '../schemas/jobs';
import type { AppDeps } from '../deps';
import { createJobPages } from '../job-pages';
import { responseSerializerCompiler } from '../plugins/serializer';
import { streamJobEvents } from './job-events-stream';

const tags = ['fine-tuning'];
const errors = { ...authErrors, 400: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };
const seconds = (d: Date) => Math.floor(d.getTime() / 1000);

/** Yields a result already taken from a generator, then the rest of it. */
async function* prepend(first: IteratorResult<string>, rest: AsyncGenerator<string>): AsyncGenerator<string> {
  if (!first.done) yield first.value;
  yield* rest;
}

export const toEventObject = (e: JobEvent) => ({
  id: e.id,
  object: 'fine_tuning.job.event' as const,
  created_at: seconds(e.createdAt),
  level: e.level,
  message: e.message,
  type: e.type,
  data: e.data ?? null,
});

const toCheckpointObject = (c: Checkpoint, fineTunedModel: string) => ({
  id: c.id,
  object: 'fine_tuning.job.checkpoint' as const,
  created_at: seconds(c.createdAt),
  fine_tuned_model_checkpoint: checkpointModelName(fineTunedModel, c.step),
  step_number: c.step,
  metrics: c.metrics as Record<string, unknown>,
  fine_tuning_job_id: c.jobId,
});

/** `metadata[k]=v` query parameters (OpenAI's list filter) as a plain object. */
function metadataFilter(query: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(query)) {
    const match = /^metadata\[(.+)\]$/.exec(key);
    if (match && typeof value === 'string') out[match[1]!] = value;
  }
  return out;
}

/** OpenAI-compatible fine-tuning jobs API with our extensions (see DESIGN notes in docs/). */
export const jobRoutes: FastifyPluginAsyncZod<{ deps: AppDeps; draining?: AbortSignal }> = async (app, { deps, draining }) => {
  const ctx = { db: deps.db, prices: deps.config.PRICE_TABLE, throughput: deps.config.TRAINING_THROUGHPUT, workerMemoryGb: deps.config.WORKER_CLASS_MEMORY_GB };
  const jobPages = createJobPages(deps.db, responseSerializerCompiler({ schema: jobObject, method: 'GET', url: '/fine_tuning/jobs' }));
  const render = async (job: Awaited<ReturnType<typeof findJob>>) => toJobObject(job, await queueInfo(deps.db, job));
  // One dispatch pass per worker class at a time in this process; creates arriving meanwhile share
  // the next, and get the jobs of the pass running when they arrived too (it may have taken theirs).
  const dispatchClass = coalescePasses(
    (workerClass) => dispatchWorkerClass({ ...deps, logger: app.log }, workerClass, { withQueue: true }),
    (running, next) => [...running, ...next],
  );

  app.post(
    '/fine_tuning/jobs',
    {
      schema: {
        tags,
        summary: 'Create a fine-tuning job (dry_run=true resolves and estimates without creating)',
        querystring: z.object({ dry_run: z.enum(['true', 'false']).optional() }),
        body: createJobBody,
        response: { 200: z.union([jobObject, dryRunObject]), ...errors, 429: errorBodySchema },
      },
    },
    async (request) => {
      if (request.query.dry_run === 'true') {
        const plan = await planJob(ctx, request.organization, request.body);
        return {
          object: 'fine_tuning.job.dry_run' as const,
          model: request.body.model,
          parent_model: plan.parent?.name ?? null,
          method: plan.spec.method,
          worker_class: plan.workerClass,
          spec: plan.spec as unknown as Record<string, unknown>,
          estimates: plan.spec.estimates as unknown as Record<string, unknown>,
        };
      }
      const job = await createJob(ctx, request.organization, request.body);
      // A file may have finished validating between the create's read and its commit. The job is
      // committed: if Redis or Postgres fails now, the worker's reconciler settles or dispatches it.
      const failed = (err: unknown) => request.log.warn({ err, jobId: job.id }, 'could not dispatch a created job now; the reconciler will');
      if (job.status === 'validating_files') {
        await settleValidatingJob({ ...ctx, producers: deps.producers, logger: request.log }, job).catch(failed);
        return render(await findJob(deps.db, request.organization.id, job.id));
      }
      // Dispatched by the pass it waited for: the answer is the job as written and dispatched (no
      // re-read; a worker may have started it since, as it may a moment after any answer), with
      // the queue position the pass read for its jobs (one statement a pass, not one a create).
      const dispatched = (await dispatchClass(job.workerClass).catch(failed))?.find((d) => d.id === job.id);
      if (dispatched) {
        const answered = { ...job, dispatchedAt: dispatched.dispatchedAt, dispatchCount: dispatched.dispatchCount };
        return toJobObject(answered, dispatched.queue ?? (await queueInfo(deps.db, answered)));
      }
      // Still waiting (its tenant at its limit, a failed pass), or taken by a pass that started
      // after its commit and ended before this call: only the row says which. (Answered as
      // written, a job taken so counted itself among the dispatched jobs ahead: position 13 of 12.)
      const { job: current, queue } = await findJobWithQueue(deps.db, request.organization.id, job.id);
      return toJobObject(current, queue);
    },
  );

  app.get(
    '/fine_tuning/jobs',
    {
      schema: {
        tags,
        summary: 'List fine-tuning jobs (newest first; filter with status and metadata[key]=value)',
        querystring: z.looseObject({
          after: z.string().max(100).optional(),
          limit: z.coerce.number().int().min(1).max(100).default(20),
          status: jobObject.shape.status.optional(),
        }),
        response: { 200: listOf(jobObject), ...errors },
      },
    },
    async (request, reply) => {
      const { after, limit, status } = request.query;
      const body = await jobPages.list(request.organization.id, { after, limit, status, metadata: metadataFilter(request.query) });
      // Already the JSON the route's serializer would write (job-pages.ts): a string with a JSON
      // content type goes out as it is.
      return reply.type('application/json; charset=utf-8').send(body as never);
    },
  );

  app.get(
    '/fine_tuning/jobs/:fine_tuning_job_id',
    { schema: { tags, summary: 'Retrieve a fine-tuning job (with queue position when queued)', params: jobIdParams, response: { 200: jobObject, ...errors } } },
    async (request) => {
      const { job, queue } = await findJobWithQueue(deps.db, request.organization.id, request.params.fine_tuning_job_id);
      return toJobObject(job, queue);
    },
  );

  for (const [action, run, summary] of [
    ['cancel', cancelJob, 'Cancel a job (a running job stops within one step)'],
    ['pause', pauseJob, 'Pause a job (a running job checkpoints and frees its worker)'],
    ['resume', resumeJob, 'Resume a paused job from its latest checkpoint'],
  ] as const) {
    app.post(
      `/fine_tuning/jobs/:fine_tuning_job_id/${action}`,
      { schema: { tags, summary, params: jobIdParams, response: { 200: jobObject, ...errors } } },
      async (request) => render(await run(deps, request.organization.id, request.params.fine_tuning_job_id)),
    );
  }

  app.get(
    '/fine_tuning/jobs/:fine_tuning_job_id/events',
    {
      schema: {
        tags,
        summary: "A job's events: paginated (newest first), or a live Server-Sent Events stream with stream=true",
        params: jobIdParams,
        querystring: z.object({
          after: z.string().max(100).optional(),
          limit: z.coerce.number().int().min(1).max(100).default(20),
          stream: z.enum(['true', 'false']).optional(),
        }),
        response: { 200: listOf(jobEventObject), ...errors },
      },
    },
    async (request, reply) => {
      const { fine_tuning_job_id: jobId } = request.params;
      if (request.query.stream === 'true') {
        await findJob(deps.db, request.organization.id, jobId);
        // EventSource sends the last id it saw when it reconnects.
        const lastEventId = request.headers['last-event-id'];
        const after = typeof lastEventId === 'string' && /^[\w-]{1,100}$/.test(lastEventId) ? lastEventId : undefined;
        return streamJobEvents(deps.db, deps.streamSlots, request, reply, {
          orgId: request.organization.id,
          jobId,
          after,
          draining,
          toEvent: toEventObject,
          drainTimeoutMs: deps.config.STREAM_DRAIN_TIMEOUT_MS,
        });
      }
      const page = await listJobEvents(deps.db, request.organization.id, jobId, request.query);
      return toList(page.rows.map(toEventObject), page.hasMore);
    },
  );

  app.get(
    '/fine_tuning/jobs/:fine_tuning_job_id/checkpoints',
    {
      schema: {
        tags,
        summary: "A job's checkpoints with their metrics (newest first)",
        params: jobIdParams,
        querystring: z.object({ after: z.string().max(100).optional(), limit: z.coerce.number().int().min(1).max(100).default(10) }),
        response: { 200: listOf(checkpointObject), ...errors },
      },
    },
    async (request) => {
      const job = await findJob(deps.db, request.organization.id, request.params.fine_tuning_job_id);
      const page = await listCheckpoints(deps.db, request.organization.id, job.id, request.query);
      const name = await resultModelName(deps.db, job);
      return toList(page.rows.map((c) => toCheckpointObject(c, name)), page.hasMore);
    },
  );

  app.get(
    '/fine_tuning/jobs/:fine_tuning_job_id/metrics',
    {
      schema: {
        tags,
        summary: 'Per-step metric time series for dashboards (names=train_loss,valid_loss to select; after_step and limit to page)',
        params: jobIdParams,
        querystring: z.object({
          names: z.string().max(1000).optional(),
          after_step: z.coerce.number().int().min(0).optional(),
          limit: z.coerce.number().int().min(1).max(METRICS_PAGE.maxLimit).default(METRICS_PAGE.defaultLimit),
        }),
        response: {
          200: z.object({
            object: z.literal('list'),
            data: z.array(z.object({ step: z.number().int(), values: z.record(z.string(), z.number()) })),
            has_more: z.boolean().describe('More steps follow: ask again with after_step = the last step of this page'),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const names = request.query.names?.split(',').map((n) => n.trim()).filter(Boolean);
      const { after_step: afterStep, limit } = request.query;
      const page = await jobMetricSeries(deps.db, request.organization.id, request.params.fine_tuning_job_id, names, { afterStep, limit });
      return { object: 'list' as const, data: page.data, has_more: page.hasMore };
    },
  );

  app.get(
    '/fine_tuning/jobs/:fine_tuning_job_id/metrics.csv',
    {
      schema: {
        tags,
        summary: 'The metrics as CSV: step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy, then DPO columns',
        params: jobIdParams,
        response: { 200: z.string(), ...errors },
      },
    },
    async (request, reply) => {
      const chunks = metricsCsvChunks(deps.db, request.organization.id, request.params.fine_tuning_job_id);
      // The first chunk (after the tenant check) before answering: a missing job is still a 404.
      const first = await chunks.next();
      // The schema documents the body as text; Fastify pipes a stream as it is (no serialisation).
      const body = Readable.from(prepend(first, chunks)) as unknown as string;
      return reply.header('content-type', 'text/csv; charset=utf-8').send(body);
    },
  );

  app.get(
    '/fine_tuning/jobs/:fine_tuning_job_id/result',
    {
      schema: {
        tags,
        summary: 'Download links for the trained adapter (PEFT folder) or full model, the metrics CSV and the evaluation report',
        params: jobIdParams,
        response: {
          200: z
            .object({
              object: z.literal('fine_tuning.job.result'),
              fine_tuning_job_id: z.string(),
              fine_tuned_model: z.string(),
              kind: z.string(),
              expires_at: z.number().int(),
              files: z.array(z.object({ name: z.string(), bytes: z.number().int(), url: z.string() })),
              metrics_csv: z.string(),
              evaluations: z.array(z.object({ stage: z.string(), step: z.number().int().nullable(), metrics: z.unknown(), samples: z.unknown().nullable() })),
            })
            .meta({ id: 'FineTuningJobResult' }),
          ...errors,
          410: errorBodySchema,
        },
      },
    },
    async (request) => jobResult(deps, request.organization.id, request.params.fine_tuning_job_id),
  );
};
