import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newId } from '@whetstone/common';
import type { Db, FineTuningJob, Prisma } from '@whetstone/db';
import { recordJobEvent, transitionJob } from '@whetstone/services';
import { objectKeys, type ObjectStore } from '@whetstone/storage';
import { saveTrainedModel, type TrainedModel } from '@whetstone/trainer';

/** `ft:<base>:<org>:<suffix>:<job id>`, as OpenAI names fine-tuned models. */
export function fineTunedModelName(job: Pick<FineTuningJob, 'model' | 'organizationId' | 'suffix' | 'id'>): string {
  return `ft:${job.model}:${job.organizationId}:${job.suffix ?? ''}:${job.id}`;
}

/**
 * Publishes the delivered weights (PEFT adapter folder, or a full model folder with the tokenizer
 * files) to object storage, then in one transaction registers the model, marks the job succeeded,
 * records usage and the events. Uploading first means a registered model always has its files.
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
  try {
    await saveTrainedModel(dir, result.model, modelDir);
    await deps.store.putFolder(prefix, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const name = fineTunedModelName(job);
  await deps.db.$transaction(async (tx) => {
    if (!(await transitionJob(tx, job, ['running', 'pausing'], 'succeeded', { fineTunedModel: name, trainedTokens: BigInt(result.trainedTokens), estimatedFinish: null }))) return;
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
      },
      update: { storagePrefix: prefix },
    });
    const now = new Date();
    await tx.jobAttempt.update({ where: { id: attemptId }, data: { endedAt: now, toStep: result.step, endReason: 'completed' } });
    const attempts = await tx.jobAttempt.findMany({ where: { jobId: job.id } });
    const seconds = attempts.reduce((sum, a) => sum + ((a.endedAt ?? now).getTime() - a.startedAt.getTime()) / 1000, 0);
    await tx.usageRecord.createMany({
      data: [
        { id: newId('usage'), organizationId: job.organizationId, jobId: job.id, kind: 'trained_tokens', quantity: BigInt(result.trainedTokens) },
        { id: newId('usage'), organizationId: job.organizationId, jobId: job.id, kind: 'training_seconds', quantity: BigInt(Math.ceil(seconds)) },
      ],
    });
    const delivered = { step: result.delivered.step, selection: result.delivered.selection } as Prisma.InputJsonObject;
    await recordJobEvent(tx, job, { message: `New fine-tuned model created: ${name}`, data: { fine_tuned_model: name, delivered } });
    await recordJobEvent(tx, job, {
      message: 'The job has successfully completed',
      webhook: 'fine_tuning.job.succeeded',
      webhookData: { status: 'succeeded', fine_tuned_model: name, trained_tokens: result.trainedTokens },
    });
  });
  return name;
}

/** Fails the job once, with an error the user can act on. */
export async function finishFailed(db: Db, job: FineTuningJob, attemptId: string | null, error: { code: string; message: string; param?: string | null }, step?: number) {
  await db.$transaction(async (tx) => {
    const payload = { code: error.code, message: error.message, param: error.param ?? null };
    if (!(await transitionJob(tx, job, ['queued', 'running', 'pausing'], 'failed', { error: payload, estimatedFinish: null }))) return;
    if (attemptId) await tx.jobAttempt.update({ where: { id: attemptId }, data: { endedAt: new Date(), endReason: `failed: ${error.code}`, toStep: step } });
    await recordJobEvent(tx, job, { level: 'error', message: `Fine-tuning failed: ${error.message}`, webhook: 'fine_tuning.job.failed', webhookData: { status: 'failed', error: payload } });
  });
}

/** A user's cancel or pause took effect at `step`. */
export async function finishStopped(db: Db, job: FineTuningJob, attemptId: string, reason: 'cancel' | 'pause', step: number) {
  await db.$transaction(async (tx) => {
    const to = reason === 'cancel' ? 'cancelled' : 'paused';
    const ok = await transitionJob(tx, job, ['running', 'pausing'], to, { estimatedFinish: null, pauseRequested: false, dispatchedAt: null });
    if (!ok) return;
    await tx.jobAttempt.update({ where: { id: attemptId }, data: { endedAt: new Date(), endReason: to, toStep: step } });
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
export async function finishHandedBack(db: Db, job: FineTuningJob, attemptId: string, step: number): Promise<boolean> {
  return db.$transaction(async (tx) => {
    if (!(await transitionJob(tx, job, ['running'], 'queued', { dispatchedAt: null, estimatedFinish: null }))) return false;
    await tx.jobAttempt.update({ where: { id: attemptId }, data: { endedAt: new Date(), endReason: 'worker_shutdown', toStep: step } });
    await recordJobEvent(tx, job, {
      message: `The worker is shutting down; the job is queued again and resumes from step ${step} on another worker.`,
      webhook: 'fine_tuning.job.queued',
      webhookData: { status: 'queued', step },
    });
    return true;
  });
}
