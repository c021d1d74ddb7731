import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AuthenticationError, PermissionError, ValidationError } from '@whetstone/common';
import type { Db, Session, User } from '@whetstone/db';
import { SESSION_TTL_SECONDS, csrfMatches, findMembership, requireRole, resolveSession, type Role } from '@whetstone/services';

/**
 * Cookie sessions for the dashboard, beside API-key auth (plugins/auth.ts): a browser signs in
 * with email and password, gets an httpOnly cookie, and sends the CSRF token (from the sign-in
 * or session response) in `x-csrf-token` on every request that changes something.
 */
export const SESSION_COOKIE = 'whetstone_session';
export const CSRF_HEADER = 'x-csrf-token';
/** Which organization a session request acts for (a user may belong to several). */
export const ORGANIZATION_HEADER = 'whetstone-organization';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when a dashboard session (not an API key) authenticated the request. */
    user: User | null;
    session: Session | null;
    /** The session user's role in request.organization; null for API keys (full access). */
    memberRole: Role | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function setSessionCookie(reply: FastifyReply, token: string, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, secure, sameSite: 'strict', path: '/', maxAge: SESSION_TTL_SECONDS });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(SESSION_COOKIE, { httpOnly: true, secure, sameSite: 'strict', path: '/' });
}

/** Resolves the session cookie and checks CSRF on unsafe methods; null when there is no cookie. */
async function authenticateSession(db: Db, request: FastifyRequest): Promise<{ session: Session; user: User } | null> {
  const token = request.cookies[SESSION_COOKIE];
  if (!token) return null;
  const session = await resolveSession(db, token);
  if (!session) throw new AuthenticationError('Your session has expired; sign in again.', 'session_expired');
  if (!SAFE_METHODS.has(request.method)) {
    const presented = request.headers[CSRF_HEADER];
    if (!csrfMatches(token, typeof presented === 'string' ? presented : undefined)) {
      throw new PermissionError(`Missing or wrong ${CSRF_HEADER} header.`, 'csrf_token_invalid');
    }
  }
  const { user, ...rest } = session;
  return { session: rest, user };
}

function decorate(scope: FastifyInstance): void {
  if (scope.hasRequestDecorator('user')) return;
  scope.decorateRequest('user', null);
  scope.decorateRequest('session', null);
  scope.decorateRequest('memberRole', null);
}

/** Account routes (/account/v1): a signed-in user is required. */
export function requireSession(scope: FastifyInstance, db: Db): void {
  decorate(scope);
  scope.addHook('onRequest', async (request) => {
    const found = await authenticateSession(db, request);
    if (!found) throw new AuthenticationError('Sign in first.', 'not_signed_in');
    request.user = found.user;
    request.session = found.session;
    request.log = request.log.child({ userId: found.user.id });
  });
}

/**
 * Tenant routes (/v1) also accept a session: without an Authorization header, the session
 * cookie plus the organization header stand in for an API key. Not being a member of that
 * organization answers 404; a viewer may only read.
 * Registered before requireApiKey, which leaves requests this hook authenticated alone.
 */
export function allowSessionAuth(scope: FastifyInstance, db: Db): void {
  decorate(scope);
  scope.addHook('onRequest', async (request) => {
    if (request.headers.authorization || !request.cookies[SESSION_COOKIE]) return;
    const found = await authenticateSession(db, request);
    if (!found) return;
    const orgId = request.headers[ORGANIZATION_HEADER];
    if (typeof orgId !== 'string' || !orgId) {
      throw new ValidationError(`Session requests name their organization in the ${ORGANIZATION_HEADER} header.`, ORGANIZATION_HEADER, 'missing_organization');
    }
    const membership = await findMembership(db, found.user.id, orgId);
    if (!SAFE_METHODS.has(request.method)) requireRole(membership.role, 'member', 'create, change or delete resources');
    request.user = found.user;
    request.session = found.session;
    request.memberRole = membership.role;
    request.organization = membership.organization;
    request.log = request.log.child({ orgId, userId: found.user.id });
  });
}
