import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newId } from '@whetstone/common';
import type { Db, FineTuningJob, Prisma } from '@whetstone/db';
import {
  chargeJobUsage,
  fineTunedModelName,
  recordJobEvent,
  recordResultsFile,
  StorageReservation,
  storeResultsFile,
  transitionJob,
  type StoredResultsFile,
} from '@whetstone/services';
import { objectKeys, type ObjectStore } from '@whetstone/storage';
import { saveTrainedModel, type TrainedModel } from '@whetstone/trainer';

/**
 * Publishes the delivered weights (PEFT adapter folder, or a full model folder with the tokenizer
 * files) to object storage, then in one transaction registers the model, marks the job succeeded,
 * records usage, the results file (metrics CSV) and the events. Uploading first means a
 * registered model always has its files.
 */
export async function finishSucceeded(
  deps: { db: Db; store: ObjectStore },
  job: FineTuningJob,
  result: { model: TrainedModel; trainedTokens: number; step: number; delivered: { step: number; selection: string } },
  modelDir: string,
  attemptId: string,
): Promise<string> {
  const prefix = objectKeys.jobResult(job.organizationId, job.id);
  const dir = mkdtempSync(join(tmpdir(), 'whetstone-result-'));
  // The weights' bytes are reserved against the storage quota before they are uploaded; a model
  // that does not fit fails the job (QuotaError) with nothing stored.
  const weights = new StorageReservation(deps.db, job.organizationId);
  let results: StoredResultsFile | undefined;
  let weightBytes = 0;
  try {
    try {
      await saveTrainedModel(dir, result.model, modelDir);
      weightBytes = folderBytes(dir);
      await weights.reserve(weightBytes);
      await deps.store.putFolder(prefix, dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    results = await storeResultsFile(deps, job);
  } catch (err) {
    await deps.store.deletePrefix(prefix).catch(() => undefined);
    await weights.release().catch(() => undefined);
    throw err;
  }
  const stored = results;
  // Named after the base model, also when the job continued from a fine-tuned model.
  const base = await deps.db.baseModel.findUniqueOrThrow({ where: { id: job.baseModelId }, select: { name: true } });
  const name = fineTunedModelName(job, base.name);
  const finished = await deps.db.$transaction(async (tx) => {
    const update = { fineTunedModel: name, trainedTokens: BigInt(result.trainedTokens), estimatedFinish: null, resultFileId: stored.id };
    if (!(await transitionJob(tx, job, ['running', 'pausing'], 'succeeded', update))) return false;
    await recordResultsFile(tx, job, stored);
    await weights.commit(tx, weightBytes);
    await tx.fineTunedModel.upsert({
      where: { jobId: job.id },
      create: {
        id: newId('fineTunedModel'),
        organizationId: job.organizationId,
        name,
        baseModelId: job.baseModelId,
        jobId: job.id,
        kind: result.model.kind === 'lora' ? 'lora_adapter' : 'full_weights',
        storagePrefix: prefix,
        bytes: BigInt(weightBytes),
      },
      update: { storagePrefix: prefix, bytes: BigInt(weightBytes) },
    });
    await tx.jobAttempt.update({ where: { id: attemptId }, data: { endedAt: new Date(), toStep: result.step, endReason: 'completed' } });
    await chargeJobUsage(tx, job, { trainedTokens: result.trainedTokens });
    const delivered = { step: result.delivered.step, selection: result.delivered.selection } as Prisma.InputJsonObject;
    await recordJobEvent(tx, job, { message: `New fine-tuned model created: ${name}`, data: { fine_tuned_model: name, delivered } });
    await recordJobEvent(tx, job, {
      message: 'The job has successfully completed',
      webhook: 'fine_tuning.job.succeeded',
      webhookData: { status: 'succeeded', fine_tuned_model: name, trained_tokens: result.trainedTokens, result_files: [stored.id] },
    });
    return true;
  });
  if (!finished) {
    // Someone else finished the job first: this run's results file is not listed anywhere, and
    // the weights it uploaded over the same prefix are counted by that run.
    await deps.store.delete(stored.storageKey).catch(() => undefined);
    await stored.reservation.release().catch(() => undefined);
    await weights.release().catch(() => undefined);
  }
  return name;
}

/** Total size of the files directly in `dir` (what putFolder uploads). */
function folderBytes(dir: string): number {
  return readdirSync(dir).reduce((sum, name) => {
    const stat = statSync(join(dir, name));
    return stat.isFile() ? sum + stat.size : sum;
  }, 0);
}

/** Fails the job once, with an error the user can act on, charging what it trained until then. */
export async function finishFailed(
  db: Db,
  job: FineTuningJob,
  attemptId: string | null,
  error: { code: string; message: string; param?: string | null },
  progress: { step?: number; trainedTokens: number },
) {
  await db.$transaction(async (tx) => {
    const payload = { code: error.code, message: error.message, param: error.param ?? null };
    if (!(await transitionJob(tx, job, ['queued', 'running', 'pausing'], 'failed', { error: payload, estimatedFinish: null }))) return;
    if (attemptId) await tx.jobAttempt.update({ where: { id: attemptId }, data: { endedAt: new Date(), endReason: `failed: ${error.code}`, toStep: progress.step } });
    await chargeJobUsage(tx, job, { trainedTokens: progress.trainedTokens });
    await recordJobEvent(tx, job, { level: 'error', message: `Fine-tuning failed: ${error.message}`, webhook: 'fine_tuning.job.failed', webhookData: { status: 'failed', error: payload } });
  });
}

/** A user's cancel or pause took effect at `step`; a cancelled job is charged what it trained. */
export async function finishStopped(db: Db, job: FineTuningJob, attemptId: string, reason: 'cancel' | 'pause', step: number, trainedTokens: number) {
  await db.$transaction(async (tx) => {
    const to = reason === 'cancel' ? 'cancelled' : 'paused';
    const ok = await transitionJob(tx, job, ['running', 'pausing'], to, { estimatedFinish: null, pauseRequested: false, dispatchedAt: null });
    if (!ok) return;
    await tx.jobAttempt.update({ where: { id: attemptId }, data: { endedAt: new Date(), endReason: to, toStep: step } });
    if (to === 'cancelled') await chargeJobUsage(tx, job, { trainedTokens });
    else await tx.fineTuningJob.updateMany({ where: { id: job.id, organizationId: job.organizationId }, data: { trainedTokens: BigInt(trainedTokens) } });
    await recordJobEvent(tx, job, {
      message: reason === 'cancel' ? `Job cancelled at step ${step}` : `Job paused at step ${step}; resume continues from here`,
      webhook: reason === 'cancel' ? 'fine_tuning.job.cancelled' : 'fine_tuning.job.paused',
      webhookData: { status: to, step },
    });
  });
}

/**
 * This worker is shutting down: the job, checkpointed at `step`, goes back to the waiting room
 * (queued, not dispatched) for another worker to resume. False when the job is no longer running
 * (a user's pause or cancel got there first; the caller finishes that instead).
 */
export async function finishHandedBack(db: Db, job: FineTuningJob, attemptId: string, step: number, trainedTokens: number): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const data = { dispatchedAt: null, estimatedFinish: null, trainedTokens: BigInt(trainedTokens) };
    if (!(await transitionJob(tx, job, ['running'], 'queued', data))) return false;
    await tx.jobAttempt.update({ where: { id: attemptId }, data: { endedAt: new Date(), endReason: 'worker_shutdown', toStep: step } });
    await recordJobEvent(tx, job, {
      message: `The worker is shutting down; the job is queued again and resumes from step ${step} on another worker.`,
      webhook: 'fine_tuning.job.queued',
      webhookData: { status: 'queued', step },
    });
    return true;
  });
}
