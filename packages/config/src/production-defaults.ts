import type { z } from 'zod';
import { DEVELOPMENT_SECRET_KEYS } from '@whetstone/webhooks';

/**
 * Credentials that ship in this repository (local services, docker-compose's old defaults, the
 * development key): anyone can read them, so a production process must not run with them.
 */
const KNOWN_S3_CREDENTIALS = new Set(['S3RVER', 'minioadmin']);
const KNOWN_ADMIN_TOKENS = new Set(['change-me-change-me-change-me-change-me']);
const KNOWN_DATABASE_PASSWORDS = new Set(['postgres', 'password']);

interface ProductionCheckedEnv {
  NODE_ENV: string;
  DATABASE_URL: string;
  S3_ACCESS_KEY_ID: string;
  S3_SECRET_ACCESS_KEY: string;
  WEBHOOK_SECRET_KEYS: { keys: ReadonlyMap<string, Buffer> };
  ADMIN_TOKEN?: string;
}

const developmentKey = Buffer.from(DEVELOPMENT_SECRET_KEYS.split(':')[1]!, 'base64');

/** With NODE_ENV=production, names every variable still set to a credential known from this repository. */
export function refuseKnownDefaultsInProduction(env: ProductionCheckedEnv, ctx: z.RefinementCtx): void {
  if (env.NODE_ENV !== 'production') return;
  const refuse = (name: string, what: string) => ctx.addIssue({ code: 'custom', path: [name], message: `${what}; production refuses credentials published in this repository` });
  if (KNOWN_S3_CREDENTIALS.has(env.S3_ACCESS_KEY_ID)) refuse('S3_ACCESS_KEY_ID', 'is a default of the local object store');
  if (KNOWN_S3_CREDENTIALS.has(env.S3_SECRET_ACCESS_KEY)) refuse('S3_SECRET_ACCESS_KEY', 'is a default of the local object store');
  if (env.ADMIN_TOKEN !== undefined && (KNOWN_ADMIN_TOKENS.has(env.ADMIN_TOKEN) || /change-?me/i.test(env.ADMIN_TOKEN))) refuse('ADMIN_TOKEN', 'is a placeholder token');
  let password: string | undefined;
  try {
    password = decodeURIComponent(new URL(env.DATABASE_URL).password);
  } catch {
    password = undefined;
  }
  if (password !== undefined && KNOWN_DATABASE_PASSWORDS.has(password)) refuse('DATABASE_URL', 'has a default password');
  if ([...env.WEBHOOK_SECRET_KEYS.keys.values()].some((key) => key.equals(developmentKey))) {
    refuse('WEBHOOK_SECRET_KEYS', 'includes the public development key (generate one: openssl rand -base64 32)');
  }
}
