import { NotFoundError } from '@whetstone/common';
import type { Db, OutboxEvent, WebhookAttempt, WebhookDelivery } from '@whetstone/db';
import { findWebhookEndpoint } from './find-endpoint';

export const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface WebhookDeliveryObject {
  id: string;
  object: 'webhook_delivery';
  endpoint_id: string;
  event_id: string;
  event_type: string;
  status: DeliveryStatus;
  attempt_count: number;
  last_status_code: number | null;
  last_error: string | null;
  last_latency_ms: number | null;
  /** When the next attempt is due (pending deliveries only). */
  next_attempt_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface WebhookAttemptObject {
  id: string;
  object: 'webhook_delivery_attempt';
  number: number;
  status_code: number | null;
  error: string | null;
  latency_ms: number;
  created_at: number;
}

export interface WebhookDeliveryDetailObject extends WebhookDeliveryObject {
  /** The event exactly as it is sent: {id, type, created_at, data}. */
  event: { id: string; type: string; created_at: number; data: Record<string, unknown> };
  attempts: WebhookAttemptObject[];
}

type DeliveryWithType = WebhookDelivery & { event: Pick<OutboxEvent, 'type'> };

const seconds = (d: Date) => Math.floor(d.getTime() / 1000);

export function toWebhookDeliveryObject(delivery: DeliveryWithType): WebhookDeliveryObject {
  return {
    id: delivery.id,
    object: 'webhook_delivery',
    endpoint_id: delivery.endpointId,
    event_id: delivery.eventId,
    event_type: delivery.event.type,
    status: delivery.status as DeliveryStatus,
    attempt_count: delivery.attemptCount,
    last_status_code: delivery.lastStatusCode,
    last_error: delivery.lastError,
    last_latency_ms: delivery.lastLatencyMs,
    next_attempt_at: delivery.status === 'pending' && delivery.nextAttemptAt ? seconds(delivery.nextAttemptAt) : null,
    created_at: seconds(delivery.createdAt),
    updated_at: seconds(delivery.updatedAt),
  };
}

export function toWebhookAttemptObject(attempt: WebhookAttempt): WebhookAttemptObject {
  return {
    id: attempt.id,
    object: 'webhook_delivery_attempt',
    number: attempt.number,
    status_code: attempt.statusCode,
    error: attempt.error,
    latency_ms: attempt.latencyMs,
    created_at: seconds(attempt.createdAt),
  };
}

/** One endpoint's deliveries, newest first; the endpoint must be the tenant's. */
export async function listWebhookDeliveries(
  db: Db,
  orgId: string,
  endpointId: string,
  page: { after?: string; limit: number; status?: DeliveryStatus },
): Promise<{ rows: DeliveryWithType[]; hasMore: boolean }> {
  await findWebhookEndpoint(db, orgId, endpointId);
  const rows = await db.webhookDelivery.findMany({
    where: {
      organizationId: orgId,
      endpointId,
      ...(page.status ? { status: page.status } : {}),
      ...(page.after ? { id: { lt: page.after } } : {}),
    },
    include: { event: { select: { type: true } } },
    orderBy: { id: 'desc' },
    take: page.limit + 1,
  });
  return { rows: rows.slice(0, page.limit), hasMore: rows.length > page.limit };
}

/** One delivery of the tenant's endpoint; a mismatched tenant or endpoint answers 404. */
export async function findWebhookDelivery(db: Db, orgId: string, endpointId: string, deliveryId: string): Promise<DeliveryWithType> {
  await findWebhookEndpoint(db, orgId, endpointId);
  const delivery = await db.webhookDelivery.findFirst({
    where: { id: deliveryId, endpointId, organizationId: orgId },
    include: { event: { select: { type: true } } },
  });
  if (!delivery) throw new NotFoundError('webhook delivery', deliveryId, 'delivery_id');
  return delivery;
}

/** A delivery with its event and every attempt (oldest first). */
export async function getWebhookDeliveryDetail(db: Db, orgId: string, endpointId: string, deliveryId: string): Promise<WebhookDeliveryDetailObject> {
  await findWebhookEndpoint(db, orgId, endpointId);
  const delivery = await db.webhookDelivery.findFirst({
    where: { id: deliveryId, endpointId, organizationId: orgId },
    include: { event: true, attempts: { orderBy: { number: 'asc' } } },
  });
  if (!delivery) throw new NotFoundError('webhook delivery', deliveryId, 'delivery_id');
  const payload = delivery.event.payload as { created_at?: number; data?: Record<string, unknown> };
  return {
    ...toWebhookDeliveryObject(delivery),
    event: {
      id: delivery.event.id,
      type: delivery.event.type,
      created_at: payload.created_at ?? seconds(delivery.event.createdAt),
      data: payload.data ?? {},
    },
    attempts: delivery.attempts.map(toWebhookAttemptObject),
  };
}
