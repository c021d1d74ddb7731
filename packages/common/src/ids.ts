import { randomBytes } from 'node:crypto';
import { monotonicFactory } from 'ulid';

// Monotonic: ids made in the same millisecond still sort in creation order (cursor pagination).
const ulid = monotonicFactory();

/**
 * Resource ids: a type prefix and a ULID, so they sort by creation time (cursor pagination
 * orders by id) and say what they are in logs. Prefixes follow OpenAI's where it has one.
 */
export const ID_PREFIXES = {
  organization: 'org',
  apiKey: 'key',
  user: 'user',
  membership: 'mem',
  invitation: 'inv',
  session: 'sess',
  file: 'file',
  job: 'ftjob',
  jobEvent: 'ftevent',
  checkpoint: 'ftckpt',
  attempt: 'ftattempt',
  baseModel: 'model',
  fineTunedModel: 'ftmodel',
  evaluation: 'fteval',
  event: 'evt',
  webhookEndpoint: 'we',
  webhookDelivery: 'whdel',
  webhookAttempt: 'whatt',
  usage: 'usage',
  storageReservation: 'stres',
} as const;

export type IdKind = keyof typeof ID_PREFIXES;

export function newId(kind: IdKind): string {
  return `${ID_PREFIXES[kind]}-${ulid()}`;
}

/** A random secret of `bytes` bytes, url-safe base64 (for API keys and tokens). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
