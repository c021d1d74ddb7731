import { createHash } from 'node:crypto';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { PayloadTooLargeError, QuotaError, newId, type Logger } from '@whetstone/common';
import type { Db, File } from '@whetstone/db';
import type { Producers } from '@whetstone/queue';
import { objectKeys, type ObjectStore } from '@whetstone/storage';
import { StorageReservation } from '../tenants/storage-quota';

/** Storage is reserved ahead of the bytes in blocks of this size (one UPDATE per block). */
const RESERVE_BLOCK = 8 * 1024 * 1024;

/**
 * Counts and hashes bytes as they stream to storage, stops the stream past the size limit, and
 * reserves storage quota before passing bytes on: a block at a time, or exactly what is missing
 * once a whole block no longer fits, so concurrent uploads cannot together exceed the quota.
 */
class MeasuringStream extends Transform {
  readonly hash = createHash('sha256');
  bytes = 0;
  tooLarge = false;
  /** Why the stream stopped when the quota did not have room (the store may wrap the error). */
  quotaError: QuotaError | null = null;

  constructor(
    private readonly maxBytes: number,
    private readonly reservation: StorageReservation,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) {
      this.tooLarge = true;
      callback(new PayloadTooLargeError(`File exceeds the maximum upload size of ${this.maxBytes} bytes.`));
      return;
    }
    this.hash.update(chunk);
    const missing = this.bytes - this.reservation.bytes;
    if (missing <= 0) {
      callback(null, chunk);
      return;
    }
    const block = Math.min(Math.max(RESERVE_BLOCK, missing), this.maxBytes - this.reservation.bytes);
    this.reservation
      .reserve(block)
      .catch((err: unknown) => (err instanceof QuotaError && block > missing ? this.reservation.reserve(missing) : Promise.reject(err)))
      .then(
        () => callback(null, chunk),
        (err: Error) => {
          if (err instanceof QuotaError) this.quotaError = err;
          callback(err);
        },
      );
  }
}

export interface UploadDeps {
  db: Db;
  store: ObjectStore;
  producers: Producers;
  logger?: Pick<Logger, 'warn'>;
}

/**
 * Streams an upload straight to object storage (never buffered whole), records the file and
 * queues its validation. The row is written after the object exists, so a listed file always
 * has content; validation is queued after the row is committed.
 */
export async function uploadFile(
  deps: UploadDeps,
  input: { orgId: string; filename: string; purpose: string; content: Readable; maxBytes: number },
): Promise<File> {
  const id = newId('file');
  const key = objectKeys.file(input.orgId, id);
  const reservation = new StorageReservation(deps.db, input.orgId);
  const measure = new MeasuringStream(input.maxBytes, reservation);
  input.content.on('error', (err) => measure.destroy(err));
  let file: File;
  try {
    try {
      await deps.store.putStream(key, input.content.pipe(measure), 'application/jsonl');
    } catch (err) {
      await deps.store.delete(key).catch(() => undefined);
      if (measure.quotaError) throw measure.quotaError;
      throw measure.tooLarge ? new PayloadTooLargeError(`File exceeds the maximum upload size of ${input.maxBytes} bytes.`) : err;
    }
    file = await deps.db.$transaction(async (tx) => {
      await reservation.commit(tx, measure.bytes);
      return tx.file.create({
        data: {
          id,
          organizationId: input.orgId,
          filename: input.filename,
          purpose: input.purpose,
          bytes: BigInt(measure.bytes),
          sha256: measure.hash.digest('hex'),
          contentType: 'application/jsonl',
          storageKey: key,
          status: 'uploaded',
        },
      });
    });
  } catch (err) {
    await reservation.release().catch(() => undefined);
    throw err;
  }
  // The file is stored and recorded, so the upload succeeded even if Redis refuses the enqueue
  // now: the worker's file sweep queues the validation of a file left without a job.
  await deps.producers
    .validateFile({ organizationId: input.orgId, fileId: id })
    .catch((err: unknown) => deps.logger?.warn({ err, fileId: id }, 'could not queue file validation; the file sweep will'));
  return file;
}
