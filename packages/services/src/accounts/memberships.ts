import { ConflictError, NotFoundError, newId } from '@whetstone/common';
import type { Db, Membership, Organization, User } from '@whetstone/db';
import { createOrganization } from '../tenants/organizations';
import type { Role } from './roles';

export interface MemberObject {
  id: string;
  object: 'organization.member';
  user_id: string;
  email: string;
  name: string | null;
  role: Role;
  created_at: number;
}

export function toMemberObject(m: Membership & { user: User }): MemberObject {
  return {
    id: m.id,
    object: 'organization.member',
    user_id: m.userId,
    email: m.user.email,
    name: m.user.name,
    role: m.role,
    created_at: Math.floor(m.createdAt.getTime() / 1000),
  };
}

/** A user creates an organization and becomes its owner. */
export async function createOrganizationForUser(db: Db, userId: string, name: string): Promise<Organization> {
  return db.$transaction(async (tx) => {
    const org = await createOrganization(tx as unknown as Db, { name });
    await tx.membership.create({ data: { id: newId('membership'), organizationId: org.id, userId, role: 'owner' } });
    return org;
  });
}

export async function listMembershipsOfUser(db: Db, userId: string): Promise<Array<Membership & { organization: Organization }>> {
  return db.membership.findMany({ where: { userId }, include: { organization: true }, orderBy: { createdAt: 'asc' } });
}

/**
 * The user's membership in an organization. Not being a member answers 404, exactly like an
 * organization that does not exist: nobody learns which organization ids exist.
 */
export async function findMembership(db: Db, userId: string, orgId: string): Promise<Membership & { organization: Organization }> {
  const membership = await db.membership.findUnique({
    where: { organizationId_userId: { organizationId: orgId, userId } },
    include: { organization: true },
  });
  if (!membership) throw new NotFoundError('organization', orgId);
  return membership;
}

export async function listMembers(db: Db, orgId: string) {
  return db.membership.findMany({ where: { organizationId: orgId }, include: { user: true }, orderBy: { createdAt: 'asc' } });
}

async function memberOf(db: Db, orgId: string, memberId: string) {
  const member = await db.membership.findFirst({ where: { id: memberId, organizationId: orgId }, include: { user: true } });
  if (!member) throw new NotFoundError('member', memberId);
  return member;
}

async function refuseLastOwnerChange(db: Db, orgId: string, member: Membership): Promise<void> {
  if (member.role !== 'owner') return;
  const owners = await db.membership.count({ where: { organizationId: orgId, role: 'owner' } });
  if (owners <= 1) throw new ConflictError('An organization keeps at least one owner.', 'last_owner');
}

export async function changeMemberRole(db: Db, orgId: string, memberId: string, role: Role) {
  const member = await memberOf(db, orgId, memberId);
  if (role !== 'owner') await refuseLastOwnerChange(db, orgId, member);
  return db.membership.update({ where: { id: member.id }, data: { role }, include: { user: true } });
}

export async function removeMember(db: Db, orgId: string, memberId: string) {
  const member = await memberOf(db, orgId, memberId);
  await refuseLastOwnerChange(db, orgId, member);
  await db.membership.delete({ where: { id: member.id } });
  return member;
}
