import IORedis, { type Redis } from 'ioredis';

/**
 * Redis connections. BullMQ workers need `maxRetriesPerRequest: null` (blocking commands must
 * not give up); producers in the API fail fast instead so a request never hangs on Redis.
 * `requests` is a producer for per-request commands (rate limits) that auto-pipelines: the
 * commands of concurrent requests issued in one tick go out in one write (a syscall per request
 * is a large share of a cheap request's cost). Whoever creates a connection quits it (BullMQ's
 * close() leaves passed-in connections open).
 * Reconnects back off 50 ms per attempt up to 500 ms (ioredis's default caps at 2 s, which kept
 * the rate limiter answering 503 for up to 2 s after Redis was back).
 */
export function createRedis(url: string, purpose: 'worker' | 'producer' | 'requests'): Redis {
  return new IORedis(url, {
    maxRetriesPerRequest: purpose === 'worker' ? null : 1,
    enableOfflineQueue: purpose === 'worker',
    enableAutoPipelining: purpose === 'requests',
    connectTimeout: 3000,
    retryStrategy: reconnectDelayMs,
    lazyConnect: false,
  });
}

/** Delay before reconnect attempt `attempt` (1-based): short, since an attempt costs one connect. */
export function reconnectDelayMs(attempt: number): number {
  return Math.min(attempt * 50, 500);
}

/** True when Redis answers PING within `timeoutMs`. */
export async function pingRedis(redis: Redis, timeoutMs = 2000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const reply = await Promise.race([
      // A connection still (re)connecting would reject PING at once with no offline queue.
      waitUntilReady(redis).then(() => redis.ping()),
      new Promise<string>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
      }),
    ]);
    return reply === 'PONG';
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

export type { Redis };

/** Resolves once the connection is ready (a producer connection has no offline queue). */
export function waitUntilReady(redis: Redis): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve) => redis.once('ready', () => resolve()));
}
