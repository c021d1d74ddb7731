import type { ApiConfig } from '@whetstone/config';
import {
  createMetricsRegistry,
  HttpMetrics,
  registerDbPoolMetrics,
  registerJobStatusMetrics,
  registerQueueMetrics,
  type Registry,
} from '@whetstone/observability';
import { QUEUES } from '@whetstone/queue';
import type { PlatformClients } from '@whetstone/services';

/** The API's Prometheus series: its requests, plus the platform's queues, jobs and its DB pool. */
export interface ApiMetrics {
  registry: Registry;
  http: HttpMetrics;
}

/**
 * Queue depth and jobs by status are platform-wide facts read at scrape time; every API replica
 * reports the same values (dashboards take max() over replicas).
 */
export function createApiMetrics(config: ApiConfig, clients: PlatformClients): ApiMetrics {
  const registry = createMetricsRegistry('api');
  const http = new HttpMetrics(registry);
  // Worker classes are those the platform has throughput figures for (TRAINING_THROUGHPUT).
  const queueNames = () => [QUEUES.datasets, QUEUES.webhooks, ...Object.keys(config.TRAINING_THROUGHPUT).map(QUEUES.training)];
  registerQueueMetrics(registry, { queueNames, queue: (name) => clients.producers.queue(name) });
  registerJobStatusMetrics(registry, clients.db.pool);
  registerDbPoolMetrics(registry, clients.db.pool);
  return { registry, http };
}
