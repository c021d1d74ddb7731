import type { Logger } from '@whetstone/common';
import type { WorkerConfig } from '@whetstone/config';
import { closePlatformClients, createPlatformClients, type PlatformClients } from '@whetstone/services';
import { createWorkerMetrics, type WorkerMetrics } from './metrics';

/** What processors need; created once in main.ts and passed down. */
export interface WorkerDeps extends PlatformClients {
  config: WorkerConfig;
  metrics: WorkerMetrics;
}

export function createWorkerDeps(config: WorkerConfig, logger: Logger): WorkerDeps {
  const clients = createPlatformClients(config, logger);
  return { config, ...clients, metrics: createWorkerMetrics(clients.db) };
}

export const closeWorkerDeps = closePlatformClients;
