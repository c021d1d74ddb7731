import type { ApiConfig } from '@whetstone/config';
import type { Logger } from '@whetstone/common';
import { createRedis, type Redis } from '@whetstone/queue';
import { createApiMetrics, type ApiMetrics } from './metrics';
import { StreamSlots } from './streams/stream-slots';
import { ApiKeyCache, closePlatformClients, createPlatformClients, tenantChangeChannel, type PlatformClients } from '@whetstone/services';

/** Everything the API's routes need, created once per process and passed in (no singletons). */
export interface AppDeps extends PlatformClients {
  config: ApiConfig;
  /** API-key authentication, cached per process and invalidated across replicas through Redis. */
  auth: ApiKeyCache;
  /** The auth cache's subscriber connection (a subscribed connection can issue nothing else). */
  subscriber: Redis;
  /** Per-request commands (rate limits), auto-pipelined across concurrent requests. */
  requestRedis: Redis;
  /** Prometheus series, served by server.ts on METRICS_PORT (never on the API's own port). */
  metrics: ApiMetrics;
  /** True when this process records traces (OTEL_EXPORTER_OTLP_ENDPOINT set). */
  tracing: boolean;
  /** Open Server-Sent Events streams, bounded per organization and per job across replicas. */
  streamSlots: StreamSlots;
}

export function createDeps(config: ApiConfig, logger: Logger, options: { tracing?: boolean } = {}): AppDeps {
  const clients = createPlatformClients(config, logger);
  const subscriber = createRedis(config.REDIS_URL, 'worker');
  subscriber.on('error', (err) => logger.warn({ err: err.message }, 'redis subscriber connection error'));
  const auth = new ApiKeyCache(clients.db, subscriber, clients.redis, { channel: tenantChangeChannel(config.QUEUE_PREFIX), logger });
  const requestRedis = createRedis(config.REDIS_URL, 'requests');
  requestRedis.on('error', (err) => logger.warn({ err: err.message }, 'redis (requests) connection error'));
  const streamSlots = new StreamSlots(
    clients.redis,
    { perOrganization: config.STREAMS_PER_ORGANIZATION, perJob: config.STREAMS_PER_JOB },
    `${config.QUEUE_PREFIX}:streams`,
  );
  return {
    config,
    ...clients,
    auth,
    subscriber,
    streamSlots,
    requestRedis,
    metrics: createApiMetrics(config, clients),
    tracing: options.tracing ?? false,
  };
}

export async function closeDeps(deps: AppDeps): Promise<void> {
  await deps.subscriber.quit().catch(() => deps.subscriber.disconnect());
  await deps.requestRedis.quit().catch(() => deps.requestRedis.disconnect());
  await closePlatformClients(deps);
}
