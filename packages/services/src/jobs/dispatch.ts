import type { Db } from '@whetstone/db';
import type { Producers } from '@whetstone/queue';

export interface DispatchDeps {
  db: Db;
  producers: Producers;
  logger?: { error(details: object, message: string): void };
}

interface Candidate {
  id: string;
  organizationId: string;
  /** The organization's max_concurrent_jobs (null: unlimited). */
  maxConcurrentJobs: number | null;
  /** The organization's jobs running or already handed to BullMQ. */
  inflight: number;
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
}

/** Per pass; an organization allowed more at once gets the rest on the next pass. */
const CANDIDATES_PER_ORGANIZATION = 100;

/** One dispatch pass over a worker class (see dispatchPending): the jobs it put on the queue. */
export async function dispatchWorkerClass(deps: DispatchDeps, workerClass: string): Promise<DispatchedJob[]> {
  const selected = await deps.db.$transaction(async (tx) => {
    const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(hashtext(${'whetstone.dispatch.' + workerClass})) AS locked`;
    if (!lock?.locked) return [];
    // Each organization's first candidates, however deep another's queue is: a tenant with
    // thousands of jobs it may not start cannot push everyone else out of the window. Each comes
    // with its organization's limit and in-flight count (one round trip).
    const candidates = await tx.$queryRaw<Candidate[]>`
      WITH ranked AS (
        SELECT id, "organizationId", priority, "createdAt",
               row_number() OVER (PARTITION BY "organizationId" ORDER BY priority DESC, "createdAt" ASC, id ASC) AS rank
        FROM fine_tuning_jobs
        WHERE status = 'queued' AND "dispatchedAt" IS NULL AND "workerClass" = ${workerClass}
      ), orgs AS (
        SELECT o.id, o."maxConcurrentJobs",
               (SELECT count(*)::int FROM fine_tuning_jobs f
                 WHERE f."organizationId" = o.id
                   AND (f.status IN ('running', 'pausing') OR (f.status = 'queued' AND f."dispatchedAt" IS NOT NULL))) AS inflight
        FROM organizations o WHERE o.id IN (SELECT DISTINCT "organizationId" FROM ranked WHERE rank <= ${CANDIDATES_PER_ORGANIZATION})
      )
      SELECT r.id, r."organizationId", orgs."maxConcurrentJobs", orgs.inflight
      FROM ranked r JOIN orgs ON orgs.id = r."organizationId"
      WHERE r.rank <= ${CANDIDATES_PER_ORGANIZATION}
      ORDER BY r.priority DESC, r."createdAt" ASC, r.id ASC`;
    if (candidates.length === 0) return [];
    const count = new Map(candidates.map((c) => [c.organizationId, c.inflight]));
    const rank = new Map<string, number>();
    for (const candidate of candidates) {
      const used = count.get(candidate.organizationId)!;
      const max = candidate.maxConcurrentJobs;
      if (max !== null && used >= max) continue;
      count.set(candidate.organizationId, used + 1);
      rank.set(candidate.id, used + 1);
    }
    if (rank.size === 0) return [];
    // One statement for every chosen job; BullMQ priority is the rank chosen above.
    const now = new Date();
    const updated = await tx.$queryRaw<{ id: string; organizationId: string; dispatchCount: number; traceparent: string | null }[]>`
      UPDATE fine_tuning_jobs SET "dispatchedAt" = ${now}, "dispatchCount" = "dispatchCount" + 1, "updatedAt" = ${now}
      WHERE id = ANY(${[...rank.keys()]}) RETURNING id, "organizationId", "dispatchCount", traceparent`;
    // Enqueued in the candidates' order (priority, then age), as they were chosen.
    const order = new Map(candidates.map((c, i) => [c.id, i]));
    return updated.map((job) => ({ ...job, dispatchedAt: now, rank: rank.get(job.id)! })).sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  });

  const dispatched: DispatchedJob[] = [];
  for (const job of selected) {
    try {
      // The run joins the trace of the request that created the job, whoever dispatches it.
      const trace = job.traceparent ? { traceparent: job.traceparent } : undefined;
      await deps.producers.trainJob(workerClass, { organizationId: job.organizationId, jobId: job.id, trace }, { priority: job.rank, dispatch: job.dispatchCount });
      dispatched.push({ id: job.id, dispatchedAt: job.dispatchedAt, dispatchCount: job.dispatchCount });
    } catch (err) {
      // Back to the waiting room; the next dispatch (or the reconciler) tries again.
      deps.logger?.error({ err, jobId: job.id }, 'could not enqueue job; will retry');
      await deps.db.fineTuningJob.updateMany({ where: { id: job.id, status: 'queued' }, data: { dispatchedAt: null } });
    }
  }
  return dispatched;
}

/** The BullMQ job id of a job's current dispatch. */
export function trainQueueJobId(jobId: string, dispatchCount: number): string {
  return `train.${jobId}.${dispatchCount}`;
}
