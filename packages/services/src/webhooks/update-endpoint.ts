import { NotFoundError } from '@whetstone/common';
import type { Db, WebhookEndpoint } from '@whetstone/db';
import { findWebhookEndpoint } from './find-endpoint';
import { assertWebhookUrlAllowed, type WebhookUrlPolicy } from './url-policy';

export interface UpdateWebhookEndpointInput {
  url?: string;
  description?: string | null;
  eventTypes?: string[];
  enabled?: boolean;
}

/**
 * Changes the given fields; omitted ones stay. A new URL passes the same SSRF check as at
 * creation. Enabling an endpoint clears the reason it was disabled; deliveries that failed
 * meanwhile can be replayed.
 */
export async function updateWebhookEndpoint(
  deps: { db: Db; urlPolicy: WebhookUrlPolicy },
  orgId: string,
  endpointId: string,
  input: UpdateWebhookEndpointInput,
): Promise<WebhookEndpoint> {
  await findWebhookEndpoint(deps.db, orgId, endpointId);
  if (input.url !== undefined) await assertWebhookUrlAllowed(input.url, deps.urlPolicy);
  const updated = await deps.db.webhookEndpoint.updateManyAndReturn({
    where: { id: endpointId, organizationId: orgId },
    data: {
      ...(input.url !== undefined ? { url: input.url } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.eventTypes !== undefined ? { eventTypes: [...new Set(input.eventTypes)] } : {}),
      ...(input.enabled !== undefined ? { enabled: input.enabled, disabledReason: null } : {}),
    },
  });
  const endpoint = updated[0];
  if (!endpoint) throw new NotFoundError('webhook endpoint', endpointId, 'endpoint_id');
  return endpoint;
}
