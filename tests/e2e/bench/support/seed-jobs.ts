import { randomBytes, randomInt } from 'node:crypto';
import type { Db, FineTuningJob, JobStatus, Prisma } from '@whetstone/db';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * An id as `newId` makes it (`<prefix>-<ULID>`) but for the time `ms`, so seeded rows sort by id
 * exactly as rows created at that time would (lists paginate by id).
 */
export function idAt(prefix: string, ms: number): string {
  let time = '';
  for (let i = 0, t = ms; i < 10; i++, t = Math.floor(t / 32)) time = CROCKFORD[t % 32] + time;
  let random = '';
  for (const byte of randomBytes(16)) random += CROCKFORD[byte % 32];
  return `${prefix}-${time}${random}`;
}

export interface SeededJobs {
  count: number;
  byStatus: Record<string, number>;
  /** The id that ends the second page of 20 (newest first): `after=` it lists page 3. */
  pageCursor: string;
  /** The newest seeded job of each status (targets for retrieve). */
  newest: Partial<Record<JobStatus, string>>;
}

/**
 * Writes `count` finished jobs into the template job's organization with createMany: copies of
 * a job created through the API (same model, file, request and resolved spec), each as a run that
 * finished some time in the last `spanDays` days (90% succeeded, 5% failed, 5% cancelled), with
 * its attempt row. Terminal on purpose: queued copies would be handed to BullMQ by the next
 * dispatch (every create runs one) and adopted by any worker's reconciler.
 */
export async function seedFinishedJobs(db: Db, template: FineTuningJob, count: number, spanDays = 30): Promise<SeededJobs> {
  const totalSteps = (template.progress as { total_steps?: number } | null)?.total_steps ?? 10;
  const spec = template.spec as { estimates?: { total_trained_tokens?: number } };
  const tokens = spec.estimates?.total_trained_tokens ?? 10_000;
  const end = template.createdAt.getTime() - 60_000;
  const gap = Math.floor((spanDays * 86_400_000) / count);
  const byStatus: Record<string, number> = {};
  const newest: SeededJobs['newest'] = {};
  const jobs: Prisma.FineTuningJobCreateManyInput[] = [];
  const attempts: Prisma.JobAttemptCreateManyInput[] = [];

  for (let i = 0; i < count; i++) {
    const created = end - (count - 1 - i) * gap;
    const status: JobStatus = i % 20 === 7 ? 'failed' : i % 20 === 13 ? 'cancelled' : 'succeeded';
    const id = idAt('ftjob', created);
    const started = created + 1_500 + randomInt(30_000);
    const finished = started + 60_000 + randomInt(600_000);
    const steps = status === 'succeeded' ? totalSteps : Math.max(1, Math.floor(totalSteps / 2));
    const trained = Math.round((tokens * steps) / totalSteps);
    byStatus[status] = (byStatus[status] ?? 0) + 1;
    newest[status] = id;
    jobs.push({
      id,
      organizationId: template.organizationId,
      baseModelId: template.baseModelId,
      model: template.model,
      trainingFileId: template.trainingFileId,
      validationFileId: template.validationFileId,
      method: template.method,
      trainingType: template.trainingType,
      requested: template.requested as Prisma.InputJsonValue,
      spec: template.spec as Prisma.InputJsonValue,
      status,
      error: status === 'failed' ? { code: 'invalid_training_data', message: 'Line 12: the last message must be from the assistant.', param: null } : undefined,
      progress: { step: steps, total_steps: totalSteps, epoch: steps / totalSteps, trained_tokens: trained, eta_seconds: 0 },
      suffix: template.suffix,
      seed: randomInt(2 ** 31 - 1),
      metadata: template.metadata ?? undefined,
      priority: template.priority,
      workerClass: template.workerClass,
      dispatchCount: 1,
      dispatchedAt: status === 'cancelled' ? null : new Date(created + 40),
      fineTunedModel: status === 'succeeded' ? `ft:${template.model}:${template.organizationId}:${template.suffix ?? ''}:${id}` : null,
      trainedTokens: BigInt(trained),
      createdAt: new Date(created),
      updatedAt: new Date(finished),
      queuedAt: new Date(created),
      startedAt: new Date(started),
      finishedAt: new Date(finished),
    });
    attempts.push({
      id: idAt('ftattempt', started),
      jobId: id,
      number: 1,
      workerId: 'worker-0:4242',
      fromStep: 0,
      toStep: steps,
      endReason: status === 'succeeded' ? 'completed' : status === 'failed' ? 'failed: invalid_training_data' : 'cancelled',
      startedAt: new Date(started),
      endedAt: new Date(finished),
    });
  }
  for (let i = 0; i < jobs.length; i += 1000) {
    await db.fineTuningJob.createMany({ data: jobs.slice(i, i + 1000) });
    await db.jobAttempt.createMany({ data: attempts.slice(i, i + 1000) });
  }
  return { count, byStatus, newest, pageCursor: jobs[Math.max(0, jobs.length - 40)]!.id };
}

/**
 * Gives one seeded job a realistic history to page through: `events` job events (one per
 * logged step, as the metrics writer leaves them) and `steps` per-step metric rows.
 */
export async function seedJobHistory(db: Db, job: Pick<FineTuningJob, 'id' | 'organizationId' | 'createdAt'>, events: number, steps: number): Promise<void> {
  const start = job.createdAt.getTime();
  const eventRows: Prisma.JobEventCreateManyInput[] = Array.from({ length: events }, (_, i) => ({
    id: idAt('ftevent', start + i * 1000),
    organizationId: job.organizationId,
    jobId: job.id,
    level: 'info',
    type: 'metrics',
    message: `Step ${i + 1}/${events}: training loss=${(2 / (1 + i / 50)).toFixed(4)}`,
    data: { step: i + 1, train_loss: 2 / (1 + i / 50), train_mean_token_accuracy: Math.min(1, i / events) },
    createdAt: new Date(start + i * 1000),
  }));
  const metricRows: Prisma.JobMetricCreateManyInput[] = Array.from({ length: steps }, (_, i) => ({
    jobId: job.id,
    step: i + 1,
    values: { train_loss: 2 / (1 + i / 50), train_mean_token_accuracy: Math.min(1, i / steps), learning_rate: 1e-4, grad_norm: 1 + (i % 7) / 10 },
    createdAt: new Date(start + i * 1000),
  }));
  for (let i = 0; i < eventRows.length; i += 1000) await db.jobEvent.createMany({ data: eventRows.slice(i, i + 1000) });
  for (let i = 0; i < metricRows.length; i += 1000) await db.jobMetric.createMany({ data: metricRows.slice(i, i + 1000) });
}
