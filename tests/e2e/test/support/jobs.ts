import type { FastifyInstance } from 'fastify';
import { waitFor } from './worker-process';

export type Headers = Record<string, string>;

/** Polls a job until `predicate` holds (or fails fast when the job fails unexpectedly). */
export async function waitForJob(app: FastifyInstance, headers: Headers, jobId: string, what: string, predicate: (job: JobView) => boolean, timeoutMs = 90_000) {
  return waitFor<JobView>(
    `${jobId} ${what}`,
    async () => {
      const job = (await app.inject({ method: 'GET', url: `/v1/fine_tuning/jobs/${jobId}`, headers })).json() as JobView;
      if (job.status === 'failed' && !predicate(job)) throw new Error(`job failed: ${JSON.stringify(job.error)}`);
      return predicate(job) ? job : null;
    },
    timeoutMs,
  );
}

export interface JobView {
  id: string;
  status: string;
  error: unknown;
  fine_tuned_model: string | null;
  trained_tokens: number | null;
  progress: { step?: number; total_steps?: number } | null;
  attempts: { number: number; worker_id: string; from_step: number; to_step: number | null; end_reason: string | null }[];
  [key: string]: unknown;
}

/** Small, fast settings for the tiny model so a job finishes in seconds on a CPU. */
export const FAST_SFT = { n_epochs: 1, batch_size: 4, learning_rate_multiplier: 5, max_seq_length: 64 };
