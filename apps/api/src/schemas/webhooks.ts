import { z } from 'zod';
import { eventTypeFilterSchema } from '@whetstone/webhooks';
import { DELIVERY_STATUSES, MAX_ROTATION_GRACE_SECONDS, MAX_WEBHOOK_URL_LENGTH } from '@whetstone/services';

export const endpointIdParams = z.object({ endpoint_id: z.string().min(1).max(100) });
export const deliveryParams = endpointIdParams.extend({ delivery_id: z.string().min(1).max(100) });

const url = z.string().trim().min(1).max(MAX_WEBHOOK_URL_LENGTH).describe('https URL that receives POSTed events');
const description = z.string().trim().max(500).nullable();
const eventTypes = z
  .array(eventTypeFilterSchema)
  .max(50)
  .describe('Event types, wildcards such as fine_tuning.job.*, or *; empty or omitted = every event');

export const createEndpointBody = z.object({
  url,
  description: description.optional(),
  event_types: eventTypes.optional(),
  enabled: z.boolean().optional(),
});

export const updateEndpointBody = z.object({
  url: url.optional(),
  description: description.optional(),
  event_types: eventTypes.optional(),
  enabled: z.boolean().optional().describe('true re-enables an endpoint the platform disabled (and clears disabled_reason)'),
});

export const rotateSecretBody = z
  .object({
    grace_period_seconds: z
      .number()
      .int()
      .min(0)
      .max(MAX_ROTATION_GRACE_SECONDS)
      .optional()
      .describe('How long the old secret keeps signing alongside the new one (default 86400; 0 = retire it now)'),
  })
  // The body is optional: no body at all means the default grace period.
  .nullish();

export const replayBody = z.object({
  since: z.number().int().nonnegative().describe('Unix seconds: replay every failed delivery created at or after this time'),
});

export const deliveryListQuery = z.object({
  after: z.string().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  status: z.enum(DELIVERY_STATUSES).optional(),
});

export const endpointObject = z
  .object({
    id: z.string(),
    object: z.literal('webhook_endpoint'),
    url: z.string(),
    description: z.string().nullable(),
    event_types: z.array(z.string()),
    enabled: z.boolean(),
    disabled_reason: z.string().nullable(),
    previous_secret_expires_at: z.number().int().nullable(),
    created_at: z.number().int(),
    updated_at: z.number().int(),
  })
  .meta({ id: 'WebhookEndpoint' });

export const endpointWithSecretObject = endpointObject
  .extend({ secret: z.string().describe('The whsec_ signing secret. Shown only in this response.') })
  .meta({ id: 'WebhookEndpointWithSecret' });

export const deletedEndpointObject = z
  .object({ id: z.string(), object: z.literal('webhook_endpoint'), deleted: z.literal(true) })
  .meta({ id: 'DeletedWebhookEndpoint' });

export const deliveryObject = z
  .object({
    id: z.string(),
    object: z.literal('webhook_delivery'),
    endpoint_id: z.string(),
    event_id: z.string(),
    event_type: z.string(),
    status: z.enum(DELIVERY_STATUSES),
    attempt_count: z.number().int(),
    last_status_code: z.number().int().nullable(),
    last_error: z.string().nullable(),
    last_latency_ms: z.number().int().nullable(),
    next_attempt_at: z.number().int().nullable(),
    created_at: z.number().int(),
    updated_at: z.number().int(),
  })
  .meta({ id: 'WebhookDelivery' });

export const attemptObject = z
  .object({
    id: z.string(),
    object: z.literal('webhook_delivery_attempt'),
    number: z.number().int(),
    status_code: z.number().int().nullable(),
    error: z.string().nullable(),
    latency_ms: z.number().int(),
    created_at: z.number().int(),
  })
  .meta({ id: 'WebhookDeliveryAttempt' });

export const deliveryDetailObject = deliveryObject
  .extend({
    event: z.object({ id: z.string(), type: z.string(), created_at: z.number().int(), data: z.record(z.string(), z.unknown()) }),
    attempts: z.array(attemptObject),
  })
  .meta({ id: 'WebhookDeliveryDetail' });

export const replayResultObject = z
  .object({
    object: z.literal('webhook_endpoint.replay'),
    endpoint_id: z.string(),
    since: z.number().int(),
    replayed: z.number().int(),
    has_more: z.boolean().describe('More failed deliveries remain; call again to replay the next batch'),
  })
  .meta({ id: 'WebhookReplayResult' });
