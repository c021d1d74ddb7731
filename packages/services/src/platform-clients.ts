import type { Logger } from '@whetstone/common';
import type { SharedEnv } from '@whetstone/config';
import { createDb, type Db } from '@whetstone/db';
import { createRedis, Producers, type Redis } from '@whetstone/queue';
import { ObjectStore, storageOptionsFromEnv } from '@whetstone/storage';

/** The connections every process (API, worker, scripts) opens to the platform's services. */
export interface PlatformClients {
  logger: Logger;
  db: Db;
  /** Non-blocking (fail-fast) connection: producing work and health checks, never consuming. */
  redis: Redis;
  store: ObjectStore;
  producers: Producers;
}

/**
 * `dbPoolSize`: Postgres connections this process may hold. It must cover everything the process
 * runs at once (a worker's consumers and background loops): a smaller pool makes queries queue
 * and interactive transactions fail to start (Prisma P2028).
 */
export function createPlatformClients(env: SharedEnv, logger: Logger, options: { dbPoolSize?: number } = {}): PlatformClients {
  const redis = createRedis(env.REDIS_URL, 'producer');
  // A Redis outage must not crash the process: readiness reports it instead.
  redis.on('error', (err) => logger.warn({ err: err.message }, 'redis connection error'));
  return {
    logger,
    db: createDb({ databaseUrl: env.DATABASE_URL, maxConnections: options.dbPoolSize }),
    redis,
    store: new ObjectStore(storageOptionsFromEnv(env)),
    producers: new Producers(redis, env.QUEUE_PREFIX),
  };
}

/** Ordered shutdown: queues, then Redis, then storage, then Postgres. */
export async function closePlatformClients(clients: PlatformClients): Promise<void> {
  await clients.producers.close();
  await clients.redis.quit().catch(() => clients.redis.disconnect());
  clients.store.close();
  await clients.db.$disconnect();
}
