import { z } from 'zod';
import { sharedEnvSchema } from './shared-env';
import { integerFromEnv, parseEnv } from './parse-env';

export const apiEnvSchema = sharedEnvSchema.extend({
  HOST: z.string().default('127.0.0.1'),
  PORT: integerFromEnv(0).max(65535).default(8080),
  // Operator token for /admin/v1; at least 32 characters so it cannot be guessed.
  ADMIN_TOKEN: z.string().min(32, 'must be at least 32 characters'),
  // Requests per minute per API key when the organization sets no limit of its own.
  RATE_LIMIT_PER_MINUTE: integerFromEnv(1).default(600),
  // Largest upload accepted by POST /v1/files.
  MAX_UPLOAD_BYTES: integerFromEnv(1).default(1024 * 1024 * 1024),
  PUBLIC_URL: z.string().url().optional(),
});

export type ApiConfig = z.infer<typeof apiEnvSchema>;

export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  return parseEnv(apiEnvSchema, env);
}
