import { AppError, NotFoundError } from '@whetstone/common';
import type { Db } from '@whetstone/db';
import type { ObjectStore } from '@whetstone/storage';
import { findJob } from './find-jobs';

/**
 * Presigned download URLs, valid for `expiresIn` seconds, for every file one checkpoint stored:
 * the trainable tensors (safetensors), the optimizer state and the manifest, exactly as the
 * worker wrote them. The checkpoint must belong to the job, and the job to the organization.
 */
export async function checkpointFiles(deps: { db: Db; store: ObjectStore }, orgId: string, jobId: string, checkpointId: string, expiresIn = 3600) {
  const job = await findJob(deps.db, orgId, jobId);
  const checkpoint = await deps.db.checkpoint.findFirst({ where: { id: checkpointId, jobId: job.id, organizationId: orgId } });
  if (!checkpoint) throw new NotFoundError('checkpoint', checkpointId, 'checkpoint_id');
  const objects = (await deps.store.list(checkpoint.storagePrefix)).filter((o) => o.key.length > checkpoint.storagePrefix.length);
  if (objects.length === 0) {
    throw new AppError(410, 'invalid_request_error', 'checkpoint_deleted', `The files of checkpoint ${checkpoint.id} (step ${checkpoint.step}) are gone.`, 'checkpoint_id');
  }
  const files = await Promise.all(
    objects.map(async (o) => {
      const name = o.key.slice(checkpoint.storagePrefix.length);
      return { name, bytes: o.bytes, url: await deps.store.presignGet(o.key, expiresIn, `step-${checkpoint.step}-${name}`) };
    }),
  );
  return {
    object: 'fine_tuning.job.checkpoint.files' as const,
    checkpoint_id: checkpoint.id,
    fine_tuning_job_id: job.id,
    step_number: checkpoint.step,
    expires_at: Math.floor(Date.now() / 1000) + expiresIn,
    files,
  };
}
