import type { Db } from '@whetstone/db';
import { progressTrainedTokens, startOfMonthUtc } from '@whetstone/services';

/**
 * Keeps a running job under its organization's `monthly_trained_tokens` quota. The job may train
 * while this month's recorded usage, plus what the organization's other unfinished jobs have
 * trained so far, plus this job's own trained tokens, stays within the quota; `wouldExceed` says
 * when the next step (assumed as large as the last) would cross it, so the job stops at the cap,
 * not a step past it. The quota (an operator may change it mid-run) and others' usage are re-read
 * at most every `refreshMs` (WORKER_TOKEN_QUOTA_CHECK_MS).
 */
export class TokenBudget {
  private othersUsed = 0;
  private readAt = Number.NEGATIVE_INFINITY;
  limit: number | null = null;

  constructor(
    private readonly db: Db,
    private readonly job: { id: string; organizationId: string },
    private readonly refreshMs: number,
  ) {}

  /** True when training `nextStepTokens` more after `trainedTokens` would exceed the quota. */
  async wouldExceed(trainedTokens: number, nextStepTokens: number): Promise<boolean> {
    if (Date.now() - this.readAt >= this.refreshMs) await this.refresh();
    return this.limit !== null && this.othersUsed + trainedTokens + nextStepTokens > this.limit;
  }

  /** Tokens the organization used this month besides this job (for the message the tenant sees). */
  get usedByOthers(): number {
    return this.othersUsed;
  }

  private async refresh(): Promise<void> {
    const org = await this.db.organization.findUniqueOrThrow({ where: { id: this.job.organizationId }, select: { monthlyTrainedTokens: true } });
    this.limit = org.monthlyTrainedTokens === null ? null : Number(org.monthlyTrainedTokens);
    this.readAt = Date.now();
    if (this.limit === null) return;
    const [recorded, others] = await Promise.all([
      this.db.usageRecord.aggregate({
        where: { organizationId: this.job.organizationId, kind: 'trained_tokens', createdAt: { gte: startOfMonthUtc(new Date()) }, NOT: { jobId: this.job.id } },
        _sum: { quantity: true },
      }),
      this.db.fineTuningJob.findMany({
        where: { organizationId: this.job.organizationId, id: { not: this.job.id }, status: { in: ['running', 'pausing', 'paused', 'queued'] } },
        select: { progress: true },
      }),
    ]);
    this.othersUsed = Number(recorded._sum.quantity ?? 0) + others.reduce((sum, j) => sum + progressTrainedTokens(j.progress), 0);
  }
}
