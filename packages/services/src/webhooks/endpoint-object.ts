import type { WebhookEndpoint } from '@whetstone/db';
import { decryptSecret, type SecretKeyring } from '@whetstone/webhooks';

/** An endpoint as the API shows it. The signing secret is never part of it (see CreatedWebhookEndpointObject). */
export interface WebhookEndpointObject {
  id: string;
  object: 'webhook_endpoint';
  url: string;
  description: string | null;
  /** Filters: exact types, wildcards like `fine_tuning.job.*`, or `*`; empty = every event. */
  event_types: string[];
  enabled: boolean;
  /** Why the platform disabled the endpoint (410 Gone, persistent failure); null otherwise. */
  disabled_reason: string | null;
  /** While a rotated-out secret still signs (both secrets sign until then); null otherwise. */
  previous_secret_expires_at: number | null;
  created_at: number;
  updated_at: number;
}

/** Returned once, at creation or rotation: the only time the secret is shown. */
export interface CreatedWebhookEndpointObject extends WebhookEndpointObject {
  secret: string;
}

const seconds = (d: Date) => Math.floor(d.getTime() / 1000);

export function toWebhookEndpointObject(endpoint: WebhookEndpoint, now: Date = new Date()): WebhookEndpointObject {
  const graceEnds = endpoint.previousSecret && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > now ? endpoint.previousSecretExpiresAt : null;
  return {
    id: endpoint.id,
    object: 'webhook_endpoint',
    url: endpoint.url,
    description: endpoint.description,
    event_types: endpoint.eventTypes,
    enabled: endpoint.enabled,
    disabled_reason: endpoint.disabledReason,
    previous_secret_expires_at: graceEnds ? seconds(graceEnds) : null,
    created_at: seconds(endpoint.createdAt),
    updated_at: seconds(endpoint.updatedAt),
  };
}

export function toCreatedWebhookEndpointObject(endpoint: WebhookEndpoint, now: Date = new Date()): CreatedWebhookEndpointObject {
  return { ...toWebhookEndpointObject(endpoint, now), secret: endpoint.secret };
}

/**
 * The secrets that sign a message sent at `at`, decrypted: the current one, plus the previous one
 * while a rotation's grace period lasts, so receivers holding either secret verify.
 */
export function activeSigningSecrets(
  endpoint: Pick<WebhookEndpoint, 'id' | 'secret' | 'previousSecret' | 'previousSecretExpiresAt'>,
  keyring: SecretKeyring,
  at: Date,
): string[] {
  const current = decryptSecret(keyring, endpoint.secret, endpoint.id);
  const previousValid = endpoint.previousSecret && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > at;
  return previousValid ? [current, decryptSecret(keyring, endpoint.previousSecret!, endpoint.id)] : [current];
}
