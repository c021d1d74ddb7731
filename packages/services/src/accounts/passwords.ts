import { hash, verify } from '@node-rs/argon2';
import { ValidationError } from '@whetstone/common';

// OWASP's Argon2id baseline (19 MiB, 2 passes, 1 lane): ~20 ms per hash on one core.
// @node-rs/argon2 hashes with Argon2id unless told otherwise; the PHC string records it.
const PARAMS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;

export function checkPasswordStrength(password: string): void {
  if (password.length < PASSWORD_MIN_LENGTH) {
    throw new ValidationError(`Passwords need at least ${PASSWORD_MIN_LENGTH} characters.`, 'password', 'password_too_short');
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    throw new ValidationError(`Passwords are at most ${PASSWORD_MAX_LENGTH} characters.`, 'password', 'password_too_long');
  }
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, PARAMS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false; // a malformed stored hash never authenticates
  }
}

// Verified against when the email is unknown, so a miss costs the same time as a wrong password.
let dummyHash: Promise<string> | undefined;
export function verifyAgainstDummy(password: string): Promise<boolean> {
  dummyHash ??= hashPassword('whetstone-dummy-password-for-timing');
  return dummyHash.then((h) => verifyPassword(h, password)).then(() => false);
}
