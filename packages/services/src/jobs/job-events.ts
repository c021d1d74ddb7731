import { newId } from '@whetstone/common';
import type { FineTuningJob, Prisma, Tx } from '@whetstone/db';
import { outboxEventRow } from '../events/outbox';

export type JobWebhookEvent =
  | 'fine_tuning.job.created'
  | 'fine_tuning.job.queued'
  | 'fine_tuning.job.running'
  | 'fine_tuning.job.checkpoint.created'
  | 'fine_tuning.job.eval.completed'
  | 'fine_tuning.job.paused'
  | 'fine_tuning.job.resumed'
  | 'fine_tuning.job.succeeded'
  | 'fine_tuning.job.failed'
  | 'fine_tuning.job.cancelled';

export interface JobEventInput {
  level?: 'info' | 'warn' | 'error';
  message: string;
  type?: 'message' | 'metrics';
  data?: Prisma.InputJsonObject;
  webhook?: JobWebhookEvent;
  webhookData?: Prisma.InputJsonObject;
}

/**
 * Several things that happened to a job at once (creating one records three): the job events
 * in one statement and their outbox events in another, in `tx`, in the given order (ids sort by
 * time, so their ids keep that order).
 */
export async function recordJobEvents(tx: Tx, job: Pick<FineTuningJob, 'id' | 'organizationId'>, events: JobEventInput[]): Promise<void> {
  const createdAt = new Date();
  await tx.jobEvent.createMany({
    data: events.map((event) => ({
      id: newId('jobEvent'),
      organizationId: job.organizationId,
      jobId: job.id,
      level: event.level ?? 'info',
      type: event.type ?? 'message',
      message: event.message,
      data: event.data ?? undefined,
      createdAt,
    })),
  });
  const outbox = events.flatMap((event) =>
    event.webhook
      ? [outboxEventRow({ organizationId: job.organizationId, type: event.webhook, data: { id: job.id, object: 'fine_tuning.job', ...(event.webhookData ?? {}) }, createdAt })]
      : [],
  );
  if (outbox.length > 0) await tx.outboxEvent.createMany({ data: outbox });
}

/**
 * Records what happened to a job: a user-visible job event (GET .../events) and, when the
 * change is one customers subscribe to, an outbox event for webhooks — both in `tx`.
 */
export function recordJobEvent(tx: Tx, job: Pick<FineTuningJob, 'id' | 'organizationId'>, event: JobEventInput): Promise<void> {
  return recordJobEvents(tx, job, [event]);
}
