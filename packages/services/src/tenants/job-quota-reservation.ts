import { QuotaError } from '@whetstone/common';
import { statement, type Db, type Organization, type Tx } from '@whetstone/db';
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
    SELECT "storageBytes", "storageBytesUsed" FROM organizations WHERE id = ${org.id} FOR NO KEY UPDATE`;
  // A job stores checkpoints and weights: with the storage quota already full it could only fail later.
  if (locked && locked.storageBytes !== null && locked.storageBytesUsed >= locked.storageBytes) throw storageFull(locked.storageBytes);
  // A job leaving validating_files for queued already holds its queued slot.
  if (org.maxQueuedJobs !== null && !input.holdsQueuedSlot) {
    const queued = await tx.fineTuningJob.count({ where: { organizationId: org.id, status: { in: ['validating_files', 'queued'] } } });
    if (queued >= org.maxQueuedJobs) throw queueFull(queued, org.maxQueuedJobs);
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
  if (used + reserved + input.estimatedTokens > limit) throw tokensExhausted(input.estimatedTokens, used, reserved, limit);
}

const storageFull = (storageBytes: bigint) =>
  new QuotaError('storage_bytes', `Your organization's storage quota of ${storageBytes} bytes is full; a job needs room for its checkpoints and model. Delete files or fine-tuned models first.`);
const queueFull = (queued: number, max: number) => new QuotaError('max_queued_jobs', `You have ${queued} queued jobs, the most your organization allows (${max}).`);
const tokensExhausted = (tokens: number, used: number, reserved: number, limit: number) =>
  new QuotaError('monthly_trained_tokens', `This job would train about ${tokens} tokens; ${used} of your monthly ${limit} are used and ${reserved} are reserved by unfinished jobs.`);

/** An organization's limits as read under its row lock. */
export interface QuotaLimits {
  maxQueuedJobs: number | null;
  monthlyTrainedTokens: bigint | null;
  storageBytes: bigint | null;
  storageBytesUsed: bigint;
}

/**
 * reserveJobQuota's check for a job just inserted in `client`'s transaction, after the
 * organization row was locked FOR NO KEY UPDATE (insertCreatedJob): this statement's snapshot follows
 * the lock, so it sees every job another create committed before it, and it counts the new job
 * itself (its queued slot and its estimate). Throws the QuotaError the create answers with; the
 * caller rolls back.
 */
export async function checkCreatedJobQuota(
  client: Pick<Db['pool'], 'query'>,
  organizationId: string,
  limits: QuotaLimits,
  job: { status: string; spec: unknown },
  now = new Date(),
): Promise<void> {
  if (limits.storageBytes !== null && limits.storageBytesUsed >= limits.storageBytes) throw storageFull(limits.storageBytes);
  if (limits.maxQueuedJobs === null && limits.monthlyTrainedTokens === null) return;
  const { rows: [row] } = await client.query<{ queued: number; used: number; reserved: number }>(
    statement(
      'created_job_quota',
      `
      SELECT
        CASE WHEN $4 THEN (SELECT count(*)::int FROM fine_tuning_jobs
          WHERE "organizationId" = $1 AND status IN ('validating_files', 'queued')) ELSE 0 END AS queued,
        CASE WHEN $5 THEN (SELECT coalesce(sum(quantity), 0)::float8 FROM usage_records
          WHERE "organizationId" = $1 AND kind = 'trained_tokens' AND "createdAt" >= $2) ELSE 0 END AS used,
        CASE WHEN $5 THEN (SELECT coalesce(sum((spec -> 'estimates' ->> 'total_trained_tokens')::float8), 0)::float8 FROM fine_tuning_jobs
          WHERE "organizationId" = $1 AND status::text = ANY($3)) ELSE 0 END AS reserved`,
      [organizationId, startOfMonthUtc(now), [...UNFINISHED], limits.maxQueuedJobs !== null, limits.monthlyTrainedTokens !== null],
    ),
  );
  // Both counts include the new job: the others are what is left once it is taken out.
  if (limits.maxQueuedJobs !== null && row!.queued > limits.maxQueuedJobs) throw queueFull(row!.queued - 1, limits.maxQueuedJobs);
  if (limits.monthlyTrainedTokens !== null) {
    const tokens = (job.spec as { estimates?: { total_trained_tokens?: number } }).estimates?.total_trained_tokens ?? 0;
    const limit = Number(limits.monthlyTrainedTokens);
    if (row!.used + row!.reserved > limit) throw tokensExhausted(tokens, row!.used, row!.reserved - tokens, limit);
  }
}
