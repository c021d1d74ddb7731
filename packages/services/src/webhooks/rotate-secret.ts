import { ConflictError } from '@whetstone/common';
import type { Db, WebhookEndpoint } from '@whetstone/db';
import { encryptSecret, generateWebhookSecret, type SecretKeyring } from '@whetstone/webhooks';
import { findWebhookEndpoint } from './find-endpoint';

export const DEFAULT_ROTATION_GRACE_SECONDS = 24 * 3600;
export const MAX_ROTATION_GRACE_SECONDS = 7 * 24 * 3600;

/**
 * Replaces the signing secret. For `gracePeriodSeconds` the old secret keeps signing too (each
 * message carries both signatures), so receivers can switch without dropping events; 0 retires
 * it at once. A secret still in an earlier grace period is dropped: at most two ever sign. The new
 * secret is stored encrypted; the returned row carries it in clear, to be shown once.
 */
export async function rotateWebhookSecret(
  db: Db,
  secretKeyring: SecretKeyring,
  orgId: string,
  endpointId: string,
  options: { gracePeriodSeconds?: number; now?: Date } = {},
): Promise<WebhookEndpoint> {
  const grace = options.gracePeriodSeconds ?? DEFAULT_ROTATION_GRACE_SECONDS;
  const now = options.now ?? new Date();
  const current = await findWebhookEndpoint(db, orgId, endpointId);
  // Conditional on the secret we read, so two concurrent rotations cannot lose a secret.
  const secret = generateWebhookSecret();
  const rotated = await db.webhookEndpoint.updateManyAndReturn({
    where: { id: current.id, organizationId: orgId, secret: current.secret },
    data: {
      secret: encryptSecret(secretKeyring, secret, current.id),
      previousSecret: grace > 0 ? current.secret : null,
      previousSecretExpiresAt: grace > 0 ? new Date(now.getTime() + grace * 1000) : null,
    },
  });
  const endpoint = rotated[0];
  if (!endpoint) throw new ConflictError('The secret was rotated concurrently; retry.', 'concurrent_rotation', null, { retryable: true });
  return { ...endpoint, secret };
}
