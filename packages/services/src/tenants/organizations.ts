import { NotFoundError, newId } from '@whetstone/common';
import type { Db, Organization } from '@whetstone/db';
import { DEFAULT_QUOTAS, quotaColumns, quotasOf, type Quotas } from './quotas';

export interface OrganizationObject {
  id: string;
  object: 'organization';
  name: string;
  quotas: Quotas;
  created_at: number;
}

export function toOrganizationObject(org: Organization): OrganizationObject {
  return {
    id: org.id,
    object: 'organization',
    name: org.name,
    quotas: quotasOf(org),
    created_at: Math.floor(org.createdAt.getTime() / 1000),
  };
}

export async function createOrganization(db: Db, input: { name: string; quotas?: Partial<Quotas> }): Promise<Organization> {
  return db.organization.create({
    data: { id: newId('organization'), name: input.name, ...quotaColumns({ ...DEFAULT_QUOTAS, ...input.quotas }) },
  });
}

/** Operator access: no tenant scope by design (the admin API is the operator's). */
export async function getOrganization(db: Db, orgId: string): Promise<Organization> {
  const org = await db.organization.findUnique({ where: { id: orgId } });
  if (!org) throw new NotFoundError('organization', orgId);
  return org;
}

export async function listOrganizations(db: Db, page: { after?: string; limit: number }) {
  const rows = await db.organization.findMany({
    where: page.after ? { id: { lt: page.after } } : {},
    orderBy: { id: 'desc' },
    take: page.limit + 1,
  });
  return { rows: rows.slice(0, page.limit), hasMore: rows.length > page.limit };
}

export async function setQuotas(db: Db, orgId: string, quotas: Partial<Quotas>): Promise<Organization> {
  await getOrganization(db, orgId);
  return db.organization.update({ where: { id: orgId }, data: quotaColumns(quotas) });
}
