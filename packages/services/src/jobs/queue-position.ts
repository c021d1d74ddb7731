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

/** Jobs ahead counted one by one before the position is taken from the other end instead. */
const HEAD_LIMIT = 16;

/**
 * Where a queued job stands among its own organization's work in its worker class, in the order
 * fair dispatch takes it (dispatch.ts): the organization's jobs already handed to BullMQ first,
 * by dispatch time and then as their pass enqueued them (priority, age), then its waiting jobs by
 * priority and age. Other tenants' jobs are never counted: how many jobs other organizations run
 * or queue is theirs to know. The start estimate spreads the seconds of work ahead (each job's
 * estimate x share of steps left, whole seconds) plus what its running jobs have left over those
 * running jobs (at least one).
 *
 * Cost, without an order-statistics index in Postgres: the jobs ahead are counted one by one
 * (an index range of fine_tuning_jobs_queue_order_idx) up to HEAD_LIMIT; past that, the
 * position is the queue's total, from job_queue_counts (kept exact in every snapshot by a
 * trigger), less the job and those behind it, counted on the same index. So a job near either
 * end costs O(1) in the queue's depth (the head a dashboard watches; the job create just added,
 * which has next to nothing behind it), and only a job deep in the middle of a deep queue costs
 * O(jobs behind it). Plus the organization's running jobs in the class. One SELECT giving a
 * QueueRow, used alone (queueInfo) and joined to the job's own row (findJobWithQueue).
 */
function queueRowSql(job: QueuedJobRef): string {
  const only = job.onlyIf ? ` AND ${job.onlyIf}` : '';
  const d = `${job.dispatchedAt}::timestamptz`;
  const p = job.priority;
  const key = `(${job.createdAt}::timestamptz, ${job.id})`;
  // The organization's queued jobs of the class meeting `condition`, each with its seconds left.
  const jobs = (condition: string) => `
        SELECT job_queue_seconds(t.spec, t.progress) AS s FROM fine_tuning_jobs t
        WHERE t."organizationId" = ${job.organizationId} AND t."workerClass" = ${job.workerClass} AND t.status = 'queued'${only} AND ${condition}`;
  // The organization's jobs of the class in one running status, each with its seconds left. One
  // equality per status, not IN (...): with the tenant's rows missing from the table's statistics
  // (a tenant that just grew) the planner took the status list as a filter over all of the
  // organization's jobs (10,000 rows read a call in bench:api).
  const running = (status: string) => `
        SELECT coalesce((r.spec -> 'estimates' ->> 'estimated_seconds')::float8, 0)
                 * (1 - coalesce((r.progress ->> 'step')::float8 / nullif((r.progress ->> 'total_steps')::float8, 0), 0)) AS s
        FROM fine_tuning_jobs r
        WHERE r."organizationId" = ${job.organizationId} AND r.status = '${status}' AND r."workerClass" = ${job.workerClass}${only}`;
  // Waiting jobs are split by priority (higher; equal and older), so that each part is one index
  // range: as one condition (priority >= p, then the age as a filter) a job at the head of its
  // priority read every later job of that priority first (5,000 rows for one position).
  // The first HEAD_LIMIT queued jobs meeting `condition`, in the index's order: a LIMIT alone lets the planner choose a
  // sequential scan of the whole table that it expects to stop early (it does not, when the
  // queued rows sit at the table's end); the order makes the index the plan.
  const firstJobs = (condition: string) =>
    `(${jobs(condition)} ORDER BY t."dispatchedAt", t.priority, t."createdAt", t.id LIMIT ${HEAD_LIMIT})`;
  return `
    SELECT (CASE WHEN head.n < ${HEAD_LIMIT} THEN head.n ELSE greatest(0, totals.n - behind.n) END)::int AS ahead,
           running.n AS running,
           ((CASE WHEN head.n < ${HEAD_LIMIT} THEN head.s ELSE greatest(0, totals.s - behind.s) END) + running.s)::float8 AS seconds
    FROM (
      SELECT coalesce(sum(c.dispatched + CASE WHEN ${d} IS NULL THEN c.waiting ELSE 0 END), 0)::int AS n,
             coalesce(sum(c."dispatchedSeconds" + CASE WHEN ${d} IS NULL THEN c."waitingSeconds" ELSE 0 END), 0)::bigint AS s
      FROM job_queue_counts c
      WHERE c."organizationId" = ${job.organizationId} AND c."workerClass" = ${job.workerClass}${only}
    ) AS totals
    CROSS JOIN LATERAL (
      -- Ahead of the job, counted up to HEAD_LIMIT.
      SELECT count(*)::int AS n, coalesce(sum(s), 0)::bigint AS s FROM (${firstJobs(`${d} IS NOT NULL AND t."dispatchedAt" <= ${d}
          AND (t."dispatchedAt" < ${d} OR t.priority > ${p} OR (t.priority = ${p} AND (t."createdAt", t.id) < ${key}))`)}
        UNION ALL ${firstJobs(`${d} IS NULL AND t."dispatchedAt" IS NOT NULL`)}
        UNION ALL ${firstJobs(`${d} IS NULL AND t."dispatchedAt" IS NULL AND t.priority > ${p}`)}
        UNION ALL ${firstJobs(`${d} IS NULL AND t."dispatchedAt" IS NULL AND t.priority = ${p} AND (t."createdAt", t.id) < ${key}`)}
        LIMIT ${HEAD_LIMIT}
      ) AS ahead_rows
    ) AS head
    CROSS JOIN LATERAL (
      -- The job and those behind it, counted only when the jobs ahead are too many to count.
      SELECT count(*)::int AS n, coalesce(sum(s), 0)::bigint AS s FROM (${jobs(`head.n >= ${HEAD_LIMIT} AND ${d} IS NOT NULL AND t."dispatchedAt" >= ${d}
          AND (t."dispatchedAt" > ${d} OR t.priority < ${p} OR (t.priority = ${p} AND (t."createdAt", t.id) >= ${key}))`)}
        UNION ALL ${jobs(`head.n >= ${HEAD_LIMIT} AND ${d} IS NULL AND t."dispatchedAt" IS NULL AND t.priority < ${p}`)}
        UNION ALL ${jobs(`head.n >= ${HEAD_LIMIT} AND ${d} IS NULL AND t."dispatchedAt" IS NULL AND t.priority = ${p} AND (t."createdAt", t.id) >= ${key}`)}
      ) AS behind_rows
    ) AS behind
    CROSS JOIN LATERAL (
      SELECT count(*)::int AS n, coalesce(sum(s), 0)::float8 AS s FROM (${running('running')} UNION ALL ${running('pausing')}) AS running_rows
    ) AS running`;
}

/** The queue row of a job row joined as `j`, read only when that job is queued (its retrieve, a dispatch pass's jobs). */
export const JOINED_JOB_QUEUE_ROW = queueRowSql({
  id: 'j.id',
  dispatchedAt: 'j."dispatchedAt"',
  organizationId: 'j."organizationId"',
  priority: 'j.priority',
  createdAt: 'j."createdAt"',
  workerClass: 'j."workerClass"',
  onlyIf: `j.status = 'queued'`,
});

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

// Each listed job with its queue row (the same SQL as a retrieve's; read only for a queued job).
// The status is not in the WHERE: with it, the generic plan could read the listed jobs from the
// partial index of queued jobs, scanned whole (estimated near empty by statistics taken when
// few jobs were queued: 1,588 buffers a call at 100,000 jobs in bench:api), not by primary key.
const QUEUE_ROWS_OF = `SELECT j.id, j.status, q.ahead, q.running, q.seconds
  FROM fine_tuning_jobs j
  CROSS JOIN LATERAL (${JOINED_JOB_QUEUE_ROW}) q
  WHERE j.id = ANY($1)`;

/**
 * The queue positions of several jobs in one statement (a dispatch pass's jobs, for the creates
 * that wait on it: one statement a pass instead of one a create). A job no longer queued is
 * left out.
 */
export async function queueInfos(db: Db, jobIds: string[]): Promise<Map<string, QueueInfo>> {
  const { rows } = await db.pool.query<QueueRow & { id: string; status: string }>(statement('queue_info_of_jobs', QUEUE_ROWS_OF, [jobIds]));
  const now = Date.now();
  return new Map(rows.filter((row) => row.status === 'queued').map((row) => [row.id, toQueueInfo(row, now)]));
}
