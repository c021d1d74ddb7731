import type { ApiConfig } from '@whetstone/config';
import type { Logger } from '@whetstone/common';
import { createDb, type Db } from '@whetstone/db';
import { createRedis, Producers, type Redis } from '@whetstone/queue';
import { ObjectStore, storageOptionsFromEnv } from '@whetstone/storage';

/** Everything the API's routes need, created once per process and passed in (no singletons). */
export interface AppDeps {
  config: ApiConfig;
  logger: Logger;
  db: Db;
  redis: Redis;
  store: ObjectStore;
  producers: Producers;
}

export function createDeps(config: ApiConfig, logger: Logger): AppDeps {
  const redis = createRedis(config.REDIS_URL, 'producer');
  // A Redis outage must not crash the process: /readyz reports it instead.
  redis.on('error', (err) => logger.warn({ err: err.message }, 'redis connection error'));
  return {
    config,
    logger,
    db: createDb({ databaseUrl: config.DATABASE_URL }),
    redis,
    store: new ObjectStore(storageOptionsFromEnv(config)),
    producers: new Producers(redis, config.QUEUE_PREFIX),
  };
}

/** Ordered shutdown: queues, then Redis, then storage, then Postgres. */
export async function closeDeps(deps: AppDeps): Promise<void> {
  await deps.producers.close();
  deps.redis.disconnect();
  deps.store.close();
  await deps.db.$disconnect();
}
