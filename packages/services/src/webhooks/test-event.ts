import { ConflictError, newId } from '@whetstone/common';
import type { Db } from '@whetstone/db';
import type { Producers } from '@whetstone/queue';
import { recordEvent } from '../events/outbox';
import { findWebhookEndpoint } from './find-endpoint';

/**
 * The type of a test-fired event. It is not in the subscribable catalogue: it goes only to the
 * endpoint it was fired at, whatever that endpoint subscribes to, and is signed and retried like
 * any other event.
 */
export const WEBHOOK_TEST_EVENT_TYPE = 'webhook.test';

/** Fires a `webhook.test` event at one endpoint; returns the delivery to watch. */
export async function sendTestWebhook(deps: { db: Db; producers: Producers }, orgId: string, endpointId: string): Promise<{ deliveryId: string; eventId: string }> {
  const endpoint = await findWebhookEndpoint(deps.db, orgId, endpointId);
  if (!endpoint.enabled) {
    throw new ConflictError(`Webhook endpoint ${endpointId} is disabled; enable it before sending a test event.`, 'endpoint_disabled', 'endpoint_id');
  }
  const now = new Date();
  const created = await deps.db.$transaction(async (tx) => {
    const eventId = await recordEvent(tx, {
      organizationId: orgId,
      type: WEBHOOK_TEST_EVENT_TYPE,
      createdAt: now,
      data: { object: 'webhook_endpoint', id: endpoint.id, message: 'This is a test event sent from the Whetstone API.' },
    });
    // Already relayed: the relay must not fan it out to the organization's other endpoints.
    await tx.outboxEvent.updateMany({ where: { id: eventId, organizationId: orgId }, data: { relayedAt: now } });
    const delivery = await tx.webhookDelivery.create({
      data: { id: newId('webhookDelivery'), organizationId: orgId, endpointId: endpoint.id, eventId, nextAttemptAt: now },
    });
    return { deliveryId: delivery.id, eventId };
  });
  await deps.producers.deliverWebhook({ organizationId: orgId, deliveryId: created.deliveryId }, 0, 1);
  return created;
}
