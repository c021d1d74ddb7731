import { newId } from '@whetstone/common';
import type { Db, WebhookEndpoint } from '@whetstone/db';
import { generateWebhookSecret } from '@whetstone/webhooks';
import { assertWebhookUrlAllowed, type WebhookUrlPolicy } from './url-policy';

export interface CreateWebhookEndpointInput {
  url: string;
  description?: string | null;
  /** Already validated filters (exact types, wildcards, `*`); omitted or empty = every event. */
  eventTypes?: string[];
  enabled?: boolean;
}

/**
 * Registers an endpoint after checking its URL against the SSRF rules. The returned row holds
 * the new `whsec_` secret: the caller shows it once and never again.
 */
export async function createWebhookEndpoint(
  deps: { db: Db; urlPolicy: WebhookUrlPolicy },
  orgId: string,
  input: CreateWebhookEndpointInput,
): Promise<WebhookEndpoint> {
  await assertWebhookUrlAllowed(input.url, deps.urlPolicy);
  return deps.db.webhookEndpoint.create({
    data: {
      id: newId('webhookEndpoint'),
      organizationId: orgId,
      url: input.url,
      description: input.description ?? null,
      eventTypes: [...new Set(input.eventTypes ?? [])],
      enabled: input.enabled ?? true,
      secret: generateWebhookSecret(),
    },
  });
}
