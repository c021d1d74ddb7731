import type { FastifyInstance, FastifyRequest } from 'fastify';
import { RateLimitError, ServiceUnavailableError } from '@whetstone/common';
import type { Organization } from '@whetstone/db';
import { TokenLeases, type Window } from './token-leases';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyRequest {
    /** The per-organization limit was already counted with the per-IP one (one Redis round trip). */
    organizationLimitCounted: boolean;
  }
}

interface LimitWindow extends Window {
  what: string;
}

/**
 * One limiter check. When Redis is unavailable writes are refused with 503 (fail closed: an
 * outage must not remove every limit), while reads are served (they change nothing and the
 * dashboard stays usable); /readyz reports Redis either way.
 */
async function enforce(request: FastifyRequest, leases: TokenLeases, windows: LimitWindow[]): Promise<void> {
  let outcome: { refused: number; resetMs: number };
  try {
    outcome = await leases.take(windows, Date.now());
  } catch (err) {
    if (READS.has(request.method)) {
      request.log.warn({ err }, 'rate limiter unavailable; serving a read without it');
      return;
    }
    request.log.error({ err }, 'rate limiter unavailable; refusing a write');
    throw new ServiceUnavailableError('Request limits cannot be checked right now; retry shortly.', 'rate_limiter_unavailable');
  }
  const refused = windows[outcome.refused];
  if (refused) {
    const retryAfter = Math.max(1, Math.ceil(outcome.resetMs / 1000));
    throw new RateLimitError(`Rate limit reached: ${refused.max} requests per minute ${refused.what}. Retry after ${retryAfter} s.`, retryAfter);
  }
}

const organizationWindow = (org: Organization, defaultPerMinute: number): LimitWindow => ({
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
export function registerIpRateLimit(scope: FastifyInstance, leases: TokenLeases, options: IpRateLimitOptions): void {
  scope.decorateRequest('organizationLimitCounted', false);
  scope.addHook('onRequest', async (request) => {
    const ip: LimitWindow = { key: `ip:${request.ip}`, max: options.perMinute, what: 'from this address' };
    const org = options.knownOrganization(request);
    if (!org) return enforce(request, leases, [ip]);
    request.organizationLimitCounted = true;
    return enforce(request, leases, [ip, organizationWindow(org, options.defaultPerOrganizationPerMinute)]);
  });
}

/**
 * Per organization (every key and session of it together), right after authentication, unless
 * the IP hook already counted it.
 */
export function registerOrganizationRateLimit(scope: FastifyInstance, leases: TokenLeases, defaultPerMinute: number): void {
  scope.addHook('onRequest', async (request) => {
    if (request.organizationLimitCounted) return;
    await enforce(request, leases, [organizationWindow(request.organization, defaultPerMinute)]);
  });
}
