import type { FastifyInstance, FastifyRequest } from 'fastify';
import { RateLimitError, ServiceUnavailableError } from '@whetstone/common';
import type { Organization } from '@whetstone/db';
import { waitUntilReady, type Redis } from '@whetstone/queue';

const WINDOW_MS = 60_000;
/** A limiter that cannot reach Redis within this long counts as down. */
const REDIS_TIMEOUT_MS = 500;
const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyRequest {
    /** The per-organization limit was already counted with the per-IP one (one Redis round trip). */
    organizationLimitCounted: boolean;
  }
}

/**
 * Counts one request in each window, in order, stopping after a window whose limit is exceeded
 * (an IP-limited flood must not spend its organization's budget): one script, so a request costs
 * one Redis round trip however many windows it counts in. KEYS: the windows; ARGV: the windows'
 * lifetime in ms, then each window's limit.
 */
const HIT_WINDOWS = `
local counts = {}
for i, key in ipairs(KEYS) do
  local n = redis.call('INCR', key)
  if n == 1 then redis.call('PEXPIRE', key, ARGV[1]) end
  counts[i] = n
  if n > tonumber(ARGV[i + 1]) then break end
end
return counts`;

type LimiterRedis = Redis & { hitWindows(numberOfKeys: number, ...args: (string | number)[]): Promise<number[]> };

function limiterRedis(redis: Redis): LimiterRedis {
  const limiter = redis as LimiterRedis;
  // ioredis runs it by EVALSHA and loads it once when Redis does not know it yet.
  if (typeof limiter.hitWindows !== 'function') redis.defineCommand('hitWindows', { lua: HIT_WINDOWS });
  return limiter;
}

interface Window {
  key: string;
  max: number;
  what: string;
}

/**
 * Fixed one-minute windows counted in Redis (shared by every API replica). Returns each window's
 * count (a window after an exceeded one is not counted) and the milliseconds left in the minute;
 * throws when Redis does not answer.
 */
async function hit(redis: LimiterRedis, windows: Window[], now: number): Promise<{ counts: number[]; resetMs: number }> {
  const window = Math.floor(now / WINDOW_MS);
  // Only a first connection is waited for; a lost one counts as down at once.
  if (redis.status !== 'ready' && redis.status !== 'connecting' && redis.status !== 'connect') throw new Error(`rate limiter: redis ${redis.status}`);
  const keys = windows.map((w) => `whetstone-ratelimit:${w.key}:${window}`);
  let timer: NodeJS.Timeout | undefined;
  try {
    const counts = await Promise.race([
      (redis.status === 'ready' ? Promise.resolve() : waitUntilReady(redis)).then(() =>
        redis.hitWindows(keys.length, ...keys, WINDOW_MS * 2, ...windows.map((w) => w.max)),
      ),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('rate limiter: redis timeout')), REDIS_TIMEOUT_MS);
      }),
    ]);
    return { counts: counts.map(Number), resetMs: (window + 1) * WINDOW_MS - now };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * One limiter check. When Redis is unavailable writes are refused with 503 (fail closed: an
 * outage must not remove every limit), while reads are served (they change nothing and the
 * dashboard stays usable); /readyz reports Redis either way.
 */
async function enforce(request: FastifyRequest, redis: LimiterRedis, windows: Window[]): Promise<void> {
  let outcome: { counts: number[]; resetMs: number };
  try {
    outcome = await hit(redis, windows, Date.now());
  } catch (err) {
    if (READS.has(request.method)) {
      request.log.warn({ err }, 'rate limiter unavailable; serving a read without it');
      return;
    }
    request.log.error({ err }, 'rate limiter unavailable; refusing a write');
    throw new ServiceUnavailableError('Request limits cannot be checked right now; retry shortly.', 'rate_limiter_unavailable');
  }
  windows.forEach(({ max, what }, i) => {
    const count = outcome.counts[i];
    if (count !== undefined && count > max) {
      const retryAfter = Math.max(1, Math.ceil(outcome.resetMs / 1000));
      throw new RateLimitError(`Rate limit reached: ${max} requests per minute ${what}. Retry after ${retryAfter} s.`, retryAfter);
    }
  });
}

const organizationWindow = (org: Organization, defaultPerMinute: number): Window => ({
  key: `org:${org.id}`,
  max: org.requestsPerMinute ?? defaultPerMinute,
  what: 'for this organization',
});

export interface IpRateLimitOptions {
  perMinute: number;
  /** Applies when an organization has no requests_per_minute of its own. */
  defaultPerOrganizationPerMinute: number;
  /**
   * The request's organization when it is known without any I/O (an API key in the auth
   * cache): its window is then counted in the same round trip as the IP's.
   */
  knownOrganization(request: FastifyRequest): Organization | null;
}

/** Per client IP, as the scope's first hook: counts requests before authentication or validation (401s and 400s count). */
export function registerIpRateLimit(scope: FastifyInstance, redis: Redis, options: IpRateLimitOptions): void {
  const limiter = limiterRedis(redis);
  scope.decorateRequest('organizationLimitCounted', false);
  scope.addHook('onRequest', async (request) => {
    const ip: Window = { key: `ip:${request.ip}`, max: options.perMinute, what: 'from this address' };
    const org = options.knownOrganization(request);
    if (!org) return enforce(request, limiter, [ip]);
    request.organizationLimitCounted = true;
    return enforce(request, limiter, [ip, organizationWindow(org, options.defaultPerOrganizationPerMinute)]);
  });
}

/**
 * Per organization (every key and session of it together), right after authentication, unless
 * the IP hook already counted it.
 */
export function registerOrganizationRateLimit(scope: FastifyInstance, redis: Redis, defaultPerMinute: number): void {
  const limiter = limiterRedis(redis);
  scope.addHook('onRequest', async (request) => {
    if (request.organizationLimitCounted) return;
    await enforce(request, limiter, [organizationWindow(request.organization, defaultPerMinute)]);
  });
}
