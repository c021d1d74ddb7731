import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Logger } from '@whetstone/common';
import type { QueueJobMetrics } from '@whetstone/observability';
import { createRedis, type Redis } from '@whetstone/queue';
import { runInJobContext } from './job-context';

/** One queue's consumer: which queue, how many jobs at once, and the handler for a job. */
export interface ConsumerDefinition {
  queue: string;
  concurrency: number;
  /**
   * Parses the payload (never casts) and calls one domain handler. `token` is the worker's lock
   * on the job, for handlers that put it back (job.moveToDelayed, then throw DelayedError).
   */
  process(job: Job, log: Logger, token: string | undefined): Promise<unknown>;
  /** Long jobs (training) renew their lock less often but must still be seen as alive. */
  lockDurationMs?: number;
  /** How often BullMQ looks for jobs whose worker died (their lock expired). */
  stalledIntervalMs?: number;
}

export interface RunningConsumers {
  /** Resolves when every BullMQ worker is connected and consuming. */
  ready: Promise<void>;
  /** Stops taking new jobs, waits for running ones to finish, then closes connections. */
  close(): Promise<void>;
}

/**
 * Starts a BullMQ worker per definition. Each worker gets its own Redis connection (a blocking
 * connection cannot be shared), which we quit ourselves: BullMQ's close() leaves passed-in
 * connections open and the process would never exit.
 */
export function startConsumers(options: {
  redisUrl: string;
  prefix: string;
  logger: Logger;
  definitions: ConsumerDefinition[];
  /** Records each job's duration and outcome. */
  metrics?: QueueJobMetrics;
}): RunningConsumers {
  const connections: Redis[] = [];
  const workers = options.definitions.map((definition) => {
    const connection = createRedis(options.redisUrl, 'worker');
    connection.on('error', (err) => options.logger.warn({ err: err.message, queue: definition.queue }, 'redis connection error'));
    connections.push(connection);
    const worker = new Worker(
      definition.queue,
      (job, token) =>
        runInJobContext(definition.queue, job, async () => {
          const log = options.logger.child({ queue: definition.queue, bullJobId: job.id, attempt: job.attemptsMade + 1 });
          log.info({ name: job.name }, 'job started');
          const started = Date.now();
          try {
            const result = await definition.process(job, log, token);
            log.info({ ms: Date.now() - started }, 'job completed');
            options.metrics?.observe(definition.queue, 'completed', (Date.now() - started) / 1000);
            return result;
          } catch (err) {
            if (err instanceof DelayedError) {
              log.debug({ ms: Date.now() - started }, 'job deferred');
              throw err;
            }
            const permanent = err instanceof UnrecoverableError;
            log[permanent ? 'warn' : 'error']({ err, ms: Date.now() - started, permanent }, 'job failed');
            options.metrics?.observe(definition.queue, 'failed', (Date.now() - started) / 1000);
            throw err;
          }
        }),
      {
        connection,
        prefix: options.prefix,
        concurrency: definition.concurrency,
        lockDuration: definition.lockDurationMs ?? 30_000,
        stalledInterval: definition.stalledIntervalMs ?? 30_000,
        // A job whose worker died is handed out again (resuming from its checkpoint) up to this many times.
        maxStalledCount: 5,
        autorun: true,
      },
    );
    worker.on('error', (err) => options.logger.error({ err, queue: definition.queue }, 'worker error'));
    return worker;
  });

  return {
    ready: Promise.all(workers.map((w) => w.waitUntilReady())).then(() => undefined),
    async close() {
      await Promise.all(workers.map((w) => w.close()));
      await Promise.all(connections.map((c) => c.quit().catch(() => c.disconnect())));
    },
  };
}

