import { NotFoundError } from '@whetstone/common';
import type { Db, WebhookEndpoint } from '@whetstone/db';

/** A tenant's endpoint; another tenant's id answers exactly like a missing one. */
export async function findWebhookEndpoint(db: Db, orgId: string, endpointId: string): Promise<WebhookEndpoint> {
  const endpoint = await db.webhookEndpoint.findFirst({ where: { id: endpointId, organizationId: orgId } });
  if (!endpoint) throw new NotFoundError('webhook endpoint', endpointId, 'endpoint_id');
  return endpoint;
}

/** Newest first; `after` is the last id of the previous page. */
export async function listWebhookEndpoints(
  db: Db,
  orgId: string,
  page: { after?: string; limit: number },
): Promise<{ rows: WebhookEndpoint[]; hasMore: boolean }> {
  const rows = await db.webhookEndpoint.findMany({
    where: { organizationId: orgId, ...(page.after ? { id: { lt: page.after } } : {}) },
    orderBy: { id: 'desc' },
    take: page.limit + 1,
  });
  return { rows: rows.slice(0, page.limit), hasMore: rows.length > page.limit };
}

/** Deletes the endpoint with its delivery history; queued attempts find nothing and stop. */
export async function deleteWebhookEndpoint(db: Db, orgId: string, endpointId: string): Promise<{ id: string; deleted: true }> {
  const deleted = await db.webhookEndpoint.deleteMany({ where: { id: endpointId, organizationId: orgId } });
  if (deleted.count === 0) throw new NotFoundError('webhook endpoint', endpointId, 'endpoint_id');
  return { id: endpointId, deleted: true };
}
