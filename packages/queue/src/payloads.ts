import { z } from 'zod';

/**
 * Payload schemas. Every consumer parses (never casts) its payload. Fields added later must be
 * optional so jobs already queued survive a deploy. Payloads carry ids, never data: Postgres
 * holds the facts.
 */
export const validateFilePayload = z.object({
  organizationId: z.string().min(1),
  fileId: z.string().min(1),
  // Base model whose tokenizer counts tokens; absent = the default model.
  model: z.string().optional(),
});
export type ValidateFilePayload = z.infer<typeof validateFilePayload>;

export const trainJobPayload = z.object({
  organizationId: z.string().min(1),
  jobId: z.string().min(1),
});
export type TrainJobPayload = z.infer<typeof trainJobPayload>;

export const deliverWebhookPayload = z.object({
  organizationId: z.string().min(1),
  deliveryId: z.string().min(1),
});
export type DeliverWebhookPayload = z.infer<typeof deliverWebhookPayload>;
