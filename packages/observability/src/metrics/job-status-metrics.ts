import { Gauge, type Registry } from 'prom-client';
import { cachedCollect } from './cached-collect';

/** The statuses a job can be in for a long time; finished jobs are counted by the worker. */
const LIVE_STATUSES = ['validating_files', 'queued', 'running', 'pausing', 'paused'] as const;

interface Queryable {
  query<R>(text: string, values?: unknown[]): Promise<{ rows: R[] }>;
}

/**
 * Fine-tuning jobs by live status and worker class, counted in Postgres when Prometheus
 * scrapes (an index-only scan of fine_tuning_jobs(status, workerClass, ...)). Jobs that
 * finished are counted as they finish (whetstone_training_jobs_finished_total), so a scrape
 * never scans the ever-growing history.
 */
export function registerJobStatusMetrics(registry: Registry, pool: Queryable, options: { minIntervalMs?: number } = {}): void {
  const snapshot = cachedCollect(
    async () =>
      (
        await pool.query<{ status: string; worker_class: string; n: number }>(
          `SELECT status::text AS status, "workerClass" AS worker_class, count(*)::int AS n
           FROM fine_tuning_jobs WHERE status::text = ANY($1) GROUP BY 1, 2`,
          [LIVE_STATUSES],
        )
      ).rows,
    options.minIntervalMs ?? 5_000,
  );
  new Gauge({
    name: 'whetstone_fine_tuning_jobs',
    help: 'Fine-tuning jobs in each live status (validating_files, queued, running, pausing, paused), by worker class',
    labelNames: ['status', 'worker_class'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const status of LIVE_STATUSES) this.set({ status, worker_class: 'default' }, 0);
      for (const row of await snapshot()) this.set({ status: row.status, worker_class: row.worker_class }, row.n);
    },
  });
}
