import { NotFoundError } from '@whetstone/common';
import type { Checkpoint, Db, FineTuningJob, JobAttempt, JobEvent, JobStatus } from '@whetstone/db';
import { dateOrNull, statement } from '@whetstone/db';
import type { QueueInfo } from './job-object';
import { JOINED_JOB_QUEUE_ROW, toQueueInfo, type QueueRow } from './queue-position';

/**
 * Jobs, their events and checkpoints as the API lists them. These are the API's hottest reads, so
 * each is one SQL statement on the pg pool (prepared per connection), not a Prisma query per
 * relation: a job and its attempts come back together. Rows have Prisma's shapes.
 */
export type JobWithAttempts = FineTuningJob & { attempts: JobAttempt[] };

type JobRow = FineTuningJob & { attempts: (Omit<JobAttempt, 'startedAt' | 'endedAt'> & { startedAt: string; endedAt: string | null })[] };

// Attempts aggregated in the same statement, oldest first.
const JOB_WITH_ATTEMPTS = `SELECT j.*, coalesce((SELECT json_agg(a ORDER BY a.number) FROM job_attempts a WHERE a."jobId" = j.id), '[]'::json) AS attempts
  FROM fine_tuning_jobs j`;

function toJob(row: JobRow): JobWithAttempts {
  return { ...row, attempts: row.attempts.map((a) => ({ ...a, startedAt: new Date(a.startedAt), endedAt: dateOrNull(a.endedAt) })) };
}

export async function findJob(db: Db, orgId: string, jobId: string): Promise<JobWithAttempts> {
  const { rows } = await db.pool.query<JobRow>(statement('find_job', `${JOB_WITH_ATTEMPTS} WHERE j.id = $1 AND j."organizationId" = $2`, [jobId, orgId]));
  if (!rows[0]) throw new NotFoundError('fine-tuning job', jobId, 'fine_tuning_job_id');
  return toJob(rows[0]);
}

// The job, its attempts and, when it is queued, its queue position (queue-position.ts) in one
// statement: the count's scan is gated on the job's status, so other jobs pay nothing for it.
const FIND_JOB_WITH_QUEUE = `SELECT j.*, coalesce((SELECT json_agg(a ORDER BY a.number) FROM job_attempts a WHERE a."jobId" = j.id), '[]'::json) AS attempts,
    q.ahead AS "queueAhead", q.running AS "queueRunning", q.seconds AS "queueSeconds"
  FROM fine_tuning_jobs j
  CROSS JOIN LATERAL (${JOINED_JOB_QUEUE_ROW}) q
  WHERE j.id = $1 AND j."organizationId" = $2`;

type JobWithQueueRow = JobRow & { queueAhead: number; queueRunning: number; queueSeconds: number };

/** A job as its retrieve shows it: with attempts, and its queue position while it is queued (else null). */
export async function findJobWithQueue(db: Db, orgId: string, jobId: string): Promise<{ job: JobWithAttempts; queue: QueueInfo | null }> {
  const { rows } = await db.pool.query<JobWithQueueRow>(statement('find_job_with_queue', FIND_JOB_WITH_QUEUE, [jobId, orgId]));
  if (!rows[0]) throw new NotFoundError('fine-tuning job', jobId, 'fine_tuning_job_id');
  const { queueAhead, queueRunning, queueSeconds, ...row } = rows[0];
  const queue: QueueRow = { ahead: queueAhead, running: queueRunning, seconds: queueSeconds };
  return { job: toJob(row), queue: row.status === 'queued' ? toQueueInfo(queue) : null };
}

/**
 * A page of the tenant's jobs, newest first, as ids and versions only: the list's walk of the
 * (organizationId, id) / (organizationId, status, id) indexes without reading attempts or
 * parsing whole rows, for a caller that keeps job objects under (id, version).
 */
export async function listJobVersions(
  db: Db,
  orgId: string,
  query: { after?: string; limit: number; status?: JobStatus; metadata: Record<string, string> },
): Promise<{ rows: { id: string; version: number }[]; hasMore: boolean }> {
  // One statement text per filter combination, so each gets its own plan.
  const values: unknown[] = [orgId, query.limit + 1];
  const where = ['"organizationId" = $1'];
  if (query.status) where.push(`status = $${values.push(query.status)}::"JobStatus"`);
  if (query.after) where.push(`id < $${values.push(query.after)}`);
  // metadata @> {"k":"v"} is "every given key holds that string", as OpenAI's metadata filter.
  const byMetadata = Object.keys(query.metadata).length > 0;
  if (byMetadata) where.push(`metadata @> $${values.push(JSON.stringify(query.metadata))}::jsonb`);
  const name = `list_job_versions_${query.status ? 's' : ''}${query.after ? 'a' : ''}${byMetadata ? 'm' : ''}`;
  const { rows } = await db.pool.query<{ id: string; version: number }>(
    statement(name, `SELECT id, version FROM fine_tuning_jobs WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT $2`, values),
  );
  return { rows: rows.slice(0, query.limit), hasMore: rows.length > query.limit };
}

/** The tenant's jobs among these ids, with attempts, in no particular order (others' ids find nothing). */
export async function findJobsByIds(db: Db, orgId: string, ids: string[]): Promise<JobWithAttempts[]> {
  const { rows } = await db.pool.query<JobRow>(statement('find_jobs_by_ids', `${JOB_WITH_ATTEMPTS} WHERE j.id = ANY($1::text[]) AND j."organizationId" = $2`, [ids, orgId]));
  return rows.map(toJob);
}

/** Whether the tenant has this job (an empty page must still 404 for someone else's job). */
async function assertJobExists(db: Db, orgId: string, jobId: string): Promise<void> {
  const { rowCount } = await db.pool.query(statement('job_exists', 'SELECT 1 FROM fine_tuning_jobs WHERE id = $1 AND "organizationId" = $2', [jobId, orgId]));
  if (!rowCount) throw new NotFoundError('fine-tuning job', jobId, 'fine_tuning_job_id');
}

export async function listJobEvents(db: Db, orgId: string, jobId: string, page: { after?: string; limit: number; order?: 'asc' | 'desc' }) {
  const order = page.order ?? 'desc';
  const values: unknown[] = [jobId, orgId, page.limit + 1];
  const after = page.after ? ` AND id ${order === 'desc' ? '<' : '>'} $${values.push(page.after)}` : '';
  // Events carry the tenant, so rows prove the job is the caller's; only an empty page needs the check.
  const { rows } = await db.pool.query<JobEvent>(
    statement(
      `job_events_${order}${page.after ? '_a' : ''}`,
      `SELECT * FROM job_events WHERE "jobId" = $1 AND "organizationId" = $2${after} ORDER BY id ${order.toUpperCase()} LIMIT $3`,
      values,
    ),
  );
  if (rows.length === 0) await assertJobExists(db, orgId, jobId);
  return { rows: rows.slice(0, page.limit), hasMore: rows.length > page.limit };
}

export async function listCheckpoints(db: Db, orgId: string, jobId: string, page: { after?: string; limit: number }) {
  const rows = await db.checkpoint.findMany({
    where: { jobId, organizationId: orgId, ...(page.after ? { id: { lt: page.after } } : {}) },
    orderBy: { id: 'desc' },
    take: page.limit + 1,
  });
  if (rows.length === 0) await assertJobExists(db, orgId, jobId);
  return { rows: rows.slice(0, page.limit) as Checkpoint[], hasMore: rows.length > page.limit };
}
