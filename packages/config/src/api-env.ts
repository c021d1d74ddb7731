import { z } from 'zod';
import { refuseKnownDefaultsInProduction } from './production-defaults';
import { sharedEnvSchema } from './shared-env';
import { booleanFromEnv, integerFromEnv, parseEnv } from './parse-env';

export const apiEnvSchema = sharedEnvSchema.extend({
  HOST: z.string().default('127.0.0.1'),
  PORT: integerFromEnv(0).max(65535).default(8080),
  // Operator token for /admin/v1; at least 32 characters so it cannot be guessed.
  ADMIN_TOKEN: z.string().min(32, 'must be at least 32 characters'),
  // Requests per minute per organization when it sets no limit of its own.
  RATE_LIMIT_PER_MINUTE: integerFromEnv(1).default(600),
  // Requests per minute per client IP on /v1, counted before authentication (401s and 400s too).
  RATE_LIMIT_PER_IP_PER_MINUTE: integerFromEnv(1).default(1200),
  // How long an Idempotency-Key's first answer is kept for replay (Stripe keeps keys 24 hours).
  IDEMPOTENCY_KEY_TTL_SECONDS: integerFromEnv(1).default(86_400),
  // Server-Sent Events streams open at once, per organization and per job (then 429 too_many_streams).
  STREAMS_PER_ORGANIZATION: integerFromEnv(1).default(20),
  STREAMS_PER_JOB: integerFromEnv(1).default(5),
  // A stream consumer that takes nothing of what was sent for this long is disconnected.
  STREAM_DRAIN_TIMEOUT_MS: integerFromEnv(100).default(10_000),
  // Largest upload accepted by POST /v1/files.
  MAX_UPLOAD_BYTES: integerFromEnv(1).default(1024 * 1024 * 1024),
  // Largest model folder POST /v1/admin/models accepts in one upload (all files together); it is
  // spooled to the API host's temporary directory while it is checked.
  MODEL_IMPORT_MAX_BYTES: integerFromEnv(1).default(64 * 1024 ** 3),
  PUBLIC_URL: z.string().url().optional(),
  // Dashboard sign-in: failed attempts allowed per email and per client IP within the window.
  LOGIN_MAX_FAILURES_PER_ACCOUNT: integerFromEnv(1).default(10),
  LOGIN_MAX_FAILURES_PER_IP: integerFromEnv(1).default(100),
  LOGIN_FAILURE_WINDOW_SECONDS: integerFromEnv(1).default(900),
  // Dashboard sign-up: attempts allowed per client IP within the window (each costs an Argon2id hash).
  SIGNUP_MAX_PER_IP: integerFromEnv(1).default(20),
  SIGNUP_WINDOW_SECONDS: integerFromEnv(1).default(3600),
  // Session cookies carry `Secure` (browsers still accept them on http://localhost).
  SESSION_COOKIE_SECURE: booleanFromEnv.default(true),
  // The built dashboard served at /dashboard (default: apps/dashboard/dist in the checkout).
  DASHBOARD_DIR: z.string().min(1).optional(),
});

export type ApiConfig = z.infer<typeof apiEnvSchema>;

export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  return parseEnv(apiEnvSchema.superRefine(refuseKnownDefaultsInProduction), env);
}
