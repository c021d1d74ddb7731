import { QuotaError } from '@whetstone/common';
import type { Organization, Tx } from '@whetstone/db';
import { startOfMonthUtc } from './usage';

/** Jobs that still hold a reservation of the monthly token budget (not yet charged for real). */
const UNFINISHED = ['validating_files', 'queued', 'running', 'pausing', 'paused'] as const;

/**
 * Checks, inside the transaction that queues a job, that the organization has room for it:
 * storage left for its artifacts, `max_queued_jobs` and `monthly_trained_tokens`, where every unfinished job reserves its
 * estimated tokens until its actual use is recorded. The organization row is locked first, so
 * concurrent creates and resumes of one tenant are counted one after another and cannot both
 * take the last slot. `estimatedTokens` is the job being queued's estimate (0 when it is
 * already counted among the unfinished, as a resumed job is); `holdsQueuedSlot` skips the
 * max_queued_jobs count for a job already counted there (one leaving validating_files).
 */
export async function reserveJobQuota(tx: Tx, org: Organization, input: { estimatedTokens: number; now?: Date; holdsQueuedSlot?: boolean }): Promise<void> {
  const [locked] = await tx.$queryRaw<{ storageBytes: bigint | null; storageBytesUsed: bigint }[]>`
    SELECT "storageBytes", "storageBytesUsed" FROM organizations WHERE id = ${org.id} FOR UPDATE`;
  // A job stores checkpoints and weights: with the storage quota already full it could only fail later.
  if (locked && locked.storageBytes !== null && locked.storageBytesUsed >= locked.storageBytes) {
    throw new QuotaError('storage_bytes', `Your organization's storage quota of ${locked.storageBytes} bytes is full; a job needs room for its checkpoints and model. Delete files or fine-tuned models first.`);
  }
  // A job leaving validating_files for queued already holds its queued slot.
  if (org.maxQueuedJobs !== null && !input.holdsQueuedSlot) {
    const queued = await tx.fineTuningJob.count({ where: { organizationId: org.id, status: { in: ['validating_files', 'queued'] } } });
    if (queued >= org.maxQueuedJobs) {
      throw new QuotaError('max_queued_jobs', `You have ${queued} queued jobs, the most your organization allows (${org.maxQueuedJobs}).`);
    }
  }
  if (org.monthlyTrainedTokens === null) return;
  const [row] = await tx.$queryRaw<{ used: number; reserved: number }[]>`
    SELECT
      (SELECT coalesce(sum(quantity), 0)::float8 FROM usage_records
        WHERE "organizationId" = ${org.id} AND kind = 'trained_tokens' AND "createdAt" >= ${startOfMonthUtc(input.now ?? new Date())}) AS used,
      (SELECT coalesce(sum((spec -> 'estimates' ->> 'total_trained_tokens')::float8), 0)::float8 FROM fine_tuning_jobs
        WHERE "organizationId" = ${org.id} AND status::text = ANY(${[...UNFINISHED]})) AS reserved`;
  const used = row?.used ?? 0;
  const reserved = row?.reserved ?? 0;
  const limit = Number(org.monthlyTrainedTokens);
  if (used + reserved + input.estimatedTokens > limit) {
    throw new QuotaError(
      'monthly_trained_tokens',
      `This job would train about ${input.estimatedTokens} tokens; ${used} of your monthly ${limit} are used and ${reserved} are reserved by unfinished jobs.`,
    );
  }
}
