import type { Db } from '@whetstone/db';
import type { Producers } from '@whetstone/queue';
import { dispatchPending, trainQueueJobId } from './dispatch';
import { recordJobEvent } from './job-events';
import { transitionJob } from './job-state';
import type { CreateJobContext } from './create-job';
import { settleValidatingJob } from './settle-validating-job';

const LIVE_STATES = new Set(['waiting', 'prioritized', 'active', 'delayed', 'waiting-children']);

/**
 * Repairs disagreements between Postgres (the truth) and Redis (work to do), then dispatches:
 * - a queued job marked dispatched whose BullMQ entry is gone (Redis lost it) is put back in the
 *   waiting room and dispatched again;
 * - a running job whose BullMQ entry is gone lost its worker and its queue entry: the attempt is
 *   closed as worker_lost and the job is queued again to resume from its latest checkpoint.
 * - a job still in validating_files whose files are done is settled (queued or failed).
 * (A worker that dies while Redis keeps the entry is handled by BullMQ's stalled-job recovery.)
 */
export async function reconcileJobs(
  deps: { db: Db; producers: Producers; logger?: { warn(details: object, message: string): void; error(details: object, message: string): void }; planning?: Omit<CreateJobContext, 'db'> },
  options: { graceMs?: number } = {},
) {
  const graceMs = options.graceMs ?? 10_000;
  const cutoff = new Date(Date.now() - graceMs);
  // A job left in validating_files after its files finished (the validator died between the two).
  if (deps.planning) {
    const waiting = await deps.db.fineTuningJob.findMany({ where: { status: 'validating_files', updatedAt: { lt: cutoff } }, select: { id: true, organizationId: true }, take: 100 });
    for (const job of waiting) {
      await settleValidatingJob({ ...deps, ...deps.planning }, job).catch((err) => deps.logger?.error({ err, jobId: job.id }, 'could not settle a validating job'));
    }
  }
  const suspects = await deps.db.fineTuningJob.findMany({
    where: {
      OR: [
        { status: 'queued', dispatchedAt: { not: null, lt: cutoff } },
        { status: { in: ['running', 'pausing'] }, updatedAt: { lt: cutoff } },
      ],
    },
    select: { id: true, organizationId: true, status: true, workerClass: true, dispatchCount: true },
  });
  let repaired = 0;
  for (const job of suspects) {
    const entry = await deps.producers.queue(`training-${job.workerClass}`).getJob(trainQueueJobId(job.id, job.dispatchCount));
    const state = entry ? await entry.getState() : 'missing';
    if (LIVE_STATES.has(state)) continue;
    repaired++;
    deps.logger?.warn({ jobId: job.id, status: job.status, queueState: state }, 'job lost from the queue; re-dispatching');
    await deps.db.$transaction(async (tx) => {
      if (job.status === 'queued') {
        await tx.fineTuningJob.updateMany({ where: { id: job.id, status: 'queued' }, data: { dispatchedAt: null } });
        return;
      }
      if (await transitionJob(tx, job, ['running', 'pausing'], 'queued', { dispatchedAt: null })) {
        await tx.jobAttempt.updateMany({ where: { jobId: job.id, endedAt: null }, data: { endedAt: new Date(), endReason: 'worker_lost' } });
        await recordJobEvent(tx, job, { level: 'warn', message: 'The worker running this job was lost; it will resume from its latest checkpoint.' });
      }
    });
  }
  const dispatched = await dispatchPending(deps);
  return { repaired, dispatched };
}
