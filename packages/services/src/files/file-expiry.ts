import { ValidationError } from '@whetstone/common';
import type { Db } from '@whetstone/db';
import type { ObjectStore } from '@whetstone/storage';
import { deleteFile } from './delete-file';

/** OpenAI's bounds for expires_after.seconds: one hour to 30 days. */
export const EXPIRY_SECONDS = { min: 3600, max: 2_592_000 } as const;

/**
 * Parses OpenAI's `expires_after` as multipart fields (`expires_after[anchor]`,
 * `expires_after[seconds]`, the way its SDKs send it); returns null when neither is given.
 */
export function parseExpiresAfter(fields: Map<string, string>): { seconds: number } | null {
  const anchor = fields.get('expires_after[anchor]');
  const seconds = fields.get('expires_after[seconds]');
  if (anchor === undefined && seconds === undefined) return null;
  if (anchor !== 'created_at') throw new ValidationError(`expires_after.anchor must be 'created_at', got ${JSON.stringify(anchor ?? null)}.`, 'expires_after.anchor');
  const value = Number(seconds);
  if (seconds === undefined || !Number.isInteger(value) || value < EXPIRY_SECONDS.min || value > EXPIRY_SECONDS.max) {
    throw new ValidationError(`expires_after.seconds must be an integer from ${EXPIRY_SECONDS.min} to ${EXPIRY_SECONDS.max}.`, 'expires_after.seconds');
  }
  return { seconds: value };
}

/**
 * Deletes files whose expiry passed, with their objects. A file an active job still reads is
 * kept until that job ends (deleting it would fail the job), then the next pass takes it.
 */
export async function sweepExpiredFiles(deps: { db: Db; store: ObjectStore }, options: { now?: Date; batch?: number } = {}): Promise<string[]> {
  const expired = await deps.db.file.findMany({
    where: { expiresAt: { lte: options.now ?? new Date() }, deletedAt: null },
    select: { id: true, organizationId: true },
    orderBy: { expiresAt: 'asc' },
    take: options.batch ?? 100,
  });
  const deleted: string[] = [];
  for (const file of expired) {
    const outcome = await deleteFile(deps, file.organizationId, file.id).catch((err: unknown) => err);
    if (!(outcome instanceof Error)) deleted.push(file.id);
  }
  return deleted;
}
