import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** What a training worker reports per step and per finished job (per worker: the scrape's instance). */
export class TrainingMetrics {
  private readonly stepDuration: Histogram<'worker_class'>;
  private readonly tokensPerSecond: Gauge<'worker_class'>;
  private readonly tokens: Counter<'worker_class'>;
  private readonly finished: Counter<'worker_class' | 'outcome'>;

  constructor(registry: Registry) {
    this.stepDuration = new Histogram({
      name: 'whetstone_training_step_duration_seconds',
      help: 'Wall time of one optimizer step (forward, backward, update), by worker class',
      labelNames: ['worker_class'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registers: [registry],
    });
    this.tokensPerSecond = new Gauge({
      name: 'whetstone_training_tokens_per_second',
      help: 'Training throughput of the latest step on this worker, by worker class',
      labelNames: ['worker_class'],
      registers: [registry],
    });
    this.tokens = new Counter({
      name: 'whetstone_training_tokens_total',
      help: 'Tokens trained on this worker, by worker class',
      labelNames: ['worker_class'],
      registers: [registry],
    });
    this.finished = new Counter({
      name: 'whetstone_training_jobs_finished_total',
      help: 'Training runs that ended on this worker, by worker class and outcome (succeeded, failed, cancelled, paused, skipped, error)',
      labelNames: ['worker_class', 'outcome'],
      registers: [registry],
    });
  }

  step(workerClass: string, seconds: number, tokens: number, tokensPerSecond: number | undefined): void {
    this.stepDuration.observe({ worker_class: workerClass }, seconds);
    if (tokens > 0) this.tokens.inc({ worker_class: workerClass }, tokens);
    if (tokensPerSecond !== undefined && Number.isFinite(tokensPerSecond)) this.tokensPerSecond.set({ worker_class: workerClass }, tokensPerSecond);
  }

  jobFinished(workerClass: string, outcome: string): void {
    this.finished.inc({ worker_class: workerClass, outcome });
  }
}
