import { newId } from '@whetstone/common';
import type { Db } from '@whetstone/db';
import type { Producers } from '@whetstone/queue';
import { endpointWantsEvent } from '@whetstone/webhooks';

export interface RelayResult {
  /** Outbox events read in this batch (and now marked relayed). */
  events: number;
  /** Deliveries created and queued. */
  deliveries: number;
}

/**
 * Moves one batch of unrelayed outbox events to the delivery queue, without an interactive
 * transaction: read the oldest unrelayed events and their organizations' enabled endpoints, then
 * ONE statement inserts a pending delivery per (endpoint, event) that wants it and marks the
 * events relayed. A statement takes a pool connection only while it runs, so the relay queues for
 * the pool like any query instead of failing with P2028 ("Unable to start a transaction in the
 * given time") when the worker's other consumers hold every connection.
 *
 * Nothing is lost or doubled: the insert and the mark commit together, so an event is either
 * still unrelayed (the next batch takes it) or has its deliveries; deliveries are unique per
 * (endpoint, event), so relays racing on the same events (several workers) create each delivery
 * once and only the one that created it enqueues it. Jobs are enqueued after the commit; if that
 * fails (or the process dies first) the deliveries stay pending and due, and the sweep enqueues them.
 *
 * System-wide by design: it reads every organization's outbox, and each delivery carries the
 * organization of its event and endpoint.
 */
export async function relayOutboxBatch(deps: { db: Db; producers: Producers }, options: { batchSize: number; now?: Date }): Promise<RelayResult> {
  const now = options.now ?? new Date();
  const events = await deps.db.outboxEvent.findMany({
    where: { relayedAt: null },
    orderBy: { createdAt: 'asc' },
    take: options.batchSize,
    select: { id: true, organizationId: true, type: true, traceparent: true },
  });
  if (events.length === 0) return { events: 0, deliveries: 0 };

  const endpoints = await deps.db.webhookEndpoint.findMany({
    where: { organizationId: { in: [...new Set(events.map((e) => e.organizationId))] }, enabled: true },
    select: { id: true, organizationId: true, eventTypes: true },
  });
  const rows = events.flatMap((event) =>
    endpoints
      .filter((ep) => ep.organizationId === event.organizationId && endpointWantsEvent(ep.eventTypes, event.type))
      .map((ep) => ({ id: newId('webhookDelivery'), organizationId: event.organizationId, endpointId: ep.id, eventId: event.id })),
  );
  // The join drops endpoints deleted since they were read (their rows would break the foreign key).
  const created = await deps.db.$queryRaw<{ id: string; organizationId: string; eventId: string }[]>`
    WITH wanted AS (
      SELECT * FROM unnest(${rows.map((r) => r.id)}::text[], ${rows.map((r) => r.organizationId)}::text[],
        ${rows.map((r) => r.endpointId)}::text[], ${rows.map((r) => r.eventId)}::text[]) AS w(id, "organizationId", "endpointId", "eventId")
    ), created AS (
      INSERT INTO webhook_deliveries (id, "organizationId", "endpointId", "eventId", "nextAttemptAt", "createdAt", "updatedAt")
      SELECT w.id, w."organizationId", w."endpointId", w."eventId", ${now}, ${now}, ${now}
      FROM wanted w JOIN webhook_endpoints e ON e.id = w."endpointId"
      ON CONFLICT ("endpointId", "eventId") DO NOTHING
      RETURNING id, "organizationId", "eventId"
    ), marked AS (
      UPDATE outbox_events SET "relayedAt" = ${now}
      WHERE id = ANY(${events.map((e) => e.id)}::text[]) AND "relayedAt" IS NULL
    )
    SELECT id, "organizationId", "eventId" FROM created`;

  // Fresh deliveries have no job yet, so attempt 1 is enqueued directly, in its event's trace.
  const traceOf = new Map(events.map((e) => [e.id, e.traceparent]));
  await Promise.all(
    created.map((d) => {
      const traceparent = traceOf.get(d.eventId);
      return deps.producers.deliverWebhook({ organizationId: d.organizationId, deliveryId: d.id, trace: traceparent ? { traceparent } : undefined }, 0, 1);
    }),
  );
  return { events: events.length, deliveries: created.length };
}
