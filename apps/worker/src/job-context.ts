import type { Job } from 'bullmq';
import { runWithLogContext } from '@whetstone/common';
import { contextFromCarrier, SpanKind, withSpan } from '@whetstone/observability';
import { payloadEnvelope } from '@whetstone/queue';

/**
 * Runs a queue job's processing inside its context: every log line written meanwhile carries
 * the job's ids (queue, BullMQ id, organization, job/file/delivery id), and with tracing on a
 * consumer span continues the trace of whatever enqueued the job (the payload's `trace`).
 */
export function runInJobContext<T>(queue: string, job: Job, fn: () => Promise<T>): Promise<T> {
  const envelope = payloadEnvelope.safeParse(job.data);
  const ids = envelope.success ? envelope.data : {};
  const fields: Record<string, string> = { queue, bullJobId: String(job.id) };
  if (ids.organizationId) fields.orgId = ids.organizationId;
  if (ids.jobId) fields.jobId = ids.jobId;
  if (ids.fileId) fields.fileId = ids.fileId;
  if (ids.deliveryId) fields.deliveryId = ids.deliveryId;
  const attributes: Record<string, string> = { 'messaging.system': 'bullmq', 'messaging.destination.name': queue, 'messaging.message.id': String(job.id) };
  for (const [key, value] of Object.entries(fields)) attributes[`whetstone.${key}`] = value;
  return runWithLogContext(fields, () => withSpan(`${queue} process`, { kind: SpanKind.CONSUMER, parent: contextFromCarrier(ids.trace), attributes }, fn));
}
