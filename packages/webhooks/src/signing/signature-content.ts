import { createHmac } from 'node:crypto';

/**
 * The HMAC-SHA256 that Standard Webhooks defines: over `${id}.${timestamp}.${body}`, where
 * body is the raw bytes sent. Shared by signing and verification so both agree on every byte.
 */
export function computeSignature(key: Buffer, id: string, timestampSeconds: number, body: string | Uint8Array): Buffer {
  return createHmac('sha256', key)
    .update(`${id}.${timestampSeconds}.`, 'utf8')
    .update(typeof body === 'string' ? Buffer.from(body, 'utf8') : body)
    .digest();
}
