import type { Db } from '@whetstone/db';

export interface OrganizationUsage {
  period_start: number;
  trained_tokens: number;
  training_seconds: number;
  storage_bytes: number;
  files: number;
  running_jobs: number;
  queued_jobs: number;
}

export function startOfMonthUtc(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
}

/** Current-month usage and live counts for one organization. */
export async function getUsage(db: Db, orgId: string, now = new Date()): Promise<OrganizationUsage> {
  const periodStart = startOfMonthUtc(now);
  const [usage, storage, org, running, queued] = await Promise.all([
    db.usageRecord.groupBy({
      by: ['kind'],
      where: { organizationId: orgId, createdAt: { gte: periodStart } },
      _sum: { quantity: true },
    }),
    db.file.count({ where: { organizationId: orgId, deletedAt: null } }),
    db.organization.findUnique({ where: { id: orgId }, select: { storageBytesUsed: true } }),
    db.fineTuningJob.count({ where: { organizationId: orgId, status: { in: ['running', 'pausing'] } } }),
    db.fineTuningJob.count({ where: { organizationId: orgId, status: { in: ['validating_files', 'queued'] } } }),
  ]);
  const sum = (kind: string) => Number(usage.find((u) => u.kind === kind)?._sum.quantity ?? 0);
  return {
    period_start: Math.floor(periodStart.getTime() / 1000),
    trained_tokens: sum('trained_tokens'),
    training_seconds: sum('training_seconds'),
    // Every stored byte (files, results, checkpoints, fine-tuned weights) and writes in flight.
    storage_bytes: Number(org?.storageBytesUsed ?? 0),
    files: storage,
    running_jobs: running,
    queued_jobs: queued,
  };
}
