import { ConflictError } from '@whetstone/common';
import type { Db } from '@whetstone/db';
import type { ObjectStore } from '@whetstone/storage';
import { releaseStorage } from '../tenants/storage-quota';
import { findFile } from './find-file';

/** Job states in which a job still needs its files. */
const ACTIVE_JOB_STATES = ['validating_files', 'queued', 'running', 'pausing', 'paused'] as const;

/** Deletes a file unless an active job still reads it (409 names the job). */
export async function deleteFile(deps: { db: Db; store: ObjectStore }, orgId: string, fileId: string): Promise<{ id: string; deleted: true }> {
  const file = await findFile(deps.db, orgId, fileId);
  const job = await deps.db.fineTuningJob.findFirst({
    where: {
      organizationId: orgId,
      status: { in: [...ACTIVE_JOB_STATES] },
      OR: [{ trainingFileId: file.id }, { validationFileId: file.id }],
    },
    select: { id: true, status: true },
  });
  if (job) throw new ConflictError(`File ${file.id} is used by fine-tuning job ${job.id} (${job.status}); cancel the job or wait for it to finish.`, 'file_in_use', 'file_id');
  await deps.db.$transaction(async (tx) => {
    // Only the request that marks the file deleted gives its bytes back (a concurrent delete finds nothing to mark).
    const marked = await tx.file.updateMany({ where: { id: file.id, organizationId: orgId, deletedAt: null }, data: { deletedAt: new Date() } });
    if (marked.count === 1) await releaseStorage(tx, orgId, file.bytes);
  });
  await deps.store.delete(file.storageKey);
  return { id: file.id, deleted: true };
}
