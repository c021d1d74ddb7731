import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  acceptInvitation,
  countSignupAttempt,
  createSession,
  csrfTokenFor,
  listMembershipsOfUser,
  logIn,
  revokeSession,
  signUp,
  toOrganizationObject,
  toUserObject,
} from '@whetstone/services';
import type { Db, Session, User } from '@whetstone/db';
import { SESSION_COOKIE, clearSessionCookie, requireSession, setSessionCookie } from '../plugins/session-auth';
import { email, membershipSummary, password, sessionObject } from '../schemas/accounts';
import { errorBodySchema } from '../schemas/common';
import { name } from '../schemas/tenants';
import type { AppDeps } from '../deps';

const tags = ['account'];
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema, 429: errorBodySchema };

async function sessionBody(db: Db, user: User, session: Session, token: string) {
  const memberships = await listMembershipsOfUser(db, user.id);
  return {
    object: 'session' as const,
    user: toUserObject(user),
    csrf_token: csrfTokenFor(token),
    expires_at: Math.floor(session.expiresAt.getTime() / 1000),
    organizations: memberships.map((m) => ({ organization: toOrganizationObject(m.organization), role: m.role })),
  };
}

/** Sign-up, sign-in and sign-out for dashboard users (cookie sessions; API keys are separate). */
export const accountRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  const { db, config } = deps;
  const limits = {
    perAccount: config.LOGIN_MAX_FAILURES_PER_ACCOUNT,
    perIp: config.LOGIN_MAX_FAILURES_PER_IP,
    windowSeconds: config.LOGIN_FAILURE_WINDOW_SECONDS,
  };
  const signupLimits = { perIp: config.SIGNUP_MAX_PER_IP, windowSeconds: config.SIGNUP_WINDOW_SECONDS };

  app.post(
    '/signup',
    {
      schema: {
        tags,
        summary: 'Create a user account and sign in (sets the session cookie; rate limited per IP)',
        body: z.object({ email, password, name: name.optional() }),
        response: { 200: sessionObject, ...errors },
      },
    },
    async (request, reply) => {
      await countSignupAttempt(deps.redis, request.ip, signupLimits);
      const user = await signUp(db, request.body);
      const { session, token } = await createSession(db, user.id);
      setSessionCookie(reply, token, config.SESSION_COOKIE_SECURE);
      return sessionBody(db, user, session, token);
    },
  );

  app.post(
    '/login',
    {
      schema: {
        tags,
        summary: 'Sign in with email and password (rate limited per account and per IP)',
        body: z.object({ email, password }),
        response: { 200: sessionObject, ...errors },
      },
    },
    async (request, reply) => {
      const { user, session, token } = await logIn({ db, redis: deps.redis }, { ...request.body, ip: request.ip }, limits);
      setSessionCookie(reply, token, config.SESSION_COOKIE_SECURE);
      return sessionBody(db, user, session, token);
    },
  );

  await app.register(async (scope) => {
    requireSession(scope, db);
    const signedIn = scope.withTypeProvider<ZodTypeProvider>();

    signedIn.get(
      '/session',
      { schema: { tags, summary: 'The signed-in user, the CSRF token and their organizations', response: { 200: sessionObject, ...errors } } },
      async (request) => sessionBody(db, request.user!, request.session!, request.cookies[SESSION_COOKIE]!),
    );

    signedIn.post(
      '/logout',
      { schema: { tags, summary: 'Sign out (revokes the session)', response: { 204: z.null(), ...errors } } },
      async (request, reply) => {
        await revokeSession(db, request.session!.id);
        clearSessionCookie(reply, config.SESSION_COOKIE_SECURE);
        return reply.code(204).send(null);
      },
    );

    signedIn.post(
      '/invitations/accept',
      {
        schema: {
          tags,
          summary: 'Accept an invitation sent to your email address',
          body: z.object({ token: z.string().min(1).max(200) }),
          response: { 200: membershipSummary, ...errors },
        },
      },
      async (request) => {
        const membership = await acceptInvitation(db, request.user!, request.body.token);
        const memberships = await listMembershipsOfUser(db, request.user!.id);
        const joined = memberships.find((m) => m.id === membership.id)!;
        return { organization: toOrganizationObject(joined.organization), role: joined.role };
      },
    );
  });
};
