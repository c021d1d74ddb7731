import type { FastifyInstance, FastifyRequest } from 'fastify';
import { RateLimitError, ServiceUnavailableError } from '@whetstone/common';
import { waitUntilReady, type Redis } from '@whetstone/queue';

const WINDOW_MS = 60_000;
/** A limiter that cannot reach Redis within this long counts as down. */
const REDIS_TIMEOUT_MS = 500;
const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Fixed one-minute windows counted in Redis (shared by every API replica). Returns the count in
 * the current window and the milliseconds left in it; throws when Redis does not answer.
 */
async function hit(redis: Redis, key: string, now: number): Promise<{ count: number; resetMs: number }> {
  const window = Math.floor(now / WINDOW_MS);
  const redisKey = `whetstone-ratelimit:${key}:${window}`;
  // Only a first connection is waited for; a lost one counts as down at once.
  if (redis.status !== 'ready' && redis.status !== 'connecting' && redis.status !== 'connect') throw new Error(`rate limiter: redis ${redis.status}`);
  let timer: NodeJS.Timeout | undefined;
  try {
    const result = await Promise.race([
      waitUntilReady(redis).then(() => redis.multi().incr(redisKey).pexpire(redisKey, WINDOW_MS * 2).exec()),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('rate limiter: redis timeout')), REDIS_TIMEOUT_MS);
      }),
    ]);
    const [incrError, count] = result?.[0] ?? [new Error('rate limiter: empty reply'), 0];
    if (incrError) throw incrError;
    return { count: Number(count), resetMs: (window + 1) * WINDOW_MS - now };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * One limiter check. When Redis is unavailable writes are refused with 503 (fail closed: an
 * outage must not remove every limit), while reads are served (they change nothing and the
 * dashboard stays usable); /readyz reports Redis either way.
 */
async function enforce(request: FastifyRequest, redis: Redis, key: string, max: number, what: string): Promise<void> {
  let outcome: { count: number; resetMs: number };
  try {
    outcome = await hit(redis, key, Date.now());
  } catch (err) {
    if (READS.has(request.method)) {
      request.log.warn({ err }, 'rate limiter unavailable; serving a read without it');
      return;
    }
    request.log.error({ err }, 'rate limiter unavailable; refusing a write');
    throw new ServiceUnavailableError('Request limits cannot be checked right now; retry shortly.', 'rate_limiter_unavailable');
  }
  if (outcome.count > max) {
    const retryAfter = Math.max(1, Math.ceil(outcome.resetMs / 1000));
    throw new RateLimitError(`Rate limit reached: ${max} requests per minute ${what}. Retry after ${retryAfter} s.`, retryAfter);
  }
}

/** Per client IP, as the scope's first hook: counts requests before authentication or validation. */
export function registerIpRateLimit(scope: FastifyInstance, redis: Redis, perMinute: number): void {
  scope.addHook('onRequest', async (request) => enforce(request, redis, `ip:${request.ip}`, perMinute, 'from this address'));
}

/** Per organization (every key and session of it together), right after authentication. */
export function registerOrganizationRateLimit(scope: FastifyInstance, redis: Redis, defaultPerMinute: number): void {
  scope.addHook('onRequest', async (request) => {
    const org = request.organization;
    await enforce(request, redis, `org:${org.id}`, org.requestsPerMinute ?? defaultPerMinute, 'for this organization');
  });
}
