import { deliverWebhookJobId, QUEUES, type Producers } from '@whetstone/queue';

/** BullMQ states in which a job will still run on its own. */
const LIVE_STATES = new Set(['waiting', 'delayed', 'active', 'prioritized', 'waiting-children']);

export type DispatchResult = 'queued' | 'promoted' | 'already_queued';

/**
 * Makes sure a BullMQ job exists for a pending delivery's next attempt (attemptCount + 1), due
 * after `delayMs`. Idempotent: a live job for that attempt is left alone (or run now when
 * `delayMs` is 0 and it is waiting out a delay); a finished one (it found the delivery not yet
 * due, or died) is replaced. Throws if Redis refuses; the sweep retries later.
 */
export async function dispatchDelivery(
  producers: Producers,
  delivery: { id: string; organizationId: string; attemptCount: number },
  delayMs = 0,
): Promise<DispatchResult> {
  const attempt = delivery.attemptCount + 1;
  const existing = await producers.queue(QUEUES.webhooks).getJob(deliverWebhookJobId(delivery.id, attempt));
  if (existing) {
    const state = await existing.getState();
    if (state === 'delayed' && delayMs <= 0) {
      // It may have become due in between; then it runs anyway.
      await existing.promote().catch(() => undefined);
      return 'promoted';
    }
    if (LIVE_STATES.has(state)) return 'already_queued';
    await existing.remove();
  }
  await producers.deliverWebhook({ organizationId: delivery.organizationId, deliveryId: delivery.id }, Math.max(0, Math.ceil(delayMs)), attempt);
  return 'queued';
}
