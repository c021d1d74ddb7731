import { z } from 'zod';
import { webhookEventTypeSchema, type WebhookEventType } from './event-types';

/** Receivers commonly cap request bodies; events carry ids and a summary, never bulk data. */
export const MAX_EVENT_PAYLOAD_BYTES = 20 * 1024;

export const webhookEventPayloadSchema = z.object({
  id: z.string().min(1),
  type: webhookEventTypeSchema,
  /** Unix seconds, as in the rest of the OpenAI-compatible API. */
  created_at: z.number().int().nonnegative(),
  data: z.record(z.string(), z.unknown()),
});

export type WebhookEventPayload = z.infer<typeof webhookEventPayloadSchema>;

export interface BuildEventPayloadInput {
  id: string;
  type: WebhookEventType;
  /** A Date, or unix seconds. */
  createdAt: Date | number;
  data: Record<string, unknown>;
}

export interface BuiltEventPayload {
  payload: WebhookEventPayload;
  /** The exact JSON text to sign and send; signing a re-serialisation could change bytes. */
  body: string;
  sizeBytes: number;
}

/**
 * Thrown rather than truncating: cutting fields out of `data` would hand customers an event that
 * silently lacks information they rely on. The producer must put less in `data` (ids and a
 * summary; the full object is fetched through the API).
 */
export class WebhookPayloadTooLargeError extends Error {
  constructor(
    readonly eventType: string,
    readonly sizeBytes: number,
    readonly limitBytes: number,
  ) {
    super(
      `Webhook payload for ${eventType} is ${sizeBytes} bytes, over the ${limitBytes}-byte limit; ` +
        'put ids and a summary in data, not whole objects.',
    );
    this.name = 'WebhookPayloadTooLargeError';
  }
}

export function buildEventPayload(input: BuildEventPayloadInput): BuiltEventPayload {
  const createdAtSeconds =
    input.createdAt instanceof Date ? Math.floor(input.createdAt.getTime() / 1000) : input.createdAt;
  const payload = webhookEventPayloadSchema.parse({
    id: input.id,
    type: input.type,
    created_at: createdAtSeconds,
    data: input.data,
  });
  const body = JSON.stringify(payload);
  const sizeBytes = Buffer.byteLength(body, 'utf8');
  if (sizeBytes > MAX_EVENT_PAYLOAD_BYTES) {
    throw new WebhookPayloadTooLargeError(payload.type, sizeBytes, MAX_EVENT_PAYLOAD_BYTES);
  }
  return { payload, body, sizeBytes };
}
