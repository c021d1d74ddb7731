import { newId } from '@whetstone/common';
import type { FineTuningJob, Prisma, Tx } from '@whetstone/db';
import { recordEvent } from '../events/outbox';

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

/**
 * Records what happened to a job: a user-visible job event (GET .../events) and, when the
 * change is one customers subscribe to, an outbox event for webhooks — both in `tx`.
 */
export async function recordJobEvent(
  tx: Tx,
  job: Pick<FineTuningJob, 'id' | 'organizationId'>,
  event: {
    level?: 'info' | 'warn' | 'error';
    message: string;
    type?: 'message' | 'metrics';
    data?: Prisma.InputJsonObject;
    webhook?: JobWebhookEvent;
    webhookData?: Prisma.InputJsonObject;
  },
): Promise<void> {
  await tx.jobEvent.create({
    data: {
      id: newId('jobEvent'),
      organizationId: job.organizationId,
      jobId: job.id,
      level: event.level ?? 'info',
      type: event.type ?? 'message',
      message: event.message,
      data: event.data ?? undefined,
    },
  });
  if (event.webhook) {
    await recordEvent(tx, {
      organizationId: job.organizationId,
      type: event.webhook,
      data: { id: job.id, object: 'fine_tuning.job', ...(event.webhookData ?? {}) },
    });
  }
}
