import type { Logger } from '@whetstone/common';
import type { WorkerConfig } from '@whetstone/config';
import { closePlatformClients, createPlatformClients, type PlatformClients } from '@whetstone/services';

/** What processors need; created once in main.ts and passed down. */
export interface WorkerDeps extends PlatformClients {
  config: WorkerConfig;
}

export function createWorkerDeps(config: WorkerConfig, logger: Logger): WorkerDeps {
  return { config, ...createPlatformClients(config, logger) };
}

export const closeWorkerDeps = closePlatformClients;
