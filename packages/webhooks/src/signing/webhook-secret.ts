import { randomBytes } from 'node:crypto';

/** Standard Webhooks marks symmetric secrets with this prefix; the rest is base64 key bytes. */
export const WEBHOOK_SECRET_PREFIX = 'whsec_';

const SECRET_BYTES = 32;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** A new endpoint secret: `whsec_` + base64 of 32 random bytes (the spec allows 24 to 64). */
export function generateWebhookSecret(): string {
  return WEBHOOK_SECRET_PREFIX + randomBytes(SECRET_BYTES).toString('base64');
}

/**
 * The HMAC key a secret stands for. The `whsec_` prefix is optional, as in the reference
 * libraries, so customers may paste the secret with or without it.
 */
export function decodeWebhookSecret(secret: string): Buffer {
  const encoded = secret.startsWith(WEBHOOK_SECRET_PREFIX) ? secret.slice(WEBHOOK_SECRET_PREFIX.length) : secret;
  if (encoded.length === 0 || encoded.length % 4 !== 0 || !BASE64.test(encoded)) {
    throw new Error('Webhook secret must be whsec_ followed by base64-encoded key bytes');
  }
  return Buffer.from(encoded, 'base64');
}
