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
  for (const cls of classes) dispatched.push(...(await dispatchClass(deps, cls)));
  return dispatched;
}

/** Per pass; an organization allowed more at once gets the rest on the next pass. */
const CANDIDATES_PER_ORGANIZATION = 100;

async function dispatchClass(deps: DispatchDeps, workerClass: string): Promise<string[]> {
  const selected = await deps.db.$transaction(async (tx) => {
    const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(hashtext(${'whetstone.dispatch.' + workerClass})) AS locked`;
    if (!lock?.locked) return [];
    // Each organization's first candidates, however deep another's queue is: a tenant with
    // thousands of jobs it may not start cannot push everyone else out of the window.
    const candidates = await tx.$queryRaw<Candidate[]>`
      SELECT id, "organizationId" FROM (
        SELECT id, "organizationId", priority, "createdAt",
               row_number() OVER (PARTITION BY "organizationId" ORDER BY priority DESC, "createdAt" ASC, id ASC) AS rank
        FROM fine_tuning_jobs
        WHERE status = 'queued' AND "dispatchedAt" IS NULL AND "workerClass" = ${workerClass}
      ) AS ranked
      WHERE rank <= ${CANDIDATES_PER_ORGANIZATION}
      ORDER BY priority DESC, "createdAt" ASC, id ASC`;
    if (candidates.length === 0) return [];
    const orgIds = [...new Set(candidates.map((c) => c.organizationId))];
    const [orgs, inflight] = await Promise.all([
      tx.organization.findMany({ where: { id: { in: orgIds } }, select: { id: true, maxConcurrentJobs: true } }),
      tx.fineTuningJob.groupBy({
        by: ['organizationId'],
        where: {
          organizationId: { in: orgIds },
          OR: [{ status: { in: ['running', 'pausing'] } }, { status: 'queued', dispatchedAt: { not: null } }],
        },
        _count: true,
      }),
    ]);
    const limit = new Map(orgs.map((o) => [o.id, o.maxConcurrentJobs]));
    const count = new Map(inflight.map((g) => [g.organizationId, g._count]));
    const chosen: { id: string; rank: number }[] = [];
    for (const candidate of candidates) {
      const used = count.get(candidate.organizationId) ?? 0;
      const max = limit.get(candidate.organizationId);
      if (max !== null && max !== undefined && used >= max) continue;
      count.set(candidate.organizationId, used + 1);
      chosen.push({ id: candidate.id, rank: used + 1 });
    }
    const now = new Date();
    const out: { id: string; organizationId: string; rank: number; dispatchCount: number; traceparent: string | null }[] = [];
    for (const choice of chosen) {
      const job = await tx.fineTuningJob.update({
        where: { id: choice.id },
        data: { dispatchedAt: now, dispatchCount: { increment: 1 } },
        select: { id: true, organizationId: true, dispatchCount: true, traceparent: true },
      });
      out.push({ ...job, rank: choice.rank });
    }
    return out;
  });

  const dispatched: string[] = [];
  for (const job of selected) {
    try {
      // The run joins the trace of the request that created the job, whoever dispatches it.
      const trace = job.traceparent ? { traceparent: job.traceparent } : undefined;
      await deps.producers.trainJob(workerClass, { organizationId: job.organizationId, jobId: job.id, trace }, { priority: job.rank, dispatch: job.dispatchCount });
      dispatched.push(job.id);
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
