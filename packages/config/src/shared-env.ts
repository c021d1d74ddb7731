import { z } from 'zod';
import { DEVELOPMENT_SECRET_KEYS, parseAllowedHosts, parseSecretKeyring } from '@whetstone/webhooks';
import { observabilityEnvSchema } from './observability-env';
import { booleanFromEnv } from './parse-env';

/** Worker classes and their training memory when WORKER_CLASS_MEMORY_GB is not set. */
export const DEFAULT_WORKER_CLASS_MEMORY_GB: Record<string, number> = { default: 16, 'gpu-80gb': 80, 'gpu-141gb': 141 };

/**
 * Settings the API and the worker must agree on: where the services are and how objects are
 * named. Local defaults match infra/local/services.sh so `npm start` needs no configuration.
 */
export const sharedEnvSchema = observabilityEnvSchema.extend({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z.string().url('must be a postgresql:// URL').default('postgresql://postgres@127.0.0.1:55432/whetstone'),
  REDIS_URL: z.string().url('must be a redis:// URL').default('redis://127.0.0.1:56379'),
  S3_ENDPOINT: z.string().url('must be an http(s):// URL').default('http://127.0.0.1:54569'),
  S3_REGION: z.string().default('us-east-1'),
  S3_BUCKET: z.string().min(3).default('whetstone'),
  S3_ACCESS_KEY_ID: z.string().default('S3RVER'),
  S3_SECRET_ACCESS_KEY: z.string().default('S3RVER'),
  S3_FORCE_PATH_STYLE: booleanFromEnv.default(true),
  // Prefix for BullMQ keys, so several deployments (or test runs) can share one Redis.
  QUEUE_PREFIX: z.string().min(1).default('whetstone'),
  // Base model whose tokenizer counts tokens when a file is validated before any job names one.
  DEFAULT_BASE_MODEL: z.string().min(1).default('whetstone/tiny-llama'),
  // USD per 1M trained tokens, by model: {"whetstone/tiny-llama": 0.1}. Drives cost estimates.
  PRICE_TABLE: z
    .string()
    .default('{"whetstone/tiny-llama":0.1}')
    .transform((text, ctx) => {
      try {
        const parsed = z.record(z.string(), z.number().nonnegative()).parse(JSON.parse(text));
        return parsed;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a JSON object of model name to USD per 1M trained tokens' });
        return z.NEVER;
      }
    }),
  // Webhook URL safety, checked by the API when an endpoint is saved and by the worker at every
  // send. Plain http only when allowed (local development, tests).
  WEBHOOK_ALLOW_HTTP: booleanFromEnv.default(false),
  // Comma-separated hostnames, IPs or CIDRs exempt from the private/loopback/link-local refusal.
  WEBHOOK_ALLOWED_HOSTS: z
    .string()
    .default('')
    .transform((text, ctx) => {
      try {
        return parseAllowedHosts(text);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: `${(err as Error).message} (use hostnames, IPs or CIDRs, comma-separated)` });
        return z.NEVER;
      }
    }),
  // Keys that encrypt webhook signing secrets at rest: `id:base64(32 bytes)`, comma-separated, the
  // first encrypts, all decrypt (rotation: README "Security and limits"). The default is a public
  // development key, refused in production.
  WEBHOOK_SECRET_KEYS: z
    .string()
    .default(DEVELOPMENT_SECRET_KEYS)
    .transform((text, ctx) => {
      try {
        return parseSecretKeyring(text);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
        return z.NEVER;
      }
    }),
  // Tokens/s (forward+backward) one worker of each class trains, for queue and duration estimates.
  TRAINING_THROUGHPUT: z
    .string()
    .default('{"default":2000}')
    .transform((text, ctx) => {
      try {
        return z.record(z.string(), z.number().positive()).parse(JSON.parse(text));
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a JSON object of worker class to tokens per second' });
        return z.NEVER;
      }
    }),
  // GB of memory a training process may use on one worker of each class. Job creation refuses a job
  // the engine's memory model says no class can hold, and sends it to the smallest class that can;
  // the worker turns on activation recomputation when a step would not fit its class without it.
  WORKER_CLASS_MEMORY_GB: z
    .string()
    .default(JSON.stringify(DEFAULT_WORKER_CLASS_MEMORY_GB))
    .transform((text, ctx) => {
      try {
        return z.record(z.string(), z.number().positive()).parse(JSON.parse(text));
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a JSON object of worker class to GB of memory, e.g. {"default":16}' });
        return z.NEVER;
      }
    }),
});

export type SharedEnv = z.infer<typeof sharedEnvSchema>;
