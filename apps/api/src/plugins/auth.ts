import { timingSafeEqual, createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AuthenticationError } from '@whetstone/common';
import type { ApiKey, Organization } from '@whetstone/db';
import type { ApiKeyCache } from '@whetstone/services';

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller's organization, resolved from the API key. Set on every /v1 route. */
    organization: Organization;
    apiKey: ApiKey;
  }
}

export function bearer(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? '';
}

const REASONS = {
  malformed: 'Incorrect API key format. Keys look like sk-...; pass one as Authorization: Bearer <key>.',
  unknown: 'Incorrect API key provided.',
  revoked: 'This API key has been revoked.',
} as const;

/** Tenant authentication: every route registered inside `scope` resolves the organization from the key. */
export function requireApiKey(scope: FastifyInstance, auth: ApiKeyCache): void {
  scope.decorateRequest('organization', null as unknown as Organization);
  scope.decorateRequest('apiKey', null as unknown as ApiKey);
  scope.addHook('onRequest', async (request) => {
    if (request.organization) return; // a dashboard session already authenticated it (session-auth.ts)
    const presented = bearer(request);
    if (presented === null) {
      throw new AuthenticationError('Missing API key. Pass it as Authorization: Bearer <key>.', 'missing_api_key');
    }
    const result = await auth.authenticate(presented);
    if (!result.ok) throw new AuthenticationError(REASONS[result.reason], result.reason === 'revoked' ? 'revoked_api_key' : 'invalid_api_key');
    request.organization = result.organization;
    request.apiKey = result.apiKey;
    request.log = request.log.child({ orgId: result.organization.id });
  });
}

/** The organization of the request's API key when the auth cache holds it (no I/O); see rate-limit.ts. */
export function cachedOrganization(request: FastifyRequest, auth: ApiKeyCache): Organization | null {
  const presented = bearer(request);
  return presented ? auth.peekOrganization(presented) : null;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Operator authentication for /admin: constant-time comparison with ADMIN_TOKEN. */
export function requireAdminToken(scope: FastifyInstance, adminToken: string): void {
  const expected = digest(adminToken);
  scope.addHook('onRequest', async (request) => {
    const presented = bearer(request);
    if (presented === null) throw new AuthenticationError('Missing admin token.', 'missing_admin_token');
    if (!timingSafeEqual(digest(presented), expected)) throw new AuthenticationError('Invalid admin token.', 'invalid_admin_token');
  });
}
