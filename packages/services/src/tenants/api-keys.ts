import { createHash } from 'node:crypto';
import { NotFoundError, newId, randomToken } from '@whetstone/common';
import type { ApiKey, Db, Organization } from '@whetstone/db';

/** Tenant keys look like OpenAI's ("sk-..."), so existing clients accept them. */
export const API_KEY_PREFIX = 'sk-';

export interface ApiKeyObject {
  id: string;
  object: 'api_key';
  name: string;
  last4: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

const seconds = (d: Date | null) => (d ? Math.floor(d.getTime() / 1000) : null);

export function toApiKeyObject(key: ApiKey): ApiKeyObject {
  return {
    id: key.id,
    object: 'api_key',
    name: key.name,
    last4: key.last4,
    created_at: seconds(key.createdAt)!,
    last_used_at: seconds(key.lastUsedAt),
    revoked_at: seconds(key.revokedAt),
  };
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** Creates a key; the plaintext is returned once here and never stored. */
export async function createApiKey(db: Db, orgId: string, name: string): Promise<{ record: ApiKey; key: string }> {
  const key = `${API_KEY_PREFIX}${randomToken(32)}`;
  const record = await db.apiKey.create({
    data: { id: newId('apiKey'), organizationId: orgId, name, keyHash: hashApiKey(key), last4: key.slice(-4) },
  });
  return { record, key };
}

export async function listApiKeys(db: Db, orgId: string): Promise<ApiKey[]> {
  return db.apiKey.findMany({ where: { organizationId: orgId }, orderBy: { id: 'desc' } });
}

export async function revokeApiKey(db: Db, orgId: string, keyId: string): Promise<ApiKey> {
  const existing = await db.apiKey.findFirst({ where: { id: keyId, organizationId: orgId } });
  if (!existing) throw new NotFoundError('api_key', keyId);
  if (existing.revokedAt) return existing;
  return db.apiKey.update({ where: { id: existing.id }, data: { revokedAt: new Date() } });
}

export type AuthResult =
  | { ok: true; organization: Organization; apiKey: ApiKey }
  | { ok: false; reason: 'malformed' | 'unknown' | 'revoked' };

// lastUsedAt is informational; writing it on every request would add a write per request.
const LAST_USED_RESOLUTION_MS = 60_000;

/** Resolves a presented key to its organization. Only the hash is looked up. */
export async function authenticateApiKey(db: Db, presented: string): Promise<AuthResult> {
  if (!presented.startsWith(API_KEY_PREFIX) || presented.length < 20 || presented.length > 200) {
    return { ok: false, reason: 'malformed' };
  }
  const apiKey = await db.apiKey.findUnique({ where: { keyHash: hashApiKey(presented) }, include: { organization: true } });
  if (!apiKey) return { ok: false, reason: 'unknown' };
  if (apiKey.revokedAt) return { ok: false, reason: 'revoked' };
  const { organization, ...key } = apiKey;
  await touchApiKey(db, key, Date.now());
  return { ok: true, organization, apiKey: key };
}

/** Records that a key was used, at most once a minute per key (`key.lastUsedAt` is updated in place). */
export async function touchApiKey(db: Db, key: ApiKey, now: number): Promise<void> {
  if (key.lastUsedAt && now - key.lastUsedAt.getTime() <= LAST_USED_RESOLUTION_MS) return;
  key.lastUsedAt = new Date(now);
  await db.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: key.lastUsedAt } });
}
