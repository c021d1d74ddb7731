import { statement, type Db, type FineTuningJob } from '@whetstone/db';
import type { QueueInfo } from './job-object';

interface QueueRow {
  ahead: number;
  running: number;
  seconds: number;
}

/**
 * Where a queued job stands among its own organization's work in its worker class: the
 * organization's jobs already handed to workers come first (in dispatch order), then its waiting
 * jobs ahead of it. Other tenants' jobs are never counted: how many jobs other organizations run
 * or queue is theirs to know. The start estimate spreads the organization's remaining work ahead
 * (estimated seconds x share of steps left) over its jobs currently running (at least one).
 * Aggregated in Postgres: retrieving a job must not load every job ahead of it.
 */
export async function queueInfo(db: Db, job: FineTuningJob): Promise<QueueInfo | null> {
  if (job.status !== 'queued') return null;
  // On the pg pool as a prepared statement: it runs on every retrieve of a queued job.
  const { rows: [row] } = await db.pool.query<QueueRow>(
    statement(
      'queue_info_own',
      `
    SELECT count(*) FILTER (WHERE ahead)::int AS ahead,
           count(*) FILTER (WHERE running)::int AS running,
           coalesce(sum(remaining) FILTER (WHERE ahead OR running), 0)::float8 AS seconds
    FROM (
      SELECT status IN ('running', 'pausing') AS running,
             (status = 'queued' AND id <> $1 AND (
                ("dispatchedAt" IS NOT NULL AND ($2::timestamptz IS NULL OR "dispatchedAt" < $2::timestamptz))
                OR ($2::timestamptz IS NULL AND "dispatchedAt" IS NULL
                    AND (priority > $4 OR (priority = $4 AND "createdAt" < $5::timestamptz)))
             )) AS ahead,
             coalesce((spec -> 'estimates' ->> 'estimated_seconds')::float8, 0)
               * (1 - coalesce((progress ->> 'step')::float8 / nullif((progress ->> 'total_steps')::float8, 0), 0)) AS remaining
      FROM fine_tuning_jobs
      WHERE "organizationId" = $3 AND "workerClass" = $6 AND status IN ('queued', 'running', 'pausing')
    ) AS class_jobs`,
      [job.id, job.dispatchedAt, job.organizationId, job.priority, job.createdAt, job.workerClass],
    ),
  );
  const ahead = row?.ahead ?? 0;
  const workers = Math.max(1, row?.running ?? 0);
  return { position: ahead + 1, estimated_start: Math.floor(Date.now() / 1000 + (row?.seconds ?? 0) / workers) };
}
