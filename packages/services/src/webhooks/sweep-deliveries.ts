import type { Db } from '@whetstone/db';
import type { Producers } from '@whetstone/queue';
import { dispatchDelivery } from './dispatch-delivery';

/** How long past its due time a pending delivery may sit before its job is presumed lost. */
export const SWEEP_GRACE_MS = 10_000;

/**
 * Re-enqueues pending deliveries that are overdue and have no live job: Redis lost it, the
 * enqueue after a relay's commit failed, or a worker died mid-attempt (its claim lapses). Jobs
 * that are merely waiting behind a backlog are left alone. The delivery job claims its row before
 * sending, so a re-enqueue that races the original never sends twice at once.
 *
 * System-wide by design (a maintenance scan over every organization's deliveries).
 */
export async function sweepOverdueDeliveries(
  deps: { db: Db; producers: Producers },
  options: { limit?: number; graceMs?: number; now?: Date } = {},
): Promise<{ overdue: number; requeued: number }> {
  const now = options.now ?? new Date();
  const overdue = await deps.db.webhookDelivery.findMany({
    where: { status: 'pending', nextAttemptAt: { lt: new Date(now.getTime() - (options.graceMs ?? SWEEP_GRACE_MS)) } },
    orderBy: { nextAttemptAt: 'asc' },
    take: options.limit ?? 100,
    select: { id: true, organizationId: true, attemptCount: true },
  });
  let requeued = 0;
  for (const delivery of overdue) {
    if ((await dispatchDelivery(deps.producers, delivery, 0)) !== 'already_queued') requeued += 1;
  }
  return { overdue: overdue.length, requeued };
}
