import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretKeyring } from './secret-keyring';

/**
 * Envelope encryption of a webhook signing secret with AES-256-GCM: each secret gets its own
 * random data key; the data key is encrypted (wrapped) with the keyring's active key, whose id is
 * stored beside it. Stored form: `enc:v1:<key id>:<wrapped data key>:<encrypted secret>`, each
 * part base64url of iv(12) | tag(16) | ciphertext. The row id is bound in as associated data, so a
 * ciphertext copied onto another endpoint's row does not decrypt.
 */
const PREFIX = 'enc:v1:';

export class SecretDecryptionError extends Error {}

export function isEncryptedSecret(stored: string): boolean {
  return stored.startsWith(PREFIX);
}

/** The id of the key a stored secret is encrypted with; null for a legacy plaintext secret. */
export function secretKeyId(stored: string): string | null {
  return isEncryptedSecret(stored) ? stored.slice(PREFIX.length).split(':')[0]! : null;
}

export function encryptSecret(keyring: SecretKeyring, plaintext: string, rowId: string): string {
  const dataKey = randomBytes(32);
  const kek = keyring.keys.get(keyring.activeKeyId)!;
  const wrapped = seal(kek, dataKey, `${rowId}:dek`);
  const sealed = seal(dataKey, Buffer.from(plaintext, 'utf8'), `${rowId}:secret`);
  return `${PREFIX}${keyring.activeKeyId}:${wrapped}:${sealed}`;
}

/**
 * The plaintext of a stored secret. Rows written before encryption hold the `whsec_` secret as it
 * is; they are read as such until re-encryption converts them (reencrypt-secrets.ts).
 */
export function decryptSecret(keyring: SecretKeyring, stored: string, rowId: string): string {
  if (!isEncryptedSecret(stored)) return stored;
  const [keyId, wrapped, sealed] = stored.slice(PREFIX.length).split(':');
  const kek = keyring.keys.get(keyId ?? '');
  if (!kek) throw new SecretDecryptionError(`webhook secret of ${rowId} is encrypted with key '${keyId}', which is not in WEBHOOK_SECRET_KEYS`);
  try {
    const dataKey = open(kek, wrapped ?? '', `${rowId}:dek`);
    return open(dataKey, sealed ?? '', `${rowId}:secret`).toString('utf8');
  } catch {
    throw new SecretDecryptionError(`webhook secret of ${rowId} does not decrypt with key '${keyId}' (wrong key or altered data)`);
  }
}

function seal(key: Buffer, data: Buffer, aad: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(aad));
  const ciphertext = Buffer.concat([cipher.update(data), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64url');
}

function open(key: Buffer, text: string, aad: string): Buffer {
  const raw = Buffer.from(text, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12)).setAAD(Buffer.from(aad));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
}
