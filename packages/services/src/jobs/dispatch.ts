import { inPoolTransaction, statement, type Db } from '@whetstone/db';
import type { Producers } from '@whetstone/queue';
import type { QueueInfo } from './job-object';
import { queueInfos } from './queue-position';

export interface DispatchDeps {
  db: Db;
  producers: Producers;
  logger?: { error(details: object, message: string): void };
}

/**
 * Hands queued jobs to BullMQ, fairly. Postgres is the waiting room: a job enters its worker
 * class's queue only while its tenant is under max_concurrent_jobs (running + dispatched), so one
 * tenant's 100 jobs occupy at most its limit and another tenant's single job is never behind
 * them. Within a tenant, higher `priority` then older jobs go first. Among tenants, a job's
 * BullMQ priority is its rank in its tenant's in-flight set, so every tenant's first job comes
 * before anyone's second. A transaction-scoped advisory lock keeps two dispatchers (API
 * replicas, workers) from dispatching the same class at once; enqueueing happens after commit.
 */
export async function dispatchPending(deps: DispatchDeps, workerClass?: string): Promise<string[]> {
  const classes = workerClass
    ? [workerClass]
    : (
        await deps.db.fineTuningJob.findMany({
          where: { status: 'queued', dispatchedAt: null },
          distinct: ['workerClass'],
          select: { workerClass: true },
        })
      ).map((r) => r.workerClass);
  const dispatched: string[] = [];
  for (const cls of classes) dispatched.push(...(await dispatchWorkerClass(deps, cls)).map((job) => job.id));
  return dispatched;
}

/** A job one dispatch pass handed to BullMQ. */
export interface DispatchedJob {
  id: string;
  dispatchedAt: Date;
  dispatchCount: number;
  /** Its queue position just after the pass (with `withQueue`; absent if it left the queue meanwhile or the read failed). */
  queue?: QueueInfo;
}

/** Per pass; an organization allowed more at once gets the rest on the next pass. */
const CANDIDATES_PER_ORGANIZATION = 100;

/**
 * Chooses and marks a pass's jobs in one statement. Each organization's first candidates, however
 * deep another's queue is: a tenant with thousands of jobs it may not start cannot push everyone
 * else out of the window. A candidate is taken while its organization stays within
 * max_concurrent_jobs: its slot is the organization's in-flight count (its running jobs, counted,
 * plus its dispatched queued ones, read from job_queue_counts) plus its rank among the
 * organization's candidates (priority, then age), which is also its BullMQ priority. Returned in
 * the candidates' order (priority, then age), the order they are enqueued in.
 *
 * It reads only what it takes: the organizations with a waiting job in the class, one index probe
 * each (a loose scan of fine_tuning_jobs_waiting_idx), then for each just as many of its waiting
 * jobs as it has room for, in that index's order. (Ranking every waiting job of the class cost
 * 36 ms a pass with one tenant's 5,000 jobs waiting at its limit, and every create of every
 * tenant waits for a pass.)
 */
const CHOOSE_AND_MARK = `
  WITH RECURSIVE waiting_orgs AS (
    (SELECT f."organizationId" AS id FROM fine_tuning_jobs f
     WHERE f.status = 'queued' AND f."dispatchedAt" IS NULL AND f."workerClass" = $1
     ORDER BY f."organizationId" LIMIT 1)
    UNION ALL
    SELECT (SELECT f."organizationId" FROM fine_tuning_jobs f
            WHERE f.status = 'queued' AND f."dispatchedAt" IS NULL AND f."workerClass" = $1 AND f."organizationId" > w.id
            ORDER BY f."organizationId" LIMIT 1)
    FROM waiting_orgs w WHERE w.id IS NOT NULL
  ), orgs AS MATERIALIZED (
    SELECT o.id, i.inflight,
           CASE WHEN o."maxConcurrentJobs" IS NULL THEN $2 ELSE least($2, greatest(0, o."maxConcurrentJobs" - i.inflight)) END AS room
    FROM organizations o
    CROSS JOIN LATERAL (
      -- One equality per status (an index condition on both columns whatever the statistics say).
      SELECT (SELECT count(*)::int FROM fine_tuning_jobs f WHERE f."organizationId" = o.id AND f.status = 'running')
               + (SELECT count(*)::int FROM fine_tuning_jobs f WHERE f."organizationId" = o.id AND f.status = 'pausing')
               + (SELECT coalesce(sum(c.dispatched), 0)::int FROM job_queue_counts c WHERE c."organizationId" = o.id) AS inflight
    ) i
    WHERE o.id IN (SELECT id FROM waiting_orgs WHERE id IS NOT NULL)
  ), chosen AS (
    SELECT r.id, r.priority, r."createdAt", (orgs.inflight + r.rank)::int AS slot
    FROM orgs CROSS JOIN LATERAL (
      SELECT t.id, t.priority, t."createdAt", row_number() OVER (ORDER BY t.priority DESC, t."createdAt" ASC, t.id ASC) AS rank
      FROM (
        SELECT f.id, f.priority, f."createdAt" FROM fine_tuning_jobs f
        WHERE f.status = 'queued' AND f."dispatchedAt" IS NULL AND f."workerClass" = $1 AND f."organizationId" = orgs.id
        ORDER BY f.priority DESC, f."createdAt" ASC, f.id ASC LIMIT orgs.room
      ) t
    ) r
  ), locked AS (
    SELECT f.id FROM fine_tuning_jobs f
    WHERE f.id IN (SELECT id FROM chosen) AND f.status = 'queued' AND f."dispatchedAt" IS NULL
    FOR UPDATE OF f
  ), marked AS (
    -- All chosen rows are locked (the sort reads every one) before the first is updated: an
    -- update's trigger locks this session's job_queue_counts row of the organization, and a
    -- cancel holding a chosen job while it waits for that row (same shard) must not wait on
    -- this pass in turn. A job changed meanwhile is locked as it is now, and taken only if
    -- still waiting.
    UPDATE fine_tuning_jobs f SET "dispatchedAt" = $3, "dispatchCount" = f."dispatchCount" + 1, "updatedAt" = $3
    FROM (SELECT id FROM locked ORDER BY id) l WHERE f.id = l.id
    RETURNING f.id, f."organizationId", f."dispatchCount", f.traceparent
  )
  SELECT m.id, m."organizationId", m."dispatchCount", m.traceparent, c.slot AS rank
  FROM marked m JOIN chosen c ON c.id = m.id
  ORDER BY c.priority DESC, c."createdAt" ASC, c.id ASC`;

interface Chosen {
  id: string;
  organizationId: string;
  dispatchCount: number;
  traceparent: string | null;
  rank: number;
}

/**
 * Chooses and marks one pass's jobs on the pg pool: BEGIN, the class's advisory lock (its own
 * statement, so the choice's snapshot follows it and sees every pass committed before), the
 * choice, COMMIT.
 */
async function chooseJobs(db: Db, workerClass: string, now: Date): Promise<Chosen[]> {
  return inPoolTransaction(db.pool, async (client) => {
    const { rows: [lock] } = await client.query<{ locked: boolean }>(
      statement('dispatch_lock', 'SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked', ['whetstone.dispatch.' + workerClass]),
    );
    return lock?.locked ? (await client.query<Chosen>(statement('dispatch_choose', CHOOSE_AND_MARK, [workerClass, CANDIDATES_PER_ORGANIZATION, now]))).rows : [];
  });
}

/**
 * One dispatch pass over a worker class (see dispatchPending): the jobs it put on the queue.
 * `withQueue` also reads their queue positions after the pass's commit, in one statement beside
 * the enqueue (the creates waiting on the pass answer with them).
 */
export async function dispatchWorkerClass(deps: DispatchDeps, workerClass: string, options: { withQueue?: boolean } = {}): Promise<DispatchedJob[]> {
  const now = new Date();
  const selected = await chooseJobs(deps.db, workerClass, now);

  if (selected.length === 0) return [];
  // A failed read costs only this shortcut: a create then reads its own position.
  const positions = options.withQueue
    ? queueInfos(
        deps.db,
        selected.map((job) => job.id),
      ).catch(() => new Map<string, QueueInfo>())
    : null;
  try {
    // The run joins the trace of the request that created the job, whoever dispatches it.
    await deps.producers.trainJobs(
      workerClass,
      selected.map((job) => ({
        payload: { organizationId: job.organizationId, jobId: job.id, trace: job.traceparent ? { traceparent: job.traceparent } : undefined },
        options: { priority: job.rank, dispatch: job.dispatchCount },
      })),
    );
  } catch (err) {
    // Back to the waiting room, all of the pass (one MULTI: none was added); the next dispatch (or the reconciler) tries again.
    deps.logger?.error({ err, jobIds: selected.map((job) => job.id) }, 'could not enqueue jobs; will retry');
    await deps.db.fineTuningJob.updateMany({ where: { id: { in: selected.map((job) => job.id) }, status: 'queued' }, data: { dispatchedAt: null } });
    await positions;
    return [];
  }
  const queues = await positions;
  return selected.map((job) => ({ id: job.id, dispatchedAt: now, dispatchCount: job.dispatchCount, queue: queues?.get(job.id) }));
}

/** The BullMQ job id of a job's current dispatch. */
export function trainQueueJobId(jobId: string, dispatchCount: number): string {
  return `train.${jobId}.${dispatchCount}`;
}
