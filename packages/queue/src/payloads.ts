import { z } from 'zod';

/**
 * Payload schemas. Every consumer parses (never casts) its payload. Fields added later must be
 * optional so jobs already queued survive a deploy. Payloads carry ids, never data: Postgres
 * holds the facts.
 */
/** W3C trace context of the work that enqueued this job (absent when tracing is off). */
export const traceCarrier = z.object({ traceparent: z.string().max(256), tracestate: z.string().max(512).optional() });

export const validateFilePayload = z.object({
  organizationId: z.string().min(1),
  fileId: z.string().min(1),
  // Base model whose tokenizer counts tokens; absent = the default model.
  model: z.string().optional(),
  trace: traceCarrier.optional(),
});
export type ValidateFilePayload = z.infer<typeof validateFilePayload>;

export const trainJobPayload = z.object({
  organizationId: z.string().min(1),
  jobId: z.string().min(1),
  trace: traceCarrier.optional(),
});
export type TrainJobPayload = z.infer<typeof trainJobPayload>;

export const deliverWebhookPayload = z.object({
  organizationId: z.string().min(1),
  deliveryId: z.string().min(1),
  trace: traceCarrier.optional(),
});
export type DeliverWebhookPayload = z.infer<typeof deliverWebhookPayload>;

/**
 * What every consumer can read from any payload before its own schema parses it: the ids that
 * go on log lines and the trace context. Unknown fields pass; nothing here is required.
 */
export const payloadEnvelope = z
  .object({
    organizationId: z.string().optional(),
    jobId: z.string().optional(),
    fileId: z.string().optional(),
    deliveryId: z.string().optional(),
    trace: traceCarrier.optional(),
  })
  .passthrough();
