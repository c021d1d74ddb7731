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
  /** A condition on the queued job: when false the count scans nothing (a joined job that is not queued). */
  onlyIf?: string;
}

/**
 * Where a queued job stands among its own organization's work in its worker class: the
 * organization's jobs already handed to workers come first (in dispatch order), then its waiting
 * jobs ahead of it. Other tenants' jobs are never counted: how many jobs other organizations run
 * or queue is theirs to know. The start estimate spreads the organization's remaining work ahead
 * (estimated seconds x share of steps left) over its jobs currently running (at least one).
 * Aggregated in Postgres: retrieving a job must not load every job ahead of it. One SELECT giving
 * a QueueRow, used alone (queueInfo) and joined to the job's own row (findJobWithQueue).
 */
export function queueRowSql(job: QueuedJobRef): string {
  return `
    SELECT count(*) FILTER (WHERE ahead)::int AS ahead,
           count(*) FILTER (WHERE running)::int AS running,
           coalesce(sum(remaining) FILTER (WHERE ahead OR running), 0)::float8 AS seconds
    FROM (
      SELECT c.status IN ('running', 'pausing') AS running,
             (c.status = 'queued' AND c.id <> ${job.id} AND (
                (c."dispatchedAt" IS NOT NULL AND (${job.dispatchedAt}::timestamptz IS NULL OR c."dispatchedAt" < ${job.dispatchedAt}::timestamptz))
                OR (${job.dispatchedAt}::timestamptz IS NULL AND c."dispatchedAt" IS NULL
                    AND (c.priority > ${job.priority} OR (c.priority = ${job.priority} AND c."createdAt" < ${job.createdAt}::timestamptz)))
             )) AS ahead,
             coalesce((c.spec -> 'estimates' ->> 'estimated_seconds')::float8, 0)
               * (1 - coalesce((c.progress ->> 'step')::float8 / nullif((c.progress ->> 'total_steps')::float8, 0), 0)) AS remaining
      FROM fine_tuning_jobs c
      WHERE c."organizationId" = ${job.organizationId} AND c."workerClass" = ${job.workerClass} AND c.status IN ('queued', 'running', 'pausing')${job.onlyIf ? ` AND ${job.onlyIf}` : ''}
    ) AS class_jobs`;
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
  // On the pg pool as a prepared statement: it runs on every retrieve of a queued job.
  const {
    rows: [row],
  } = await db.pool.query<QueueRow>(
    statement('queue_info_own', QUEUE_INFO, [job.id, job.dispatchedAt, job.organizationId, job.priority, job.createdAt, job.workerClass]),
  );
  return toQueueInfo(row);
}
