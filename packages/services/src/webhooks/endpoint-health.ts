import type { Db } from '@whetstone/db';
import { decideEndpointDisable, type AttemptOutcome, type EndpointDisablePolicy } from '@whetstone/webhooks';

/** Deliveries (newest first) whose attempts feed the disable decision; enough for its 100-event rule. */
const RECENT_DELIVERIES = 200;

/** The endpoint's recent attempts, read through the (endpointId, createdAt) index in a bounded window. */
async function recentAttemptOutcomes(db: Db, orgId: string, endpointId: string): Promise<AttemptOutcome[]> {
  const rows = await db.$queryRaw<{ eventId: string; at: Date; statusCode: number | null }[]>`
    SELECT d."eventId", a."createdAt" AS at, a."statusCode"
    FROM (
      SELECT id, "eventId" FROM webhook_deliveries
      WHERE "endpointId" = ${endpointId} AND "organizationId" = ${orgId}
      ORDER BY "createdAt" DESC
      LIMIT ${RECENT_DELIVERIES}
    ) d
    JOIN webhook_attempts a ON a."deliveryId" = d.id
    ORDER BY a."createdAt" DESC
    LIMIT ${RECENT_DELIVERIES * 5}`;
  return rows.map((r) => ({
    eventId: r.eventId,
    at: r.at,
    ok: r.statusCode !== null && r.statusCode >= 200 && r.statusCode < 300,
    ...(r.statusCode !== null ? { statusCode: r.statusCode } : {}),
  }));
}

/**
 * After a failed attempt: disables the endpoint when the policy says so (410 Gone at once;
 * persistent failure over days) and records why. Returns the reason, or null if it stays enabled.
 */
export async function disableEndpointIfFailing(
  db: Db,
  orgId: string,
  endpointId: string,
  now: Date,
  policy?: EndpointDisablePolicy,
): Promise<string | null> {
  const decision = decideEndpointDisable(await recentAttemptOutcomes(db, orgId, endpointId), now, policy);
  if (!decision.disable) return null;
  const reason = `${decision.code}: ${decision.reason}`;
  const updated = await db.webhookEndpoint.updateMany({
    where: { id: endpointId, organizationId: orgId, enabled: true },
    data: { enabled: false, disabledReason: reason },
  });
  return updated.count > 0 ? reason : null;
}
