import { ConflictError } from '@whetstone/common';
import type { Db } from '@whetstone/db';
import type { Producers } from '@whetstone/queue';
import { dispatchPending, trainQueueJobId } from './dispatch';
import { findJob } from './find-jobs';
import { chargeJobUsage, progressTrainedTokens } from './charge-job-usage';
import { recordJobEvent } from './job-events';
import { assertCanTransition, transitionJob } from './job-state';
import { reserveJobQuota } from '../tenants/job-quota-reservation';

export interface ControlDeps {
  db: Db;
  producers: Producers;
}

/** Removes a job's waiting BullMQ entry, if any (a job a worker holds is stopped by the worker). */
async function withdrawFromQueue(deps: ControlDeps, job: { id: string; workerClass: string; dispatchCount: number }) {
  const queued = await deps.producers.queue(`training-${job.workerClass}`).getJob(trainQueueJobId(job.id, job.dispatchCount));
  if (queued && !(await queued.isActive())) await queued.remove().catch(() => undefined);
}

/**
 * Cancel: a job not yet on a worker is cancelled at once; a running one is flagged and its worker
 * stops within one step, then records `cancelled`. Cancelling a finished job is a 409.
 */
export async function cancelJob(deps: ControlDeps, orgId: string, jobId: string) {
  const job = await findJob(deps.db, orgId, jobId);
  assertCanTransition(job.id, job.status, 'cancelled', 'cancel');
  if (job.status === 'running' || job.status === 'pausing') {
    await deps.db.$transaction(async (tx) => {
      await tx.fineTuningJob.updateMany({ where: { id: job.id, organizationId: orgId }, data: { cancelRequested: true } });
      await recordJobEvent(tx, job, { message: 'Cancellation requested; the job stops after its current step.' });
    });
  } else {
    const cancelled = await deps.db.$transaction(async (tx) => {
      const ok = await transitionJob(tx, job, ['queued', 'paused', 'validating_files'], 'cancelled', { dispatchedAt: null });
      if (ok) {
        // A paused job may have trained already: that much is charged, the rest of its reservation released.
        await chargeJobUsage(tx, job, { trainedTokens: progressTrainedTokens(job.progress) });
        await recordJobEvent(tx, job, { message: 'Job cancelled', webhook: 'fine_tuning.job.cancelled', webhookData: { status: 'cancelled' } });
      }
      return ok;
    });
    if (cancelled) {
      await withdrawFromQueue(deps, job);
      await dispatchPending(deps, job.workerClass);
    } else {
      // It started meanwhile: fall back to asking the worker.
      await deps.db.fineTuningJob.updateMany({ where: { id: job.id, organizationId: orgId, status: { in: ['running', 'pausing'] } }, data: { cancelRequested: true } });
    }
  }
  return findJob(deps.db, orgId, jobId);
}

/**
 * Pause: a queued job is parked at once; a running one moves to `pausing`, its worker writes a
 * checkpoint, frees itself and records `paused`. Resume continues from that checkpoint.
 */
export async function pauseJob(deps: ControlDeps, orgId: string, jobId: string) {
  const job = await findJob(deps.db, orgId, jobId);
  assertCanTransition(job.id, job.status, job.status === 'running' ? 'pausing' : 'paused', 'pause');
  await deps.db.$transaction(async (tx) => {
    if (job.status === 'running') {
      if (await transitionJob(tx, job, ['running'], 'pausing', { pauseRequested: true })) {
        await recordJobEvent(tx, job, { message: 'Pause requested; the job checkpoints after its current step.' });
      }
    } else if (await transitionJob(tx, job, ['queued'], 'paused', { dispatchedAt: null })) {
      await recordJobEvent(tx, job, { message: 'Job paused', webhook: 'fine_tuning.job.paused', webhookData: { status: 'paused' } });
    }
  });
  if (job.status === 'queued') {
    await withdrawFromQueue(deps, job);
    await dispatchPending(deps, job.workerClass);
  }
  return findJob(deps.db, orgId, jobId);
}

/** Resume: a paused job is queued again and continues from its latest checkpoint. */
export async function resumeJob(deps: ControlDeps, orgId: string, jobId: string) {
  const job = await findJob(deps.db, orgId, jobId);
  const org = await deps.db.organization.findUniqueOrThrow({ where: { id: orgId } });
  // running → queued exists for lost workers, but only a paused job can be resumed by a user.
  if (job.status !== 'paused') {
    throw new ConflictError(`Cannot resume fine-tuning job ${job.id}: it is ${job.status}, not paused.`, 'invalid_job_state', 'fine_tuning_job_id');
  }
  await deps.db.$transaction(async (tx) => {
    // A paused job already holds its token reservation; it needs a queued slot again.
    await reserveJobQuota(tx, org, { estimatedTokens: 0 });
    if (await transitionJob(tx, job, ['paused'], 'queued', { pauseRequested: false, dispatchedAt: null, queuedAt: new Date() })) {
      await recordJobEvent(tx, job, { message: 'Job resumed', webhook: 'fine_tuning.job.resumed', webhookData: { status: 'queued' } });
    }
  });
  await dispatchPending(deps, job.workerClass);
  return findJob(deps.db, orgId, jobId);
}
