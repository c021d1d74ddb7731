import { AppError } from '@whetstone/common';
import type { Db, FineTuningJob, Prisma } from '@whetstone/db';
import type { Producers } from '@whetstone/queue';
import { reserveJobQuota } from '../tenants/job-quota-reservation';
import { createJobRequestSchema } from './create-job-request';
import { planValidatedJob, recordValidated, type CreateJobContext } from './create-job';
import { dispatchPending } from './dispatch';
import { recordJobEvent } from './job-events';
import { transitionJob } from './job-state';

export interface SettleDeps extends CreateJobContext {
  producers: Producers;
  logger?: { error(details: object, message: string): void };
}

export type SettleOutcome = 'queued' | 'failed' | 'waiting' | 'skipped';

/**
 * Moves a job out of `validating_files` once its files are done: queued with its spec resolved
 * from the validated data (then dispatched), or failed with the file's validation error (code
 * and message) or whatever else the data makes impossible (wrong format, token quota). Safe to
 * call any number of times from anyone: the API right after creating, the dataset worker after
 * each validation, the reconciler; the conditional transition lets exactly one win.
 */
export async function settleValidatingJob(deps: SettleDeps, ref: { id: string; organizationId: string }): Promise<SettleOutcome> {
  const job = await deps.db.fineTuningJob.findFirst({ where: { id: ref.id, organizationId: ref.organizationId, status: 'validating_files' } });
  if (!job) return 'skipped';
  const org = await deps.db.organization.findUniqueOrThrow({ where: { id: job.organizationId } });
  const request = createJobRequestSchema.parse(job.requested);
  try {
    const plan = await planValidatedJob(deps, org, request);
    if (plan === 'waiting') return 'waiting';
    const queued = await deps.db.$transaction(async (tx) => {
      await reserveJobQuota(tx, org, { estimatedTokens: plan.spec.estimates.total_trained_tokens, holdsQueuedSlot: true });
      const ok = await transitionJob(tx, job, ['validating_files'], 'queued', {
        spec: plan.spec as unknown as Prisma.InputJsonValue,
        queuedAt: new Date(),
        progress: { step: 0, total_steps: plan.spec.estimates.total_steps },
      });
      if (ok) await recordValidated(tx, job, plan);
      return ok;
    });
    if (!queued) return 'skipped';
    await dispatchPending(deps, job.workerClass).catch((err) => deps.logger?.error({ err, jobId: job.id }, 'dispatch after validation failed; the reconciler retries'));
    return 'queued';
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500) throw err;
    return (await failValidatingJob(deps.db, job, { code: err.code, message: err.message, param: err.param })) ? 'failed' : 'skipped';
  }
}

async function failValidatingJob(db: Db, job: FineTuningJob, error: { code: string; message: string; param: string | null }): Promise<boolean> {
  return db.$transaction(async (tx) => {
    if (!(await transitionJob(tx, job, ['validating_files'], 'failed', { error }))) return false;
    await recordJobEvent(tx, job, { level: 'error', message: `Fine-tuning failed: ${error.message}`, webhook: 'fine_tuning.job.failed', webhookData: { status: 'failed', error } });
    return true;
  });
}

/** Settles every job waiting on a file whose validation just ended (processed or error). */
export async function settleJobsAwaitingFile(deps: SettleDeps, file: { organizationId: string; fileId: string }): Promise<SettleOutcome[]> {
  const jobs = await deps.db.fineTuningJob.findMany({
    where: { organizationId: file.organizationId, status: 'validating_files', OR: [{ trainingFileId: file.fileId }, { validationFileId: file.fileId }] },
    select: { id: true, organizationId: true },
  });
  const outcomes: SettleOutcome[] = [];
  for (const job of jobs) outcomes.push(await settleValidatingJob(deps, job));
  return outcomes;
}
