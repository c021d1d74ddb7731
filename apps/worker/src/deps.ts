import type { Logger } from '@whetstone/common';
import type { WorkerConfig } from '@whetstone/config';
import { closePlatformClients, createPlatformClients, type PlatformClients } from '@whetstone/services';
import { createWorkerMetrics, type WorkerMetrics } from './metrics';

/** What processors need; created once in main.ts and passed down. */
export interface WorkerDeps extends PlatformClients {
  config: WorkerConfig;
  metrics: WorkerMetrics;
  /** Aborted when the process starts draining (SIGTERM): running trainings checkpoint and hand their jobs back. */
  draining: AbortSignal;
}

export function createWorkerDeps(config: WorkerConfig, logger: Logger, draining: AbortSignal = new AbortController().signal): WorkerDeps {
  const clients = createPlatformClients(config, logger, { dbPoolSize: workerDbPoolSize(config) });
  return { config, ...clients, metrics: createWorkerMetrics(clients.db), draining };
}

/**
 * Connections the worker can use at once: one per dataset and webhook job in flight, three per
 * training job (the run, its metrics writer and its cancel/pause watch), and a few for the outbox
 * relay, the delivery sweep and the job reconciler. The pool used to be a fixed 10 while 16
 * webhook deliveries alone ran at once, so the relay's transaction waited past Prisma's 2 s and
 * failed with P2028. DATABASE_POOL_SIZE overrides it (e.g. behind a connection pooler).
 */
export function workerDbPoolSize(config: WorkerConfig): number {
  if (config.DATABASE_POOL_SIZE) return config.DATABASE_POOL_SIZE;
  const training = 3 * config.WORKER_CONCURRENCY_TRAINING * config.WORKER_CLASSES.length;
  return config.WORKER_CONCURRENCY_DATASETS + config.WORKER_CONCURRENCY_WEBHOOKS + training + 4;
}

export const closeWorkerDeps = closePlatformClients;
