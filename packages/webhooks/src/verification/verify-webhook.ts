import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { computeSignature } from '../signing/signature-content';
import { decodeWebhookSecret } from '../signing/webhook-secret';
import { WebhookVerificationError } from './webhook-verification-error';

/** What a receiver gets back. `type` stays a string so new event types never break old receivers. */
const receivedEventSchema = z.object({
  id: z.string(),
  type: z.string(),
  created_at: z.number(),
  data: z.record(z.string(), z.unknown()),
});

export type ReceivedWebhookEvent = z.infer<typeof receivedEventSchema>;

/** Node's IncomingHttpHeaders, a fetch Headers object, or a plain record in any letter case. */
export type WebhookHeadersInput =
  | { get(name: string): string | null }
  | Record<string, string | readonly string[] | undefined>;

export interface VerifyWebhookOptions {
  /** How far the timestamp may be from now, either way; guards against replays. */
  toleranceSeconds?: number;
  now?: Date;
}

const DEFAULT_TOLERANCE_SECONDS = 5 * 60;
const SHA256_BYTES = 32;

/**
 * Verifies a Standard Webhooks request and returns the parsed event, or throws
 * WebhookVerificationError. `rawBody` must be the bytes as received: parsing and re-serialising
 * JSON changes them. `secret` may be a list, for a receiver rotating its own configuration.
 */
export function verifyWebhook(
  secret: string | readonly string[],
  headers: WebhookHeadersInput,
  rawBody: string | Uint8Array,
  options: VerifyWebhookOptions = {},
): ReceivedWebhookEvent {
  const id = readHeader(headers, 'webhook-id');
  const timestampHeader = readHeader(headers, 'webhook-timestamp');
  const signatureHeader = readHeader(headers, 'webhook-signature');
  if (!id || !timestampHeader || !signatureHeader) {
    throw new WebhookVerificationError('missing_headers', 'Missing webhook-id, webhook-timestamp or webhook-signature');
  }
  if (!/^\d+$/.test(timestampHeader)) {
    throw new WebhookVerificationError('malformed_headers', 'webhook-timestamp must be unix seconds');
  }
  const timestamp = Number(timestampHeader);
  const toleranceSeconds = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const nowSeconds = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (nowSeconds - timestamp > toleranceSeconds) {
    throw new WebhookVerificationError('timestamp_too_old', 'Webhook timestamp is too old');
  }
  if (timestamp - nowSeconds > toleranceSeconds) {
    throw new WebhookVerificationError('timestamp_in_future', 'Webhook timestamp is too far in the future');
  }

  const expected = (typeof secret === 'string' ? [secret] : secret).map((s) =>
    computeSignature(decodeWebhookSecret(s), id, timestamp, rawBody),
  );
  if (!signatureHeader.split(' ').some((entry) => signatureMatches(entry, expected))) {
    throw new WebhookVerificationError('invalid_signature', 'No webhook signature matches the secret');
  }

  const text = typeof rawBody === 'string' ? rawBody : Buffer.from(rawBody).toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new WebhookVerificationError('invalid_payload', 'Webhook body is not JSON');
  }
  const parsed = receivedEventSchema.safeParse(json);
  if (!parsed.success) {
    throw new WebhookVerificationError('invalid_payload', 'Webhook body is not an event object');
  }
  return parsed.data;
}

/** Entries other than `v1,` (future schemes) are skipped, as the spec requires. */
function signatureMatches(entry: string, expected: readonly Buffer[]): boolean {
  const [version, encoded] = entry.split(',', 2);
  if (version !== 'v1' || !encoded) return false;
  const presented = Buffer.from(encoded, 'base64');
  // The length is public (always 32 bytes); only the content comparison must be constant-time.
  if (presented.length !== SHA256_BYTES) return false;
  return expected.some((candidate) => timingSafeEqual(candidate, presented));
}

function readHeader(headers: WebhookHeadersInput, name: string): string | undefined {
  if (typeof headers.get === 'function') {
    return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  }
  const record = headers as Record<string, string | readonly string[] | undefined>;
  const key = Object.keys(record).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : record[key];
  return typeof value === 'string' ? value : value?.[0];
}
