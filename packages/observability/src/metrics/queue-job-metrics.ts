import { Histogram, type Registry } from 'prom-client';
import { workerClassOf } from './registry';

/** Every queue job a worker runs: how long it took and whether it completed or threw. */
export class QueueJobMetrics {
  private readonly duration: Histogram<'queue' | 'worker_class' | 'outcome'>;

  constructor(registry: Registry) {
    this.duration = new Histogram({
      name: 'whetstone_worker_job_duration_seconds',
      help: 'Time a worker spent on one queue job, by queue, worker class and outcome (completed, failed)',
      labelNames: ['queue', 'worker_class', 'outcome'],
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 1800, 7200, 28800],
      registers: [registry],
    });
  }

  observe(queue: string, outcome: 'completed' | 'failed', seconds: number): void {
    this.duration.observe({ queue, worker_class: workerClassOf(queue), outcome }, seconds);
  }
}
