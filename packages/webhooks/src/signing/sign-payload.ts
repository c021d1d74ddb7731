import { computeSignature } from './signature-content';
import { decodeWebhookSecret } from './webhook-secret';

export interface WebhookSignatureHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

export interface SignPayloadInput {
  /** The event id; receivers use it to deduplicate, so every retry of an event reuses it. */
  id: string;
  /** A Date, or unix seconds. */
  timestamp: Date | number;
  body: string | Uint8Array;
  /**
   * Every secret currently valid for the endpoint. During a rotation's grace period both the
   * old and the new secret sign, so the receiver accepts whichever one it holds.
   */
  secrets: readonly string[];
}

// Header values travel verbatim; a control character would corrupt or split the header block.
const HEADER_SAFE = /^[\x21-\x7e]+$/;

export function signPayload(input: SignPayloadInput): WebhookSignatureHeaders {
  if (!HEADER_SAFE.test(input.id)) {
    throw new Error('Webhook id must be non-empty printable ASCII without spaces');
  }
  const secrets = [...new Set(input.secrets)];
  if (secrets.length === 0) throw new Error('At least one webhook secret is required to sign');
  const timestampSeconds =
    input.timestamp instanceof Date ? Math.floor(input.timestamp.getTime() / 1000) : input.timestamp;
  if (!Number.isSafeInteger(timestampSeconds) || timestampSeconds < 0) {
    throw new Error('Webhook timestamp must be a Date or non-negative integer unix seconds');
  }
  const signatures = secrets.map(
    (secret) => 'v1,' + computeSignature(decodeWebhookSecret(secret), input.id, timestampSeconds, input.body).toString('base64'),
  );
  return {
    'webhook-id': input.id,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': signatures.join(' '),
  };
}
