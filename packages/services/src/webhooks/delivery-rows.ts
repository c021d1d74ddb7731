import type { Db, Prisma } from '@whetstone/db';

/** A claimed delivery with what sending it needs, read in the same statement as the claim. */
export interface ClaimedDelivery {
  attemptCount: number;
  endpointId: string;
  url: string;
  enabled: boolean;
  disabledReason: string | null;
  secret: string;
  previousSecret: string | null;
  previousSecretExpiresAt: Date | null;
  eventId: string;
  type: string;
  payload: Prisma.JsonValue;
  /** When the event was recorded (delivery lag is measured from it). */
  eventCreatedAt: Date;
}

/**
 * Claims a pending delivery that is due by `dueBy`, holding it until `leaseUntil` (its
 * nextAttemptAt), and returns it with its endpoint and event; null when it is settled, scheduled
 * later, claimed by another job or gone. One statement, one round trip: the row lock makes a
 * concurrent claimer re-check the condition and get nothing. (Raw SQL on the hot path; the
 * Prisma equivalent takes four round trips.)
 */
export async function claimDueDelivery(
  db: Db,
  input: { orgId: string; deliveryId: string; dueBy: Date; leaseUntil: Date },
): Promise<ClaimedDelivery | null> {
  const rows = await db.$queryRaw<ClaimedDelivery[]>`
    UPDATE webhook_deliveries AS d
    SET "nextAttemptAt" = ${input.leaseUntil}, "updatedAt" = now()
    FROM webhook_endpoints AS e, outbox_events AS ev
    WHERE d.id = ${input.deliveryId} AND d."organizationId" = ${input.orgId}
      AND d.status = 'pending' AND (d."nextAttemptAt" IS NULL OR d."nextAttemptAt" <= ${input.dueBy})
      AND e.id = d."endpointId" AND e."organizationId" = d."organizationId"
      AND ev.id = d."eventId" AND ev."organizationId" = d."organizationId"
    RETURNING d."attemptCount", e.id AS "endpointId", e.url, e.enabled, e."disabledReason", e.secret, e."previousSecret",
      e."previousSecretExpiresAt", ev.id AS "eventId", ev.type, ev.payload, ev."createdAt" AS "eventCreatedAt"`;
  return rows[0] ?? null;
}

export interface AttemptRecord {
  orgId: string;
  deliveryId: string;
  attemptId: string;
  number: number;
  statusCode: number | null;
  error: string | null;
  latencyMs: number;
  sentAt: Date;
  status: 'pending' | 'succeeded' | 'failed';
  nextAttemptAt: Date | null;
}

/** Records one attempt and the delivery's resulting state in a single (atomic) statement. */
export async function recordDeliveryAttempt(db: Db, a: AttemptRecord): Promise<void> {
  await db.$executeRaw`
    WITH attempt AS (
      INSERT INTO webhook_attempts (id, "deliveryId", number, "statusCode", error, "latencyMs", "createdAt")
      VALUES (${a.attemptId}, ${a.deliveryId}, ${a.number}, ${a.statusCode}, ${a.error}, ${a.latencyMs}, ${a.sentAt})
    )
    UPDATE webhook_deliveries
    SET status = ${a.status}, "attemptCount" = ${a.number}, "lastStatusCode" = ${a.statusCode}, "lastError" = ${a.error},
      "lastLatencyMs" = ${a.latencyMs}, "nextAttemptAt" = ${a.nextAttemptAt}, "updatedAt" = now()
    WHERE id = ${a.deliveryId} AND "organizationId" = ${a.orgId}`;
}
