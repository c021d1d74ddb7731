import { createMetricsRegistry, QueueJobMetrics, registerDbPoolMetrics, TrainingMetrics, WebhookMetrics, type Registry } from '@whetstone/observability';
import type { Db } from '@whetstone/db';

/** The worker's Prometheus series, served on METRICS_PORT by main.ts (the worker serves no other HTTP). */
export interface WorkerMetrics {
  registry: Registry;
  queueJobs: QueueJobMetrics;
  training: TrainingMetrics;
  webhooks: WebhookMetrics;
}

export function createWorkerMetrics(db: Db): WorkerMetrics {
  const registry = createMetricsRegistry('worker');
  registerDbPoolMetrics(registry, db.pool);
  return { registry, queueJobs: new QueueJobMetrics(registry), training: new TrainingMetrics(registry), webhooks: new WebhookMetrics(registry) };
}
