import { newId, QuotaError } from '@whetstone/common';
import type { Db, WebhookEndpoint } from '@whetstone/db';
import { encryptSecret, generateWebhookSecret, type SecretKeyring } from '@whetstone/webhooks';
import { assertWebhookUrlAllowed, type WebhookUrlPolicy } from './url-policy';

export interface CreateWebhookEndpointInput {
  url: string;
  description?: string | null;
  /** Already validated filters (exact types, wildcards, `*`); omitted or empty = every event. */
  eventTypes?: string[];
  enabled?: boolean;
}

/** Endpoints one organization may have (Stripe allows 16): each event fans out to every one. */
export const MAX_WEBHOOK_ENDPOINTS_PER_ORGANIZATION = 16;

/**
 * Registers an endpoint after checking its URL against the SSRF rules, within the organization's
 * endpoint limit (counted under a lock on the organization's row, so concurrent creates cannot
 * pass it). The secret is stored encrypted; the returned row holds the new `whsec_` secret in
 * clear: the caller shows it once and never again.
 */
export async function createWebhookEndpoint(
  deps: { db: Db; urlPolicy: WebhookUrlPolicy; secretKeyring: SecretKeyring },
  orgId: string,
  input: CreateWebhookEndpointInput,
): Promise<WebhookEndpoint> {
  await assertWebhookUrlAllowed(input.url, deps.urlPolicy);
  const id = newId('webhookEndpoint');
  const secret = generateWebhookSecret();
  const row = await deps.db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM organizations WHERE id = ${orgId} FOR UPDATE`;
    const count = await tx.webhookEndpoint.count({ where: { organizationId: orgId } });
    if (count >= MAX_WEBHOOK_ENDPOINTS_PER_ORGANIZATION) {
      throw new QuotaError('webhook_endpoints', `An organization can have at most ${MAX_WEBHOOK_ENDPOINTS_PER_ORGANIZATION} webhook endpoints; delete one first (an endpoint can subscribe to any set of event types).`);
    }
    return tx.webhookEndpoint.create({
      data: {
        id,
        organizationId: orgId,
        url: input.url,
        description: input.description ?? null,
        eventTypes: [...new Set(input.eventTypes ?? [])],
        enabled: input.enabled ?? true,
        secret: encryptSecret(deps.secretKeyring, secret, id),
      },
    });
  });
  return { ...row, secret };
}
