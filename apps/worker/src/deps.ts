import type { Logger } from '@whetstone/common';
import type { WorkerConfig } from '@whetstone/config';
import { closePlatformClients, createPlatformClients, type PlatformClients } from '@whetstone/services';

/** What processors need; created once in main.ts and passed down. */
export interface WorkerDeps extends PlatformClients {
  config: WorkerConfig;
  /** Aborted when the process starts draining (SIGTERM): running trainings checkpoint and hand their jobs back. */
  draining: AbortSignal;
}

export function createWorkerDeps(config: WorkerConfig, logger: Logger, draining: AbortSignal = new AbortController().signal): WorkerDeps {
  return { config, ...createPlatformClients(config, logger), draining };
}

export const closeWorkerDeps = closePlatformClients;
