import { z } from 'zod';
import { quotasSchema } from '@whetstone/services';

export const quotas = quotasSchema.meta({ id: 'Quotas' });

export const organizationObject = z
  .object({
    id: z.string(),
    object: z.literal('organization'),
    name: z.string(),
    quotas,
    created_at: z.number().int(),
  })
  .meta({ id: 'Organization' });

export const apiKeyObject = z
  .object({
    id: z.string(),
    object: z.literal('api_key'),
    name: z.string(),
    last4: z.string(),
    created_at: z.number().int(),
    last_used_at: z.number().int().nullable(),
    revoked_at: z.number().int().nullable(),
  })
  .meta({ id: 'ApiKey' });

export const createdApiKeyObject = apiKeyObject.extend({ key: z.string() }).meta({ id: 'CreatedApiKey' });

export const usageObject = z
  .object({
    period_start: z.number().int(),
    trained_tokens: z.number(),
    training_seconds: z.number(),
    storage_bytes: z.number(),
    files: z.number().int(),
    running_jobs: z.number().int(),
    queued_jobs: z.number().int(),
  })
  .meta({ id: 'Usage' });

export const name = z.string().trim().min(1).max(200);
