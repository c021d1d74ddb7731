import { z } from 'zod';
import type { Organization } from '@whetstone/db';

/** Quotas as the API shows and accepts them; null = unlimited, except requests_per_minute, where null = the platform default (RATE_LIMIT_PER_MINUTE). */
export const quotasSchema = z.object({
  max_concurrent_jobs: z.number().int().min(0).nullable(),
  max_queued_jobs: z.number().int().min(0).nullable(),
  monthly_trained_tokens: z.number().int().min(0).nullable(),
  storage_bytes: z.number().int().min(0).nullable(),
  requests_per_minute: z.number().int().min(1).nullable(),
});
export type Quotas = z.infer<typeof quotasSchema>;

export const DEFAULT_QUOTAS: Quotas = {
  max_concurrent_jobs: 2,
  max_queued_jobs: 100,
  monthly_trained_tokens: 1_000_000_000,
  storage_bytes: 100 * 1024 ** 3,
  requests_per_minute: null,
};

export function quotasOf(org: Organization): Quotas {
  return {
    max_concurrent_jobs: org.maxConcurrentJobs,
    max_queued_jobs: org.maxQueuedJobs,
    monthly_trained_tokens: org.monthlyTrainedTokens === null ? null : Number(org.monthlyTrainedTokens),
    storage_bytes: org.storageBytes === null ? null : Number(org.storageBytes),
    requests_per_minute: org.requestsPerMinute,
  };
}

/** Maps (possibly partial) API quotas to column values; absent keys are left untouched. */
export function quotaColumns(quotas: Partial<Quotas>) {
  const big = (v: number | null | undefined) => (v === undefined ? undefined : v === null ? null : BigInt(v));
  return {
    maxConcurrentJobs: quotas.max_concurrent_jobs,
    maxQueuedJobs: quotas.max_queued_jobs,
    monthlyTrainedTokens: big(quotas.monthly_trained_tokens),
    storageBytes: big(quotas.storage_bytes),
    requestsPerMinute: quotas.requests_per_minute,
  };
}
