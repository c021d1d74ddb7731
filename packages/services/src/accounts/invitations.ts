import { createHash } from 'node:crypto';
import { ConflictError, NotFoundError, PermissionError, newId, randomToken } from '@whetstone/common';
import type { Db, Invitation, Membership } from '@whetstone/db';
import type { Role } from './roles';
import { normalizeEmail } from './users';

export const INVITATION_TTL_SECONDS = 7 * 24 * 3600;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export interface InvitationObject {
  id: string;
  object: 'organization.invitation';
  email: string;
  role: Role;
  status: 'pending' | 'accepted' | 'revoked' | 'expired';
  created_at: number;
  expires_at: number;
}

const seconds = (d: Date) => Math.floor(d.getTime() / 1000);

export function toInvitationObject(inv: Invitation, now = new Date()): InvitationObject {
  const status = inv.acceptedAt ? 'accepted' : inv.revokedAt ? 'revoked' : inv.expiresAt <= now ? 'expired' : 'pending';
  return { id: inv.id, object: 'organization.invitation', email: inv.email, role: inv.role, status, created_at: seconds(inv.createdAt), expires_at: seconds(inv.expiresAt) };
}

/**
 * Invites an email address. The token is returned once, for the owner to pass on (the platform
 * sends no email); it is accepted by a signed-in user with that email.
 */
export async function createInvitation(db: Db, input: { orgId: string; email: string; role: Role; invitedById: string }) {
  const email = normalizeEmail(input.email);
  const existing = await db.membership.findFirst({ where: { organizationId: input.orgId, user: { email } } });
  if (existing) throw new ConflictError(`${email} is already a member of this organization.`, 'already_member', 'email');
  const token = `inv_${randomToken(24)}`;
  const invitation = await db.invitation.create({
    data: {
      id: newId('invitation'),
      organizationId: input.orgId,
      email,
      role: input.role,
      tokenHash: sha256(token),
      invitedById: input.invitedById,
      expiresAt: new Date(Date.now() + INVITATION_TTL_SECONDS * 1000),
    },
  });
  return { invitation, token };
}

export async function listInvitations(db: Db, orgId: string): Promise<Invitation[]> {
  return db.invitation.findMany({ where: { organizationId: orgId }, orderBy: { id: 'desc' } });
}

export async function revokeInvitation(db: Db, orgId: string, invitationId: string): Promise<Invitation> {
  const inv = await db.invitation.findFirst({ where: { id: invitationId, organizationId: orgId } });
  if (!inv) throw new NotFoundError('invitation', invitationId);
  if (inv.acceptedAt || inv.revokedAt) return inv;
  return db.invitation.update({ where: { id: inv.id }, data: { revokedAt: new Date() } });
}

/** The signed-in user accepts an invitation addressed to their email and becomes a member. */
export async function acceptInvitation(db: Db, user: { id: string; email: string }, token: string): Promise<Membership> {
  const inv = await db.invitation.findUnique({ where: { tokenHash: sha256(token) } });
  if (!inv || inv.revokedAt || inv.acceptedAt || inv.expiresAt <= new Date()) {
    throw new NotFoundError('invitation', 'for this token');
  }
  if (inv.email !== user.email) {
    throw new PermissionError('This invitation was sent to a different email address.', 'invitation_email_mismatch');
  }
  return db.$transaction(async (tx) => {
    const claimed = await tx.invitation.updateMany({ where: { id: inv.id, acceptedAt: null, revokedAt: null }, data: { acceptedAt: new Date() } });
    if (claimed.count !== 1) throw new NotFoundError('invitation', 'for this token');
    const existing = await tx.membership.findUnique({ where: { organizationId_userId: { organizationId: inv.organizationId, userId: user.id } } });
    if (existing) return existing;
    return tx.membership.create({ data: { id: newId('membership'), organizationId: inv.organizationId, userId: user.id, role: inv.role } });
  });
}
