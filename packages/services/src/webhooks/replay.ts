import { ConflictError } from '@whetstone/common';
import type { Db } from '@whetstone/db';
import type { Producers } from '@whetstone/queue';
import { findWebhookDelivery } from './deliveries';
import { dispatchDelivery } from './dispatch-delivery';
import { findWebhookEndpoint } from './find-endpoint';

/** Deliveries one bulk replay re-sends; the caller repeats while `has_more`. */
export const MAX_REPLAY_BATCH = 1000;

async function assertEnabled(db: Db, orgId: string, endpointId: string): Promise<void> {
  const endpoint = await findWebhookEndpoint(db, orgId, endpointId);
  if (!endpoint.enabled) {
    throw new ConflictError(`Webhook endpoint ${endpointId} is disabled; enable it (PATCH enabled=true) before replaying.`, 'endpoint_disabled', 'endpoint_id');
  }
}

/**
 * Re-sends one settled (succeeded or failed) delivery now, with the same event id (receivers
 * deduplicate on it). The retry budget is the delivery's own: a replay within the ~3-day window
 * of its first attempt keeps being retried; after it, a failed replay stays failed.
 */
export async function replayWebhookDelivery(
  deps: { db: Db; producers: Producers },
  orgId: string,
  endpointId: string,
  deliveryId: string,
): Promise<void> {
  await assertEnabled(deps.db, orgId, endpointId);
  const delivery = await findWebhookDelivery(deps.db, orgId, endpointId, deliveryId);
  const [reset] = await deps.db.webhookDelivery.updateManyAndReturn({
    where: { id: delivery.id, organizationId: orgId, endpointId, status: { in: ['succeeded', 'failed'] } },
    data: { status: 'pending', nextAttemptAt: new Date() },
    select: { id: true, organizationId: true, attemptCount: true },
  });
  if (!reset) throw new ConflictError(`Delivery ${deliveryId} is still pending; it is retried automatically.`, 'delivery_pending', 'delivery_id');
  await dispatchDelivery(deps.producers, reset, 0);
}

/** Re-sends every failed delivery of the endpoint created at or after `since` (oldest first, up to a batch). */
export async function replayFailedDeliveries(
  deps: { db: Db; producers: Producers },
  orgId: string,
  endpointId: string,
  since: Date,
): Promise<{ replayed: number; hasMore: boolean }> {
  await assertEnabled(deps.db, orgId, endpointId);
  const failed = await deps.db.webhookDelivery.findMany({
    where: { organizationId: orgId, endpointId, status: 'failed', createdAt: { gte: since } },
    orderBy: { createdAt: 'asc' },
    take: MAX_REPLAY_BATCH + 1,
    select: { id: true },
  });
  const batch = failed.slice(0, MAX_REPLAY_BATCH).map((d) => d.id);
  const reset = await deps.db.webhookDelivery.updateManyAndReturn({
    where: { id: { in: batch }, organizationId: orgId, endpointId, status: 'failed' },
    data: { status: 'pending', nextAttemptAt: new Date() },
    select: { id: true, organizationId: true, attemptCount: true },
  });
  for (let i = 0; i < reset.length; i += 50) {
    await Promise.all(reset.slice(i, i + 50).map((d) => dispatchDelivery(deps.producers, d, 0)));
  }
  return { replayed: reset.length, hasMore: failed.length > MAX_REPLAY_BATCH };
}
