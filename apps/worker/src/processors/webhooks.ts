import { DelayedError, UnrecoverableError } from 'bullmq';
import { deliverWebhookPayload, LeasedSlots, QUEUES } from '@whetstone/queue';
import { attemptWebhookDelivery, type WebhookDeliverySettings } from '@whetstone/services';
import { DEFAULT_RETRY_POLICY } from '@whetstone/webhooks';
import type { WorkerConfig } from '@whetstone/config';
import type { ConsumerDefinition } from '../consumers';
import type { WorkerDeps } from '../deps';

export function webhookDeliverySettings(config: WorkerConfig): WebhookDeliverySettings {
  return {
    urlPolicy: { allowHttp: config.WEBHOOK_ALLOW_HTTP, allowedHosts: config.WEBHOOK_ALLOWED_HOSTS },
    secretKeyring: config.WEBHOOK_SECRET_KEYS,
    timeoutMs: config.WEBHOOK_TIMEOUT_MS,
    retryPolicy: {
      ...DEFAULT_RETRY_POLICY,
      baseDelaySeconds: config.WEBHOOK_RETRY_BASE_SECONDS,
      maxDelaySeconds: config.WEBHOOK_RETRY_MAX_DELAY_SECONDS,
      maxElapsedSeconds: config.WEBHOOK_RETRY_WINDOW_SECONDS,
      maxAttempts: config.WEBHOOK_RETRY_MAX_ATTEMPTS,
    },
  };
}

/** How long an attempt waits when its organization already has its share of deliveries in flight (plus jitter). */
const DEFER_MS = 1_000;

/**
 * Delivers webhooks: one BullMQ job per attempt of one delivery, so a slow or dead endpoint holds
 * at most one slot per pending delivery, for at most WEBHOOK_TIMEOUT_MS, and never blocks another
 * endpoint. Fair across organizations and endpoints: an organization has at most
 * WEBHOOK_MAX_IN_FLIGHT_PER_ORGANIZATION attempts in flight and an endpoint at most
 * WEBHOOK_MAX_IN_FLIGHT_PER_ENDPOINT (leases in Redis, shared by every worker); an attempt beyond
 * that goes back to the queue for a moment instead of taking a slot, so one organization's
 * failing endpoints cannot delay everyone's deliveries. Retries are new
 * delayed jobs scheduled by the handler (BullMQ's own retry is off).
 */
export function webhookConsumer(deps: WorkerDeps): ConsumerDefinition {
  const settings = webhookDeliverySettings(deps.config);
  // Longer than an attempt can last, so a live attempt's lease never lapses.
  const inFlight = new LeasedSlots(deps.redis, deps.config.WEBHOOK_TIMEOUT_MS + 30_000);
  const perOrganization = deps.config.WEBHOOK_MAX_IN_FLIGHT_PER_ORGANIZATION;
  const perEndpoint = deps.config.WEBHOOK_MAX_IN_FLIGHT_PER_ENDPOINT;
  return {
    queue: QUEUES.webhooks,
    concurrency: deps.config.WORKER_CONCURRENCY_WEBHOOKS,
    async process(job, log, token) {
      const parsed = deliverWebhookPayload.safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError(`invalid payload: ${parsed.error.message}`);
      const { organizationId: orgId, deliveryId } = parsed.data;
      const delivery = await deps.db.webhookDelivery.findFirst({ where: { id: deliveryId, organizationId: orgId }, select: { endpointId: true } });
      if (!delivery) return { outcome: 'skipped' };
      const key = `${deps.config.QUEUE_PREFIX}:webhooks-in-flight`;
      const taken = await inFlight.acquire([
        { key: `${key}:org:${orgId}`, limit: perOrganization },
        { key: `${key}:endpoint:${delivery.endpointId}`, limit: perEndpoint },
      ]);
      if (!('slot' in taken)) {
        await job.moveToDelayed(Date.now() + DEFER_MS + Math.floor(Math.random() * DEFER_MS), token);
        throw new DelayedError();
      }
      try {
        const result = await attemptWebhookDelivery(deps, settings, parsed.data);
        if (result.outcome !== 'skipped') deps.metrics.webhooks.attempt(result.outcome, result.eventCreatedAt);
        log.info({ deliveryId: parsed.data.deliveryId, orgId: parsed.data.organizationId, ...result }, 'webhook delivery attempt');
        if (result.outcome !== 'skipped' && result.endpointDisabled) {
          log.warn({ deliveryId: parsed.data.deliveryId, reason: result.endpointDisabled }, 'webhook endpoint disabled');
        }
        return { outcome: result.outcome };
      } finally {
        await taken.slot.release();
      }
    },
  };
}
