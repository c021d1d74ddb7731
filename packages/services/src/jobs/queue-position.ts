import type { Db, FineTuningJob } from '@whetstone/db';
import type { QueueInfo } from './job-object';

interface QueueRow {
  ahead: number;
  running: number;
  seconds: number;
}

/**
 * Where a queued job stands in its worker class: jobs already handed to workers come first (in
 * dispatch order), then the tenant's own waiting jobs ahead of it. The start estimate spreads the
 * remaining work ahead (estimated seconds × share of steps left) over the workers currently busy
 * in the class (at least one). Aggregated in Postgres: retrieving a job must not load every job
 * ahead of it.
 */
export async function queueInfo(db: Db, job: FineTuningJob): Promise<QueueInfo | null> {
  if (job.status !== 'queued') return null;
  const [row] = await db.$queryRaw<QueueRow[]>`
    SELECT count(*) FILTER (WHERE ahead)::int AS ahead,
           count(*) FILTER (WHERE running)::int AS running,
           coalesce(sum(remaining) FILTER (WHERE ahead OR running), 0)::float8 AS seconds
    FROM (
      SELECT status IN ('running', 'pausing') AS running,
             (status = 'queued' AND id <> ${job.id} AND (
                ("dispatchedAt" IS NOT NULL AND (${job.dispatchedAt}::timestamptz IS NULL OR "dispatchedAt" < ${job.dispatchedAt}::timestamptz))
                OR (${job.dispatchedAt}::timestamptz IS NULL AND "dispatchedAt" IS NULL AND "organizationId" = ${job.organizationId}
                    AND (priority > ${job.priority} OR (priority = ${job.priority} AND "createdAt" < ${job.createdAt}::timestamptz)))
             )) AS ahead,
             coalesce((spec -> 'estimates' ->> 'estimated_seconds')::float8, 0)
               * (1 - coalesce((progress ->> 'step')::float8 / nullif((progress ->> 'total_steps')::float8, 0), 0)) AS remaining
      FROM fine_tuning_jobs
      WHERE "workerClass" = ${job.workerClass} AND status IN ('queued', 'running', 'pausing')
    ) AS class_jobs`;
  const ahead = row?.ahead ?? 0;
  const workers = Math.max(1, row?.running ?? 0);
  return { position: ahead + 1, estimated_start: Math.floor(Date.now() / 1000 + (row?.seconds ?? 0) / workers) };
}
