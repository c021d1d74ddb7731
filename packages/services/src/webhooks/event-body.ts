import { z } from 'zod';
import type { OutboxEvent } from '@whetstone/db';
import { buildEventPayload, MAX_EVENT_PAYLOAD_BYTES, webhookEventTypeSchema, WebhookPayloadTooLargeError } from '@whetstone/webhooks';

/** What recordEvent stores in outbox_events.payload. */
const storedPayloadSchema = z.object({
  created_at: z.number().int().nonnegative(),
  data: z.record(z.string(), z.unknown()),
});

/**
 * The exact JSON body sent (and signed) for an outbox event: {id, type, created_at, data}.
 * Catalogue types go through the library's builder; any other type (webhook.test, or a type
 * added by a producer before the catalogue) is serialised the same way under the same 20 KiB
 * limit. Throws WebhookPayloadTooLargeError over the limit (never truncates).
 */
export function webhookEventBody(event: Pick<OutboxEvent, 'id' | 'type' | 'payload'>): string {
  const stored = storedPayloadSchema.parse(event.payload);
  const known = webhookEventTypeSchema.safeParse(event.type);
  if (known.success) {
    return buildEventPayload({ id: event.id, type: known.data, createdAt: stored.created_at, data: stored.data }).body;
  }
  const body = JSON.stringify({ id: event.id, type: event.type, created_at: stored.created_at, data: stored.data });
  const size = Buffer.byteLength(body, 'utf8');
  if (size > MAX_EVENT_PAYLOAD_BYTES) throw new WebhookPayloadTooLargeError(event.type, size, MAX_EVENT_PAYLOAD_BYTES);
  return body;
}
