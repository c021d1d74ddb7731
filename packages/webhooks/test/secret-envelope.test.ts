import { randomBytes } from 'node:crypto';
import {
  decryptSecret,
  DEVELOPMENT_SECRET_KEYS,
  encryptSecret,
  isEncryptedSecret,
  parseSecretKeyring,
  SecretDecryptionError,
  SecretKeyringError,
  secretKeyId,
} from '../src';

const key = () => randomBytes(32).toString('base64');

describe('webhook secrets encrypted at rest (AES-256-GCM envelope, key id stored)', () => {
  const secret = 'whsec_' + randomBytes(24).toString('base64');

  it('round-trips, stores no plaintext, and names the key it used', () => {
    const keyring = parseSecretKeyring(`k1:${key()}`);
    const stored = encryptSecret(keyring, secret, 'we_1');
    expect(isEncryptedSecret(stored)).toBe(true);
    expect(stored).not.toContain(secret);
    expect(stored).not.toContain(secret.slice(6, 20));
    expect(secretKeyId(stored)).toBe('k1');
    expect(decryptSecret(keyring, stored, 'we_1')).toBe(secret);
    // A fresh data key and IVs every time.
    expect(encryptSecret(keyring, secret, 'we_1')).not.toBe(stored);
  });

  it('after a new key is put first, old rows still decrypt and new ones use the new key', () => {
    const k1 = key();
    const before = parseSecretKeyring(`k1:${k1}`);
    const old = encryptSecret(before, secret, 'we_1');
    const rotated = parseSecretKeyring(`k2:${key()},k1:${k1}`);
    expect(decryptSecret(rotated, old, 'we_1')).toBe(secret);
    expect(secretKeyId(encryptSecret(rotated, secret, 'we_1'))).toBe('k2');
    // Once k1 is dropped, its rows no longer decrypt (re-encrypt before dropping it).
    expect(() => decryptSecret(parseSecretKeyring(`k2:${key()}`), old, 'we_1')).toThrow(/key 'k1'.*not in WEBHOOK_SECRET_KEYS/);
  });

  it('refuses a ciphertext moved to another row, altered, or read with the wrong key', () => {
    const keyring = parseSecretKeyring(`k1:${key()}`);
    const stored = encryptSecret(keyring, secret, 'we_1');
    expect(() => decryptSecret(keyring, stored, 'we_2')).toThrow(SecretDecryptionError);
    const tampered = stored.slice(0, -4) + (stored.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect(() => decryptSecret(keyring, tampered, 'we_1')).toThrow(SecretDecryptionError);
    expect(() => decryptSecret(parseSecretKeyring(`k1:${key()}`), stored, 'we_1')).toThrow(SecretDecryptionError);
  });

  it('reads a legacy plaintext secret as it is (until re-encryption converts it)', () => {
    expect(decryptSecret(parseSecretKeyring(DEVELOPMENT_SECRET_KEYS), secret, 'we_1')).toBe(secret);
    expect(secretKeyId(secret)).toBeNull();
  });

  it('refuses malformed keyrings without echoing the key', () => {
    expect(() => parseSecretKeyring('')).toThrow(SecretKeyringError);
    expect(() => parseSecretKeyring('k1:c2hvcnQ=')).toThrow(/32 bytes/);
    expect(() => parseSecretKeyring(`k1:${key()},k1:${key()}`)).toThrow(/twice/);
    expect(() => parseSecretKeyring('no-colon')).toThrow(/id:base64key/);
    try {
      parseSecretKeyring('k1:c2hvcnQ=');
    } catch (error) {
      expect((error as Error).message).not.toContain('c2hvcnQ=');
    }
  });
});
