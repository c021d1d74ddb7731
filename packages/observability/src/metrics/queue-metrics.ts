import type { Queue } from 'bullmq';
import { Gauge, type Registry } from 'prom-client';
import { cachedCollect } from './cached-collect';
import { workerClassOf } from './registry';

/** BullMQ states reported as queue depth. */
const STATES = ['wait', 'prioritized', 'delayed', 'active', 'failed'] as const;

interface QueueSnapshot {
  queue: string;
  counts: Record<string, number>;
  oldestWaitingMs: number | null;
}

/**
 * Queue depth per state and the age of the oldest waiting job, per queue and worker class,
 * read from Redis when Prometheus scrapes (at most once per `minIntervalMs`). The age is what
 * autoscaling and alerts care about: depth alone does not say whether work is stuck.
 */
export function registerQueueMetrics(
  registry: Registry,
  options: { queueNames: () => string[]; queue: (name: string) => Queue; minIntervalMs?: number },
): void {
  const snapshot = cachedCollect(
    () => Promise.all(options.queueNames().map((name) => readQueue(options.queue(name)))),
    options.minIntervalMs ?? 5_000,
  );
  new Gauge({
    name: 'whetstone_queue_jobs',
    help: 'Jobs in each BullMQ queue by state (wait, prioritized, delayed, active, failed)',
    labelNames: ['queue', 'worker_class', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const q of await snapshot()) {
        for (const state of STATES) this.set({ queue: q.queue, worker_class: workerClassOf(q.queue), state }, q.counts[state] ?? 0);
      }
    },
  });
  new Gauge({
    name: 'whetstone_queue_oldest_waiting_age_seconds',
    help: 'Seconds the oldest waiting job (for prioritized queues, the next one to run) has waited; 0 when none waits',
    labelNames: ['queue', 'worker_class'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const q of await snapshot()) {
        this.set({ queue: q.queue, worker_class: workerClassOf(q.queue) }, q.oldestWaitingMs === null ? 0 : Math.max(0, (Date.now() - q.oldestWaitingMs) / 1000));
      }
    },
  });
}

async function readQueue(queue: Queue): Promise<QueueSnapshot> {
  const [counts, front] = await Promise.all([
    queue.getJobCounts(...STATES),
    // asc: the oldest of the plain waiting list, and the front of the prioritized set.
    queue.getJobs(['wait', 'prioritized'], 0, 0, true),
  ]);
  const stamps = front.filter(Boolean).map((job) => job.timestamp);
  return { queue: queue.name, counts, oldestWaitingMs: stamps.length ? Math.min(...stamps) : null };
}
