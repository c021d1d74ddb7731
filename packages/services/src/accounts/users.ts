import { ConflictError, newId } from '@whetstone/common';
import type { Db, User } from '@whetstone/db';
import { checkPasswordStrength, hashPassword } from './passwords';

export interface UserObject {
  id: string;
  object: 'user';
  email: string;
  name: string | null;
  created_at: number;
}

export function toUserObject(user: User): UserObject {
  return { id: user.id, object: 'user', email: user.email, name: user.name, created_at: Math.floor(user.createdAt.getTime() / 1000) };
}

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export async function signUp(db: Db, input: { email: string; password: string; name?: string }): Promise<User> {
  checkPasswordStrength(input.password);
  const email = normalizeEmail(input.email);
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.user.create({ data: { id: newId('user'), email, name: input.name ?? null, passwordHash } });
  } catch (err) {
    if ((err as { code?: string }).code === 'P2002') {
      throw new ConflictError('An account with this email already exists; sign in instead.', 'email_taken', 'email');
    }
    throw err;
  }
}
