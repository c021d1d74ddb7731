import { statement, type Db, type FineTuningJob } from '@whetstone/db';
import type { QueueInfo } from './job-object';

export interface QueueRow {
  ahead: number;
  running: number;
  seconds: number;
}

/** SQL expressions for the queued job's columns: statement parameters, or a joined row's columns. */
interface QueuedJobRef {
  id: string;
  dispatchedAt: string;
  organizationId: string;
  priority: string;
  createdAt: string;
  workerClass: string;
  /** A condition on the queued job: when false nothing is read (a joined job that is not queued). */
  onlyIf?: string;
}

/**
 * Where a queued job stands among its own organization's work in its worker class, in the order
 * fair dispatch takes it (dispatch.ts): the organization's jobs already handed to BullMQ first,
 * by dispatch time and then as their pass enqueued them (priority, age), then its waiting jobs by
 * priority and age. Other tenants' jobs are never counted: how many jobs other organizations run
 * or queue is theirs to know. The start estimate spreads the seconds of work ahead (each job's
 * estimate x share of steps left, whole seconds) plus what its running jobs have left over those
 * running jobs (at least one).
 *
 * Cost: the queue's totals come from job_queue_counts (kept by a trigger, so exact in every
 * snapshot); what is counted row by row is only the job itself and the jobs behind it (an
 * index range of fine_tuning_jobs_queue_order_idx), plus the organization's running jobs in the
 * class. A job just created or dispatched has almost nothing behind it, so create's answer
 * costs O(1) in the depth of the queue, however many jobs wait ahead; a retrieve of the job at
 * the head of a deep queue counts the queue. One SELECT giving a QueueRow, used alone
 * (queueInfo) and joined to the job's own row (findJobWithQueue).
 */
export function queueRowSql(job: QueuedJobRef): string {
  const only = job.onlyIf ? ` AND ${job.onlyIf}` : '';
  const dispatched = `${job.dispatchedAt}::timestamptz`;
  // The job and those behind it: the same organization and class, queued, and not before it.
  const tail = (extra: string) => `
      SELECT count(*)::int AS n, coalesce(sum(job_queue_seconds(t.spec, t.progress)), 0)::bigint AS s
      FROM fine_tuning_jobs t
      WHERE t."organizationId" = ${job.organizationId} AND t."workerClass" = ${job.workerClass} AND t.status = 'queued'${only} AND ${extra}`;
  return `
    SELECT greatest(0, totals.n - coalesce(behind.n, 0))::int AS ahead,
           running.n AS running,
           (greatest(0, totals.s - coalesce(behind.s, 0)) + running.s)::float8 AS seconds
    FROM (
      SELECT coalesce(sum(c.dispatched + CASE WHEN ${dispatched} IS NULL THEN c.waiting ELSE 0 END), 0)::int AS n,
             coalesce(sum(c."dispatchedSeconds" + CASE WHEN ${dispatched} IS NULL THEN c."waitingSeconds" ELSE 0 END), 0)::bigint AS s
      FROM job_queue_counts c
      WHERE c."organizationId" = ${job.organizationId} AND c."workerClass" = ${job.workerClass}${only}
    ) AS totals
    CROSS JOIN LATERAL (
      SELECT sum(n)::int AS n, sum(s)::bigint AS s FROM (
      ${tail(`${dispatched} IS NOT NULL AND t."dispatchedAt" >= ${dispatched}
        AND (t."dispatchedAt" > ${dispatched} OR t.priority < ${job.priority} OR (t.priority = ${job.priority} AND (t."createdAt", t.id) >= (${job.createdAt}::timestamptz, ${job.id})))`)}
      UNION ALL
      ${tail(`${dispatched} IS NULL AND t."dispatchedAt" IS NULL AND t.priority <= ${job.priority}
        AND (t.priority < ${job.priority} OR (t."createdAt", t.id) >= (${job.createdAt}::timestamptz, ${job.id}))`)}
      ) AS sides
    ) AS behind
    CROSS JOIN LATERAL (
      SELECT count(*)::int AS n,
             coalesce(sum(coalesce((r.spec -> 'estimates' ->> 'estimated_seconds')::float8, 0)
               * (1 - coalesce((r.progress ->> 'step')::float8 / nullif((r.progress ->> 'total_steps')::float8, 0), 0))), 0)::float8 AS s
      FROM fine_tuning_jobs r
      WHERE r."organizationId" = ${job.organizationId} AND r.status IN ('running', 'pausing') AND r."workerClass" = ${job.workerClass}${only}
    ) AS running`;
}

/** Position 1 is next to start; the estimate is in Unix seconds. */
export function toQueueInfo(row: QueueRow | undefined, now = Date.now()): QueueInfo {
  const ahead = row?.ahead ?? 0;
  const workers = Math.max(1, row?.running ?? 0);
  return { position: ahead + 1, estimated_start: Math.floor(now / 1000 + (row?.seconds ?? 0) / workers) };
}

const QUEUE_INFO = queueRowSql({ id: '$1', dispatchedAt: '$2', organizationId: '$3', priority: '$4', createdAt: '$5', workerClass: '$6' });

/** The queue position of a queued job (null for any other status). */
export async function queueInfo(db: Db, job: FineTuningJob): Promise<QueueInfo | null> {
  if (job.status !== 'queued') return null;
  // On the pg pool as a prepared statement: it runs on every create and every retrieve of a queued job.
  const {
    rows: [row],
  } = await db.pool.query<QueueRow>(
    statement('queue_info_own', QUEUE_INFO, [job.id, job.dispatchedAt, job.organizationId, job.priority, job.createdAt, job.workerClass]),
  );
  return toQueueInfo(row);
}
