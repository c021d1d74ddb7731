import { Counter, Histogram, type Registry } from 'prom-client';

/** Webhook delivery health: how late events reach customers, and how attempts end. */
export class WebhookMetrics {
  private readonly lag: Histogram;
  private readonly attempts: Counter<'outcome'>;

  constructor(registry: Registry) {
    this.lag = new Histogram({
      name: 'whetstone_webhook_delivery_lag_seconds',
      help: 'Seconds from an event being recorded to its successful delivery (retries included)',
      buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800, 3600, 6 * 3600, 24 * 3600, 72 * 3600],
      registers: [registry],
    });
    this.attempts = new Counter({
      name: 'whetstone_webhook_delivery_attempts_total',
      help: 'Webhook delivery attempts by outcome (succeeded, retrying = failed and rescheduled, failed = given up)',
      labelNames: ['outcome'],
      registers: [registry],
    });
  }

  attempt(outcome: 'succeeded' | 'retrying' | 'failed', eventCreatedAt: Date | null): void {
    this.attempts.inc({ outcome });
    if (outcome === 'succeeded' && eventCreatedAt) this.lag.observe(Math.max(0, (Date.now() - eventCreatedAt.getTime()) / 1000));
  }
}
