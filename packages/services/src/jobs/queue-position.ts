import type { Db, FineTuningJob } from '@whetstone/db';
import type { QueueInfo } from './job-object';
import type { JobSpec } from './job-spec';

const remainingSeconds = (job: Pick<FineTuningJob, 'spec' | 'progress'>) => {
  const estimate = (job.spec as unknown as JobSpec).estimates?.estimated_seconds ?? 0;
  const progress = job.progress as { step?: number; total_steps?: number } | null;
  const done = progress?.total_steps ? (progress.step ?? 0) / progress.total_steps : 0;
  return estimate * (1 - done);
};

/**
 * Where a queued job stands in its worker class: jobs already handed to workers come first (in
 * dispatch order), then the tenant's own waiting jobs ahead of it. The start estimate spreads the
 * remaining work ahead over the workers currently busy in the class (at least one).
 */
export async function queueInfo(db: Db, job: FineTuningJob): Promise<QueueInfo | null> {
  if (job.status !== 'queued') return null;
  const select = { id: true, spec: true, progress: true } as const;
  const [dispatchedAhead, ownAhead, running] = await Promise.all([
    db.fineTuningJob.findMany({
      where: {
        workerClass: job.workerClass,
        status: 'queued',
        dispatchedAt: job.dispatchedAt ? { lt: job.dispatchedAt } : { not: null },
        id: { not: job.id },
      },
      select,
    }),
    job.dispatchedAt
      ? Promise.resolve([])
      : db.fineTuningJob.findMany({
          where: {
            organizationId: job.organizationId,
            workerClass: job.workerClass,
            status: 'queued',
            dispatchedAt: null,
            id: { not: job.id },
            OR: [{ priority: { gt: job.priority } }, { priority: job.priority, createdAt: { lt: job.createdAt } }],
          },
          select,
        }),
    db.fineTuningJob.findMany({ where: { workerClass: job.workerClass, status: { in: ['running', 'pausing'] } }, select }),
  ]);
  const ahead = [...dispatchedAhead, ...ownAhead];
  const workers = Math.max(1, running.length);
  const secondsAhead = [...ahead, ...running].reduce((sum, j) => sum + remainingSeconds(j), 0) / workers;
  return { position: ahead.length + 1, estimated_start: Math.floor(Date.now() / 1000 + secondsAhead) };
}
