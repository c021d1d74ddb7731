import { UnrecoverableError } from 'bullmq';
import { deliverWebhookPayload, QUEUES } from '@whetstone/queue';
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

/**
 * Delivers webhooks: one BullMQ job per attempt of one delivery, so a slow or dead endpoint holds
 * at most one slot per pending delivery, for at most WEBHOOK_TIMEOUT_MS, and never blocks another
 * endpoint. Retries are new delayed jobs scheduled by the handler (BullMQ's own retry is off).
 */
export function webhookConsumer(deps: WorkerDeps): ConsumerDefinition {
  const settings = webhookDeliverySettings(deps.config);
  return {
    queue: QUEUES.webhooks,
    concurrency: deps.config.WORKER_CONCURRENCY_WEBHOOKS,
    async process(job, log) {
      const parsed = deliverWebhookPayload.safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError(`invalid payload: ${parsed.error.message}`);
      const result = await attemptWebhookDelivery(deps, settings, parsed.data);
      log.info({ deliveryId: parsed.data.deliveryId, orgId: parsed.data.organizationId, ...result }, 'webhook delivery attempt');
      if (result.outcome !== 'skipped' && result.endpointDisabled) {
        log.warn({ deliveryId: parsed.data.deliveryId, reason: result.endpointDisabled }, 'webhook endpoint disabled');
      }
      return { outcome: result.outcome };
    },
  };
}
