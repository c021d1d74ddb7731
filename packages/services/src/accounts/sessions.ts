import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { newId, randomToken } from '@whetstone/common';
import type { Db, Session, User } from '@whetstone/db';

export const SESSION_TTL_SECONDS = 14 * 24 * 3600;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The CSRF token is derived from the session's cookie value, so only someone who holds the
 * cookie value (or reads a same-origin response that carries the token) knows it; the browser
 * sends the cookie cross-site (when SameSite allows) but a forged request cannot add the header.
 */
export function csrfTokenFor(sessionToken: string): string {
  return createHmac('sha256', sessionToken).update('whetstone-csrf').digest('base64url');
}

export function csrfMatches(sessionToken: string, presented: string | undefined): boolean {
  if (!presented) return false;
  const expected = Buffer.from(csrfTokenFor(sessionToken));
  const given = Buffer.from(presented);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A new session; the cookie token is returned once and only its hash is kept. */
export async function createSession(db: Db, userId: string, now = new Date()): Promise<{ session: Session; token: string }> {
  const token = randomToken(32);
  const session = await db.session.create({
    data: { id: newId('session'), userId, tokenHash: sha256(token), expiresAt: new Date(now.getTime() + SESSION_TTL_SECONDS * 1000) },
  });
  return { session, token };
}

/** The live session (not expired, not revoked) a cookie token names, with its user. */
export async function resolveSession(db: Db, token: string, now = new Date()): Promise<(Session & { user: User }) | null> {
  if (token.length < 20 || token.length > 200) return null;
  const session = await db.session.findUnique({ where: { tokenHash: sha256(token) }, include: { user: true } });
  if (!session || session.revokedAt || session.expiresAt <= now) return null;
  return session;
}

export async function revokeSession(db: Db, sessionId: string): Promise<void> {
  await db.session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date() } });
}
