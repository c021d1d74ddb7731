import { createHash } from 'node:crypto';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { PayloadTooLargeError, QuotaError, newId, type Logger } from '@whetstone/common';
import type { Db, File } from '@whetstone/db';
import type { Producers } from '@whetstone/queue';
import { objectKeys, type ObjectStore } from '@whetstone/storage';
import { getUsage } from '../tenants/usage';

/** Counts and hashes bytes as they stream to storage, and stops the stream past the size limit. */
class MeasuringStream extends Transform {
  readonly hash = createHash('sha256');
  bytes = 0;
  tooLarge = false;

  constructor(private readonly maxBytes: number) {
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
    callback(null, chunk);
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
  input: { orgId: string; filename: string; purpose: string; content: Readable; maxBytes: number; storageQuotaBytes: number | null },
): Promise<File> {
  const id = newId('file');
  const key = objectKeys.file(input.orgId, id);
  const used = input.storageQuotaBytes === null ? 0 : (await getUsage(deps.db, input.orgId)).storage_bytes;
  const allowed = input.storageQuotaBytes === null ? input.maxBytes : Math.min(input.maxBytes, input.storageQuotaBytes - used);
  if (allowed <= 0) throw new QuotaError('storage_bytes', `Storage quota of ${input.storageQuotaBytes} bytes is used up; delete files to upload more.`);

  const measure = new MeasuringStream(allowed);
  input.content.on('error', (err) => measure.destroy(err));
  try {
    await deps.store.putStream(key, input.content.pipe(measure), 'application/jsonl');
  } catch (err) {
    await deps.store.delete(key).catch(() => undefined);
    if (measure.tooLarge && allowed < input.maxBytes) {
      throw new QuotaError('storage_bytes', `Upload would exceed the storage quota of ${input.storageQuotaBytes} bytes.`);
    }
    throw measure.tooLarge ? new PayloadTooLargeError(`File exceeds the maximum upload size of ${input.maxBytes} bytes.`) : err;
  }

  const file = await deps.db.file.create({
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
  // The file is stored and recorded, so the upload succeeded even if Redis refuses the enqueue
  // now: the worker's file sweep queues the validation of a file left without a job.
  await deps.producers
    .validateFile({ organizationId: input.orgId, fileId: id })
    .catch((err: unknown) => deps.logger?.warn({ err, fileId: id }, 'could not queue file validation; the file sweep will'));
  return file;
}
