import { z } from 'zod';
import { ROLES } from '@whetstone/services';
import { organizationObject } from './tenants';

export const role = z.enum(ROLES).meta({ id: 'MemberRole', description: 'owner: everything; member: create, cancel, delete; viewer: read only' });

export const email = z.email().max(320);
export const password = z.string().min(1).max(256);

export const userObject = z
  .object({ id: z.string(), object: z.literal('user'), email: z.string(), name: z.string().nullable(), created_at: z.number().int() })
  .meta({ id: 'User' });

export const membershipSummary = z
  .object({ organization: organizationObject, role })
  .meta({ id: 'MembershipSummary' });

export const sessionObject = z
  .object({
    object: z.literal('session'),
    user: userObject,
    csrf_token: z.string().describe('Send as x-csrf-token on every request that changes something'),
    expires_at: z.number().int(),
    organizations: z.array(membershipSummary),
  })
  .meta({ id: 'Session' });

export const memberObject = z
  .object({
    id: z.string(),
    object: z.literal('organization.member'),
    user_id: z.string(),
    email: z.string(),
    name: z.string().nullable(),
    role,
    created_at: z.number().int(),
  })
  .meta({ id: 'Member' });

export const invitationObject = z
  .object({
    id: z.string(),
    object: z.literal('organization.invitation'),
    email: z.string(),
    role,
    status: z.enum(['pending', 'accepted', 'revoked', 'expired']),
    created_at: z.number().int(),
    expires_at: z.number().int(),
  })
  .meta({ id: 'Invitation' });

export const createdInvitationObject = invitationObject
  .extend({ token: z.string().describe('Shown only in this response: the invitee accepts with it') })
  .meta({ id: 'CreatedInvitation' });
