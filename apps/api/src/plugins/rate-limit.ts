import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { RateLimitError } from '@whetstone/common';
import type { Redis } from '@whetstone/queue';

/**
 * Per-API-key rate limiting, counted in Redis so every API replica shares the budget.
 * Runs after authentication (preHandler) so the organization's own limit applies.
 * If Redis is unreachable the request is served (fail open): /readyz already reports Redis.
 */
export async function registerRateLimit(scope: FastifyInstance, redis: Redis, defaultPerMinute: number): Promise<void> {
  await scope.register(rateLimit, {
    hook: 'preHandler',
    redis,
    nameSpace: 'whetstone-ratelimit-',
    skipOnError: true,
    timeWindow: 60_000,
    keyGenerator: (request) => request.apiKey?.id ?? request.ip,
    max: (request) => request.organization?.requestsPerMinute ?? defaultPerMinute,
    errorResponseBuilder: (_request, context) =>
      new RateLimitError(
        `Rate limit reached: ${context.max} requests per minute for this API key. Retry after ${context.after}.`,
        Math.max(1, Math.ceil(context.ttl / 1000)),
      ),
  });
}
