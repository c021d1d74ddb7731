import { randomBytes, randomInt } from 'node:crypto';
import type { Db, FineTuningJob, JobStatus, Prisma } from '@whetstone/db';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * An id as `newId` makes it (`<prefix>-<ULID>`) but for the time `ms`, so seeded rows sort by id
 * exactly as rows created at that time would (lists paginate by id).
 */
export function idAt(prefix: string, ms: number): string {
  let time = '';
  for (let i = 0, t = ms; i < 10; i++, t = Math.floor(t / 32)) time = CROCKFORD[t % 32] + time;
  let random = '';
  for (const byte of randomBytes(16)) random += CROCKFORD[byte % 32];
  return `${prefix}-${time}${random}`;
}

export interface SeededJobs {
  count: number;
  byStatus: Record<string, number>;
  /** The id that ends the second page of 20 (newest first): `after=` it lists page 3. */
  pageCursor: string;
  /** The newest seeded job of each status (targets for retrieve). */
  newest: Partial<Record<JobStatus, string>>;
}

/**
 * Writes `count` finished jobs into the template job's organization: copies of a job created
 * through the API (same model, file, request and resolved spec), each as a run that finished some
 * time in the last `spanDays` days (90% succeeded, 5% failed, 5% cancelled), with its attempt row.
 * Terminal on purpose: queued copies would be handed to BullMQ by the next dispatch (every create
 * runs one) and adopted by any worker's reconciler. Written with one INSERT ... SELECT FROM
 * unnest(arrays) per 10,000 rows on the pg pool (what is the same in every row is sent once):
 * Prisma's createMany builds every row as an object and took minutes for 100,000 jobs.
 */
export async function seedFinishedJobs(db: Db, template: FineTuningJob, count: number, spanDays = 30): Promise<SeededJobs> {
  const totalSteps = (template.progress as { total_steps?: number } | null)?.total_steps ?? 10;
  const spec = template.spec as { estimates?: { total_trained_tokens?: number } };
  const tokens = spec.estimates?.total_trained_tokens ?? 10_000;
  const end = template.createdAt.getTime() - 60_000;
  const gap = Math.floor((spanDays * 86_400_000) / count);
  const byStatus: Record<string, number> = {};
  const newest: SeededJobs['newest'] = {};
  const ids: string[] = [];

  for (let start = 0; start < count; start += SEED_BATCH) {
    const jobs: SeededJobRow[] = [];
    for (let i = start; i < Math.min(count, start + SEED_BATCH); i++) {
      const created = end - (count - 1 - i) * gap;
      const status: JobStatus = i % 20 === 7 ? 'failed' : i % 20 === 13 ? 'cancelled' : 'succeeded';
      const id = idAt('ftjob', created);
      const started = created + 1_500 + randomInt(30_000);
      const steps = status === 'succeeded' ? totalSteps : Math.max(1, Math.floor(totalSteps / 2));
      byStatus[status] = (byStatus[status] ?? 0) + 1;
      newest[status] = id;
      ids.push(id);
      jobs.push({ id, status, created, started, finished: started + 60_000 + randomInt(600_000), steps, trained: Math.round((tokens * steps) / totalSteps) });
    }
    await insertJobs(db, template, totalSteps, jobs);
  }
  return { count, byStatus, newest, pageCursor: ids[Math.max(0, ids.length - 40)]! };
}

const SEED_BATCH = 10_000;

interface SeededJobRow {
  id: string;
  status: JobStatus;
  created: number;
  started: number;
  finished: number;
  steps: number;
  trained: number;
}

async function insertJobs(db: Db, template: FineTuningJob, totalSteps: number, jobs: SeededJobRow[]): Promise<void> {
  const column = <T>(pick: (job: SeededJobRow) => T) => jobs.map(pick);
  const date = (ms: number) => new Date(ms).toISOString();
  const failure = JSON.stringify({ code: 'invalid_training_data', message: 'Line 12: the last message must be from the assistant.', param: null });
  await db.pool.query(
    `INSERT INTO fine_tuning_jobs (id, status, error, progress, seed, "dispatchedAt", "fineTunedModel", "trainedTokens", "createdAt", "updatedAt", "queuedAt", "startedAt", "finishedAt",
       "organizationId", "baseModelId", model, "trainingFileId", "validationFileId", method, "trainingType", requested, spec, suffix, metadata, priority, "workerClass", "dispatchCount")
     SELECT r.id, r.status::"JobStatus", r.error::jsonb, r.progress::jsonb, r.seed, r.dispatched, r.model_name, r.trained, r.created, r.finished, r.created, r.started, r.finished,
       $12, $13, $14, $15, $16, $17, $18, $19::jsonb, $20::jsonb, $21, $22::jsonb, $23, $24, 1
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::timestamptz[], $7::text[], $8::bigint[], $9::timestamptz[], $10::timestamptz[], $11::timestamptz[])
       AS r(id, status, error, progress, seed, dispatched, model_name, trained, created, started, finished)`,
    [
      column((j) => j.id),
      column((j) => j.status),
      column((j) => (j.status === 'failed' ? failure : null)),
      column((j) => JSON.stringify({ step: j.steps, total_steps: totalSteps, epoch: j.steps / totalSteps, trained_tokens: j.trained, eta_seconds: 0 })),
      column(() => randomInt(2 ** 31 - 1)),
      column((j) => (j.status === 'cancelled' ? null : date(j.created + 40))),
      column((j) => (j.status === 'succeeded' ? `ft:${template.model}:${template.organizationId}:${template.suffix ?? ''}:${j.id}` : null)),
      column((j) => String(j.trained)),
      column((j) => date(j.created)),
      column((j) => date(j.started)),
      column((j) => date(j.finished)),
      template.organizationId,
      template.baseModelId,
      template.model,
      template.trainingFileId,
      template.validationFileId,
      template.method,
      template.trainingType,
      JSON.stringify(template.requested),
      JSON.stringify(template.spec),
      template.suffix,
      template.metadata === null ? null : JSON.stringify(template.metadata),
      template.priority,
      template.workerClass,
    ],
  );
  await db.pool.query(
    `INSERT INTO job_attempts (id, "jobId", number, "workerId", "fromStep", "toStep", "endReason", "startedAt", "endedAt")
     SELECT r.id, r.job_id, 1, 'worker-0:4242', 0, r.to_step, r.end_reason, r.started, r.ended
     FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::timestamptz[], $6::timestamptz[]) AS r(id, job_id, to_step, end_reason, started, ended)`,
    [
      column((j) => idAt('ftattempt', j.started)),
      column((j) => j.id),
      column((j) => j.steps),
      column((j) => (j.status === 'succeeded' ? 'completed' : j.status === 'failed' ? 'failed: invalid_training_data' : 'cancelled')),
      column((j) => date(j.started)),
      column((j) => date(j.finished)),
    ],
  );
}

/**
 * Gives one seeded job a realistic history to page through: `events` job events (one per
 * logged step, as the metrics writer leaves them) and `steps` per-step metric rows.
 */
export async function seedJobHistory(db: Db, job: Pick<FineTuningJob, 'id' | 'organizationId' | 'createdAt'>, events: number, steps: number): Promise<void> {
  const start = job.createdAt.getTime();
  const eventRows: Prisma.JobEventCreateManyInput[] = Array.from({ length: events }, (_, i) => ({
    id: idAt('ftevent', start + i * 1000),
    organizationId: job.organizationId,
    jobId: job.id,
    level: 'info',
    type: 'metrics',
    message: `Step ${i + 1}/${events}: training loss=${(2 / (1 + i / 50)).toFixed(4)}`,
    data: { step: i + 1, train_loss: 2 / (1 + i / 50), train_mean_token_accuracy: Math.min(1, i / events) },
    createdAt: new Date(start + i * 1000),
  }));
  const metricRows: Prisma.JobMetricCreateManyInput[] = Array.from({ length: steps }, (_, i) => ({
    jobId: job.id,
    step: i + 1,
    values: { train_loss: 2 / (1 + i / 50), train_mean_token_accuracy: Math.min(1, i / steps), learning_rate: 1e-4, grad_norm: 1 + (i % 7) / 10 },
    createdAt: new Date(start + i * 1000),
  }));
  for (let i = 0; i < eventRows.length; i += 1000) await db.jobEvent.createMany({ data: eventRows.slice(i, i + 1000) });
  for (let i = 0; i < metricRows.length; i += 1000) await db.jobMetric.createMany({ data: metricRows.slice(i, i + 1000) });
}
