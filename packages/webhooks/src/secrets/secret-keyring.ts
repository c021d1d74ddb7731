/**
 * Keys that encrypt webhook signing secrets at rest (key-encryption keys), from configuration:
 * `WEBHOOK_SECRET_KEYS=id2:<base64 32 bytes>,id1:<base64 32 bytes>`. The first key encrypts new
 * secrets; every listed key still decrypts, so rotation is: put a new key first, keep the old one
 * listed until re-encryption has moved every row to the new key, then drop it.
 */
export interface SecretKeyring {
  /** The key new ciphertexts are made with. */
  activeKeyId: string;
  keys: ReadonlyMap<string, Buffer>;
}

/**
 * A development keyring, so `npm start` and the tests need no configuration. It is public (it is
 * in this file): production refuses it (see the config package).
 */
export const DEVELOPMENT_SECRET_KEYS = 'dev:ZGV2LWtleS1uZXZlci1mb3ItcHJvZHVjdGlvbiEhISE=';

const KEY_ID = /^[A-Za-z0-9_.-]{1,32}$/;

export class SecretKeyringError extends Error {}

/** Parses `id:base64key,...`; throws SecretKeyringError naming what is wrong (never a key). */
export function parseSecretKeyring(text: string): SecretKeyring {
  const entries = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (entries.length === 0) throw new SecretKeyringError('at least one key is needed (id:base64 of 32 random bytes)');
  const keys = new Map<string, Buffer>();
  for (const [i, entry] of entries.entries()) {
    const colon = entry.indexOf(':');
    const id = colon > 0 ? entry.slice(0, colon) : '';
    if (!KEY_ID.test(id)) throw new SecretKeyringError(`key ${i + 1}: expected id:base64key with an id of letters, digits, '.', '_' or '-'`);
    const key = Buffer.from(entry.slice(colon + 1), 'base64');
    if (key.length !== 32) throw new SecretKeyringError(`key '${id}': must be 32 bytes, base64-encoded (e.g. openssl rand -base64 32)`);
    if (keys.has(id)) throw new SecretKeyringError(`key id '${id}' is listed twice`);
    keys.set(id, key);
  }
  return { activeKeyId: entries[0]!.slice(0, entries[0]!.indexOf(':')), keys };
}
