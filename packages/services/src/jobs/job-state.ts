import { ConflictError } from '@whetstone/common';
import type { JobStatus, Prisma, Tx } from '@whetstone/db';

/**
 * The one place that knows which status changes are allowed. Every change goes through
 * `transitionJob`, which updates only if the job is still in the expected status (so two
 * actors racing — a cancel and a worker finishing — cannot both win).
 */
export const JOB_TRANSITIONS: Record<JobStatus, readonly JobStatus[]> = {
  validating_files: ['queued', 'failed', 'cancelled'],
  queued: ['running', 'paused', 'cancelled', 'failed'],
  // running → queued: a transient failure or a lost worker; the job waits to be resumed.
  running: ['pausing', 'paused', 'queued', 'succeeded', 'failed', 'cancelled'],
  pausing: ['paused', 'queued', 'succeeded', 'failed', 'cancelled'],
  paused: ['queued', 'cancelled'],
  succeeded: [],
  failed: [],
  cancelled: [],
};

export const TERMINAL_STATUSES: readonly JobStatus[] = ['succeeded', 'failed', 'cancelled'];
export const ACTIVE_STATUSES: readonly JobStatus[] = ['validating_files', 'queued', 'running', 'pausing', 'paused'];

export function canTransition(from: JobStatus, to: JobStatus): boolean {
  return JOB_TRANSITIONS[from].includes(to);
}

/** Moves a job from one of `from` to `to`; returns false when it was no longer in `from`. */
export async function transitionJob(
  tx: Tx,
  job: { id: string; organizationId: string },
  from: readonly JobStatus[],
  to: JobStatus,
  data: Omit<Prisma.FineTuningJobUpdateManyMutationInput, 'status'> = {},
): Promise<boolean> {
  const allowed = from.filter((status) => canTransition(status, to));
  if (allowed.length === 0) throw new Error(`no allowed transition from ${from.join('|')} to ${to}`);
  const finished = TERMINAL_STATUSES.includes(to) ? { finishedAt: new Date() } : {};
  const result = await tx.fineTuningJob.updateMany({
    where: { id: job.id, organizationId: job.organizationId, status: { in: [...allowed] } },
    data: { ...finished, ...data, status: to },
  });
  return result.count === 1;
}

/** For user actions: a clear 409 when the job's status does not allow the action. */
export function assertCanTransition(jobId: string, from: JobStatus, to: JobStatus, action: string): void {
  if (!canTransition(from, to)) {
    throw new ConflictError(`Cannot ${action} fine-tuning job ${jobId}: it is ${from}.`, 'invalid_job_state', 'fine_tuning_job_id');
  }
}
