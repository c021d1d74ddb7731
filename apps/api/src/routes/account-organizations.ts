import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  changeMemberRole,
  createApiKey,
  createInvitation,
  createOrganizationForUser,
  findMembership,
  listApiKeys,
  listInvitations,
  listMembers,
  removeMember,
  requireRole,
  revokeApiKey,
  revokeInvitation,
  toApiKeyObject,
  toInvitationObject,
  toList,
  toMemberObject,
  toOrganizationObject,
  type Role,
} from '@whetstone/services';
import { requireSession } from '../plugins/session-auth';
import { createdInvitationObject, email, invitationObject, memberObject, membershipSummary, role } from '../schemas/accounts';
import { errorBodySchema, listOf } from '../schemas/common';
import { apiKeyObject, createdApiKeyObject, name } from '../schemas/tenants';
import type { AppDeps } from '../deps';

const tags = ['account'];
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };
const orgParams = z.object({ org_id: z.string() });

/**
 * Organizations as their members see them: creating one, members and roles, invitations and API
 * keys. Every route first finds the caller's membership: another organization's id answers 404.
 */
export const accountOrganizationRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  const { db } = deps;
  requireSession(app, db);

  /** The caller's membership in :org_id (404 when none), checked against the role the action needs. */
  async function caller(request: FastifyRequest, orgId: string, atLeast: Role, action: string) {
    const membership = await findMembership(db, request.user!.id, orgId);
    requireRole(membership.role, atLeast, action);
    return membership;
  }

  app.post(
    '',
    {
      schema: { tags, summary: 'Create an organization; you become its owner', body: z.object({ name }), response: { 200: membershipSummary, ...errors } },
    },
    async (request) => ({ organization: toOrganizationObject(await createOrganizationForUser(db, request.user!.id, request.body.name)), role: 'owner' as const }),
  );

  app.get(
    '/:org_id/members',
    { schema: { tags, summary: "An organization's members and their roles", params: orgParams, response: { 200: listOf(memberObject), ...errors } } },
    async (request) => {
      await caller(request, request.params.org_id, 'viewer', 'list members');
      return toList((await listMembers(db, request.params.org_id)).map(toMemberObject), false);
    },
  );

  app.patch(
    '/:org_id/members/:member_id',
    {
      schema: {
        tags,
        summary: "Change a member's role (owners only; the last owner stays an owner)",
        params: orgParams.extend({ member_id: z.string() }),
        body: z.object({ role }),
        response: { 200: memberObject, ...errors },
      },
    },
    async (request) => {
      await caller(request, request.params.org_id, 'owner', 'manage members');
      return toMemberObject(await changeMemberRole(db, request.params.org_id, request.params.member_id, request.body.role));
    },
  );

  app.delete(
    '/:org_id/members/:member_id',
    {
      schema: { tags, summary: 'Remove a member (owners only)', params: orgParams.extend({ member_id: z.string() }), response: { 200: memberObject, ...errors } },
    },
    async (request) => {
      await caller(request, request.params.org_id, 'owner', 'manage members');
      return toMemberObject(await removeMember(db, request.params.org_id, request.params.member_id));
    },
  );

  app.post(
    '/:org_id/invitations',
    {
      schema: {
        tags,
        summary: 'Invite someone by email (owners only); the token is shown only in this response',
        params: orgParams,
        body: z.object({ email, role: role.default('member') }),
        response: { 200: createdInvitationObject, ...errors },
      },
    },
    async (request) => {
      const me = await caller(request, request.params.org_id, 'owner', 'invite members');
      const { invitation, token } = await createInvitation(db, { orgId: me.organizationId, email: request.body.email, role: request.body.role, invitedById: request.user!.id });
      return { ...toInvitationObject(invitation), token };
    },
  );

  app.get(
    '/:org_id/invitations',
    { schema: { tags, summary: 'Invitations (owners only)', params: orgParams, response: { 200: listOf(invitationObject), ...errors } } },
    async (request) => {
      await caller(request, request.params.org_id, 'owner', 'manage invitations');
      return toList((await listInvitations(db, request.params.org_id)).map((i) => toInvitationObject(i)), false);
    },
  );

  app.delete(
    '/:org_id/invitations/:invitation_id',
    {
      schema: { tags, summary: 'Revoke an invitation (owners only)', params: orgParams.extend({ invitation_id: z.string() }), response: { 200: invitationObject, ...errors } },
    },
    async (request) => {
      await caller(request, request.params.org_id, 'owner', 'manage invitations');
      return toInvitationObject(await revokeInvitation(db, request.params.org_id, request.params.invitation_id));
    },
  );

  app.get(
    '/:org_id/api_keys',
    { schema: { tags, summary: "The organization's API keys (last four characters only)", params: orgParams, response: { 200: listOf(apiKeyObject), ...errors } } },
    async (request) => {
      await caller(request, request.params.org_id, 'viewer', 'list API keys');
      return toList((await listApiKeys(db, request.params.org_id)).map(toApiKeyObject), false);
    },
  );

  app.post(
    '/:org_id/api_keys',
    {
      schema: {
        tags,
        summary: 'Create an API key (owners only); the key is shown only in this response',
        params: orgParams,
        body: z.object({ name: name.default('default') }),
        response: { 200: createdApiKeyObject, ...errors },
      },
    },
    async (request) => {
      await caller(request, request.params.org_id, 'owner', 'manage API keys');
      const { record, key } = await createApiKey(db, request.params.org_id, request.body.name);
      return { ...toApiKeyObject(record), key };
    },
  );

  app.delete(
    '/:org_id/api_keys/:key_id',
    {
      schema: { tags, summary: 'Revoke an API key (owners only)', params: orgParams.extend({ key_id: z.string() }), response: { 200: apiKeyObject, ...errors } },
    },
    async (request) => {
      await caller(request, request.params.org_id, 'owner', 'manage API keys');
      const revoked = await revokeApiKey(db, request.params.org_id, request.params.key_id);
      await deps.auth.tenantChanged(request.params.org_id); // every replica's auth cache
      return toApiKeyObject(revoked);
    },
  );
};
