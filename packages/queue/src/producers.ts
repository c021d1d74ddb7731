import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { currentTraceCarrier } from '@whetstone/observability';
import { JOBS, QUEUES, WORKER_CLASS_PATTERN } from './names';
import {
  deliverWebhookPayload,
  trainJobPayload,
  validateFilePayload,
  type DeliverWebhookPayload,
  type TrainJobPayload,
  type ValidateFilePayload,
} from './payloads';

/** One BullMQ job per delivery attempt, so a re-enqueue of the same attempt is a no-op. */
export function deliverWebhookJobId(deliveryId: string, attempt: number): string {
  return `deliver.${deliveryId}.${attempt}`;
}

/** One validation job per file at a time (a finished one is removed before the file sweep re-queues it). */
export function validateFileJobId(fileId: string): string {
  return `validate.${fileId}`;
}

/** `dispatch` makes the id unique per dispatch, so a paused-then-resumed job can be queued again. */
export interface TrainJobOptions {
  priority?: number;
  dispatch: number;
}

const KEEP = { removeOnComplete: { age: 24 * 3600, count: 1000 }, removeOnFail: { age: 7 * 24 * 3600 } };

/**
 * The only way work enters Redis. Each method parses its payload, uses a deterministic job id
 * (so re-enqueueing the same work is a no-op, which the reconciler relies on) and throws when
 * Redis refuses: an enqueue never silently does nothing.
 */
export class Producers {
  private readonly queues = new Map<string, Queue>();

  constructor(
    private readonly connection: Redis,
    private readonly prefix: string,
  ) {}

  queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.connection, prefix: this.prefix });
      this.queues.set(name, queue);
    }
    return queue;
  }

  async validateFile(payload: ValidateFilePayload): Promise<void> {
    const data = validateFilePayload.parse(payload);
    await this.add(QUEUES.datasets, JOBS.validateFile, data, {
      jobId: validateFileJobId(data.fileId),
      attempts: 3,
      backoff: { type: 'exponential', delay: 2000 },
      ...KEEP,
    });
  }

  /**
   * Several training jobs of one worker class in one Redis round trip (BullMQ's addBulk, a
   * single MULTI): a dispatch pass's jobs are all added or, when Redis refuses, none is.
   */
  async trainJobs(workerClass: string, jobs: { payload: TrainJobPayload; options: TrainJobOptions }[]): Promise<void> {
    if (!WORKER_CLASS_PATTERN.test(workerClass)) throw new Error(`invalid worker class ${workerClass}`);
    if (jobs.length === 0) return;
    const active = currentTraceCarrier();
    const entries = jobs.map(({ payload, options }) => {
      const data = trainJobPayload.parse(payload);
      const trace = data.trace ?? active;
      return {
        name: JOBS.trainJob,
        data: trace ? { ...data, trace } : data,
        opts: { jobId: `train.${data.jobId}.${options.dispatch}`, priority: options.priority, attempts: 5, backoff: { type: 'exponential', delay: 5000 }, ...KEEP },
      };
    });
    await this.queue(QUEUES.training(workerClass)).addBulk(entries);
  }

  async deliverWebhook(payload: DeliverWebhookPayload, delayMs = 0, attempt = 0): Promise<void> {
    const data = deliverWebhookPayload.parse(payload);
    await this.add(QUEUES.webhooks, JOBS.deliverWebhook, data, {
      jobId: deliverWebhookJobId(data.deliveryId, attempt),
      delay: delayMs,
      attempts: 1,
      ...KEEP,
    });
  }

  /** A payload without its own trace context carries the active span's (when tracing is on). */
  private async add(queueName: string, jobName: string, data: { trace?: object }, options: JobsOptions): Promise<void> {
    const trace = data.trace ?? currentTraceCarrier();
    await this.queue(queueName).add(jobName, trace ? { ...data, trace } : data, options);
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.queues.clear();
  }
}
