import { QueueEvents, UnrecoverableError } from 'bullmq';
import { createLogger } from '@whetstone/common';
import { createRedis, Producers } from '@whetstone/queue';
import { startConsumers } from '../src/consumers';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:56379';
const prefix = `whetstone-test-${process.pid}`;
const logger = createLogger({ level: 'silent', name: 'worker-test' });

describe('BullMQ consumers', () => {
  const redis = createRedis(redisUrl, 'producer');
  const producers = new Producers(redis, prefix);
  afterAll(async () => {
    await producers.close();
    await redis.quit();
  });

  it('runs jobs with the configured concurrency', async () => {
    const queue = `concurrency-${Date.now()}`;
    let running = 0;
    let peak = 0;
    let done = 0;
    const consumers = startConsumers({
      redisUrl,
      prefix,
      logger,
      definitions: [
        {
          queue,
          concurrency: 3,
          async process() {
            running++;
            peak = Math.max(peak, running);
            await new Promise((r) => setTimeout(r, 150));
            running--;
            done++;
          },
        },
      ],
    });
    await consumers.ready;
    await Promise.all(Array.from({ length: 6 }, (_, i) => producers.queue(queue).add('work', { i })));
    while (done < 6) await new Promise((r) => setTimeout(r, 20));
    await consumers.close();
    expect(peak).toBe(3);
  });

  it('drains on close: a running job finishes before close resolves, and no new job starts', async () => {
    const queue = `drain-${Date.now()}`;
    const events: string[] = [];
    const consumers = startConsumers({
      redisUrl,
      prefix,
      logger,
      definitions: [
        {
          queue,
          concurrency: 1,
          async process(job) {
            events.push(`start ${job.data.i}`);
            await new Promise((r) => setTimeout(r, 400));
            events.push(`end ${job.data.i}`);
          },
        },
      ],
    });
    await consumers.ready;
    await producers.queue(queue).add('work', { i: 1 });
    await producers.queue(queue).add('work', { i: 2 });
    while (!events.includes('start 1')) await new Promise((r) => setTimeout(r, 10));
    await consumers.close();
    expect(events).toEqual(['start 1', 'end 1']);
    expect(await producers.queue(queue).getWaitingCount()).toBe(1);
  });

  it('fails a job permanently on UnrecoverableError without retrying it', async () => {
    const queue = `permanent-${Date.now()}`;
    let calls = 0;
    const consumers = startConsumers({
      redisUrl,
      prefix,
      logger,
      definitions: [
        {
          queue,
          concurrency: 1,
          async process() {
            calls++;
            throw new UnrecoverableError('bad payload');
          },
        },
      ],
    });
    const connection = createRedis(redisUrl, 'worker');
    const events = new QueueEvents(queue, { connection, prefix });
    await Promise.all([consumers.ready, events.waitUntilReady()]);
    const failed = new Promise<string>((resolve) => events.once('failed', ({ failedReason }) => resolve(failedReason)));
    await producers.queue(queue).add('work', {}, { attempts: 3, backoff: { type: 'fixed', delay: 10 } });
    expect(await failed).toBe('bad payload');
    await new Promise((r) => setTimeout(r, 200));
    expect(calls).toBe(1);
    await events.close();
    await connection.quit();
    await consumers.close();
  });
});
