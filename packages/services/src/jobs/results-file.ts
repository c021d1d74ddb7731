import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { newId } from '@whetstone/common';
import type { Db, Tx } from '@whetstone/db';
import { objectKeys, type ObjectStore } from '@whetstone/storage';
import { releaseStorage, StorageReservation } from '../tenants/storage-quota';
import { metricsCsvChunks } from './job-results';

/** Purpose of the files finished jobs write (OpenAI's name); users cannot upload it. */
export const RESULTS_FILE_PURPOSE = 'fine-tune-results';

export interface StoredResultsFile {
  id: string;
  storageKey: string;
  bytes: number;
  sha256: string;
  /** Its bytes, reserved against the storage quota until `recordResultsFile` commits them. */
  reservation: StorageReservation;
}

/**
 * Writes a job's per-step metrics CSV (OpenAI's columns, then ours) to object storage under a new
 * file id. The row is created by `recordResultsFile` in the transaction that marks the job
 * succeeded, so a listed results file always has its content.
 */
export async function storeResultsFile(deps: { db: Db; store: ObjectStore }, job: { id: string; organizationId: string }): Promise<StoredResultsFile> {
  const chunks: Buffer[] = [];
  for await (const chunk of metricsCsvChunks(deps.db, job.organizationId, job.id)) chunks.push(Buffer.from(chunk));
  const csv = Buffer.concat(chunks);
  const id = newId('file');
  const storageKey = objectKeys.file(job.organizationId, id);
  const reservation = new StorageReservation(deps.db, job.organizationId);
  await reservation.reserve(csv.length);
  try {
    await deps.store.putStream(storageKey, Readable.from([csv]), 'text/csv');
  } catch (err) {
    await reservation.release().catch(() => undefined);
    throw err;
  }
  return { id, storageKey, bytes: csv.length, sha256: createHash('sha256').update(csv).digest('hex'), reservation };
}

export async function recordResultsFile(tx: Tx, job: { id: string; organizationId: string }, stored: StoredResultsFile): Promise<void> {
  await stored.reservation.commit(tx, stored.bytes);
  await tx.file.create({
    data: {
      id: stored.id,
      organizationId: job.organizationId,
      filename: `${job.id}_step_metrics.csv`,
      purpose: RESULTS_FILE_PURPOSE,
      bytes: BigInt(stored.bytes),
      sha256: stored.sha256,
      contentType: 'text/csv',
      storageKey: stored.storageKey,
      status: 'processed',
    },
  });
}

/** Deletes a job's results file with its object (its fine-tuned model was deleted). */
export async function deleteResultsFile(deps: { db: Db; store: ObjectStore }, job: { organizationId: string; resultFileId: string | null }): Promise<void> {
  if (!job.resultFileId) return;
  const file = await deps.db.file.findFirst({ where: { id: job.resultFileId, organizationId: job.organizationId, deletedAt: null } });
  if (!file) return;
  await deps.db.$transaction(async (tx) => {
    const marked = await tx.file.updateMany({ where: { id: file.id, organizationId: job.organizationId, deletedAt: null }, data: { deletedAt: new Date() } });
    if (marked.count === 1) await releaseStorage(tx, job.organizationId, file.bytes);
  });
  await deps.store.delete(file.storageKey);
}
