import { newId } from '@whetstone/common';
import type { Prisma, Tx } from '@whetstone/db';
import { currentTraceCarrier } from '@whetstone/observability';

/**
 * Records a domain event in the outbox, inside the caller's transaction, so the event exists
 * if and only if the state change it describes was committed. A relay publishes it later
 * (webhooks); nothing is sent from inside the transaction.
 */
export async function recordEvent(
  tx: Tx,
  event: { organizationId: string; type: string; data: Prisma.InputJsonObject; createdAt?: Date },
): Promise<string> {
  const row = outboxEventRow(event);
  await tx.outboxEvent.create({ data: row });
  return row.id;
}

/** An outbox row (with a new id) as recordEvent writes it; for callers writing several at once. */
export function outboxEventRow(event: { organizationId: string; type: string; data: Prisma.InputJsonObject; createdAt?: Date }) {
  const id = newId('event');
  const createdAt = event.createdAt ?? new Date();
  return {
    id,
    organizationId: event.organizationId,
    type: event.type,
    createdAt,
    // Its deliveries join the trace of the work that recorded it (tracing on only).
    traceparent: currentTraceCarrier()?.traceparent ?? null,
    payload: { id, type: event.type, created_at: Math.floor(createdAt.getTime() / 1000), data: event.data },
  };
}
