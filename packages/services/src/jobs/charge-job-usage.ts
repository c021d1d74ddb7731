import { newId } from '@whetstone/common';
import type { Tx } from '@whetstone/db';

/** The trained-token count a job's last progress report carries (cumulative across resumes). */
export function progressTrainedTokens(progress: unknown): number {
  const value = (progress as { trained_tokens?: unknown } | null)?.trained_tokens;
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}

/**
 * Charges a job that just reached a terminal state (succeeded, failed or cancelled) for what it
 * actually trained: its trained tokens and the wall time of its attempts. Called inside the
 * transaction that makes the job terminal, so a job is charged exactly when it finishes, and at
 * most once (a job already charged is left alone). When the job row's terminal update commits,
 * the job stops reserving its estimate and its real usage counts instead.
 */
export async function chargeJobUsage(
  tx: Tx,
  job: { id: string; organizationId: string },
  input: { trainedTokens: number; now?: Date },
): Promise<void> {
  const charged = await tx.usageRecord.findFirst({ where: { jobId: job.id, kind: 'trained_tokens' }, select: { id: true } });
  if (charged) return;
  const now = input.now ?? new Date();
  const attempts = await tx.jobAttempt.findMany({ where: { jobId: job.id }, select: { startedAt: true, endedAt: true } });
  const seconds = attempts.reduce((sum, a) => sum + ((a.endedAt ?? now).getTime() - a.startedAt.getTime()) / 1000, 0);
  const trainedTokens = Math.max(0, Math.floor(input.trainedTokens));
  await tx.fineTuningJob.updateMany({ where: { id: job.id, organizationId: job.organizationId }, data: { trainedTokens: BigInt(trainedTokens) } });
  await tx.usageRecord.createMany({
    data: [
      { id: newId('usage'), organizationId: job.organizationId, jobId: job.id, kind: 'trained_tokens', quantity: BigInt(trainedTokens), createdAt: now },
      { id: newId('usage'), organizationId: job.organizationId, jobId: job.id, kind: 'training_seconds', quantity: BigInt(Math.ceil(seconds)), createdAt: now },
    ],
  });
}
