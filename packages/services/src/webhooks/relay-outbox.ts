import { newId } from '@whetstone/common';
import type { Db } from '@whetstone/db';
import type { Producers } from '@whetstone/queue';
import { endpointWantsEvent } from '@whetstone/webhooks';

export interface RelayResult {
  /** Outbox events marked relayed. */
  events: number;
  /** Deliveries created and queued. */
  deliveries: number;
}

interface ClaimedEvent {
  id: string;
  organizationId: string;
  type: string;
  traceparent: string | null;
}

/**
 * Moves one batch of unrelayed outbox events to the delivery queue. In one transaction: claim
 * the oldest events (FOR UPDATE SKIP LOCKED, so concurrent relays in other workers take other
 * rows), create one pending delivery per enabled endpoint of the event's organization that wants
 * its type (unique per endpoint and event, so a repeat creates nothing), and mark the events
 * relayed. Jobs are enqueued only after commit; if that fails (or the process dies first), the
 * deliveries stay pending and due, and the sweep enqueues them.
 *
 * System-wide by design: it reads every organization's outbox, and each delivery carries the
 * organization of its event and endpoint.
 */
export async function relayOutboxBatch(deps: { db: Db; producers: Producers }, options: { batchSize: number; now?: Date }): Promise<RelayResult> {
  const now = options.now ?? new Date();
  const traceOf = new Map<string, string>();
  const { events, deliveries } = await deps.db.$transaction(async (tx) => {
    const claimed = await tx.$queryRaw<ClaimedEvent[]>`
      SELECT id, "organizationId", type, traceparent FROM outbox_events
      WHERE "relayedAt" IS NULL
      ORDER BY "createdAt"
      LIMIT ${options.batchSize}
      FOR UPDATE SKIP LOCKED`;
    if (claimed.length === 0) return { events: 0, deliveries: [] };
    for (const event of claimed) if (event.traceparent) traceOf.set(event.id, event.traceparent);

    const orgIds = [...new Set(claimed.map((e) => e.organizationId))];
    const endpoints = await tx.webhookEndpoint.findMany({
      where: { organizationId: { in: orgIds }, enabled: true },
      select: { id: true, organizationId: true, eventTypes: true },
    });
    const rows = claimed.flatMap((event) =>
      endpoints
        .filter((ep) => ep.organizationId === event.organizationId && endpointWantsEvent(ep.eventTypes, event.type))
        .map((ep) => ({ id: newId('webhookDelivery'), organizationId: event.organizationId, endpointId: ep.id, eventId: event.id, nextAttemptAt: now })),
    );
    const created = rows.length
      ? await tx.webhookDelivery.createManyAndReturn({ data: rows, skipDuplicates: true, select: { id: true, organizationId: true, eventId: true } })
      : [];
    await tx.outboxEvent.updateMany({ where: { id: { in: claimed.map((e) => e.id) }, relayedAt: null }, data: { relayedAt: now } });
    return { events: claimed.length, deliveries: created };
  });

  // Fresh deliveries have no job yet, so attempt 1 is enqueued directly, in its event's trace.
  await Promise.all(
    deliveries.map((d) => {
      const traceparent = traceOf.get(d.eventId);
      return deps.producers.deliverWebhook({ organizationId: d.organizationId, deliveryId: d.id, trace: traceparent ? { traceparent } : undefined }, 0, 1);
    }),
  );
  return { events, deliveries: deliveries.length };
}
