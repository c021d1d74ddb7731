import type { ApiConfig } from '@whetstone/config';
import type { Logger } from '@whetstone/common';
import { closePlatformClients, createPlatformClients, type PlatformClients } from '@whetstone/services';

/** Everything the API's routes need, created once per process and passed in (no singletons). */
export interface AppDeps extends PlatformClients {
  config: ApiConfig;
}

export function createDeps(config: ApiConfig, logger: Logger): AppDeps {
  return { config, ...createPlatformClients(config, logger) };
}

export const closeDeps = closePlatformClients;
