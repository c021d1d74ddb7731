import { z } from 'zod';

/**
 * Every event type a webhook endpoint can receive. Adding a type here makes it deliverable and
 * subscribable; removing one would break endpoints subscribed to it, so types are only added.
 */
export const WEBHOOK_EVENT_TYPES = [
  'fine_tuning.job.created',
  'fine_tuning.job.queued',
  'fine_tuning.job.running',
  'fine_tuning.job.checkpoint.created',
  'fine_tuning.job.eval.completed',
  'fine_tuning.job.paused',
  'fine_tuning.job.resumed',
  'fine_tuning.job.succeeded',
  'fine_tuning.job.failed',
  'fine_tuning.job.cancelled',
  'file.processed',
  'file.error',
] as const;

export const webhookEventTypeSchema = z.enum(WEBHOOK_EVENT_TYPES);

export type WebhookEventType = z.infer<typeof webhookEventTypeSchema>;
