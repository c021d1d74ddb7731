import type { Logger } from '@whetstone/common';
import type { WorkerConfig } from '@whetstone/config';
import { createDb, type Db } from '@whetstone/db';
import { createRedis, Producers, type Redis } from '@whetstone/queue';
import { ObjectStore, storageOptionsFromEnv } from '@whetstone/storage';

/** What processors need; created once in main.ts and passed down. */
export interface WorkerDeps {
  config: WorkerConfig;
  logger: Logger;
  db: Db;
  store: ObjectStore;
  /** Non-blocking connection for producing follow-up work. */
  redis: Redis;
  producers: Producers;
}

export function createWorkerDeps(config: WorkerConfig, logger: Logger): WorkerDeps {
  const redis = createRedis(config.REDIS_URL, 'producer');
  redis.on('error', (err) => logger.warn({ err: err.message }, 'redis connection error'));
  return {
    config,
    logger,
    db: createDb({ databaseUrl: config.DATABASE_URL }),
    store: new ObjectStore(storageOptionsFromEnv(config)),
    redis,
    producers: new Producers(redis, config.QUEUE_PREFIX),
  };
}

export async function closeWorkerDeps(deps: WorkerDeps): Promise<void> {
  await deps.producers.close();
  await deps.redis.quit().catch(() => deps.redis.disconnect());
  deps.store.close();
  await deps.db.$disconnect();
}
