import { newId } from '@whetstone/common';
import type { Db, Prisma } from '@whetstone/db';

export type MetricValues = Record<string, number>;

/**
 * Buffers per-step metrics and writes them to Postgres in batches (one multi-row upsert, one
 * events insert, one progress update), at most every `flushMs` or `maxRows` steps: a fast run
 * must not write a row per step per round trip. Values for a step merge, so validation metrics
 * can join the step's training metrics.
 */
export class MetricsWriter {
  private pending = new Map<number, MetricValues>();
  private lastFlush = Date.now();
  private progress: Prisma.InputJsonObject | null = null;
  private estimatedFinish: Date | null = null;

  constructor(
    private readonly db: Db,
    private readonly job: { id: string; organizationId: string },
    private readonly options: { flushMs?: number; maxRows?: number } = {},
  ) {}

  record(step: number, values: MetricValues): void {
    this.pending.set(step, { ...(this.pending.get(step) ?? {}), ...finiteOnly(values) });
  }

  /** The job's progress and, once a step has been timed, when it should finish. */
  setProgress(progress: Prisma.InputJsonObject, estimatedFinish: Date | null = null): void {
    this.progress = progress;
    this.estimatedFinish = estimatedFinish;
  }

  async maybeFlush(): Promise<void> {
    if (this.pending.size >= (this.options.maxRows ?? 50) || Date.now() - this.lastFlush >= (this.options.flushMs ?? 1000)) await this.flush();
  }

  async flush(): Promise<void> {
    this.lastFlush = Date.now();
    const rows = [...this.pending.entries()];
    this.pending.clear();
    const progress = this.progress;
    const estimatedFinish = this.estimatedFinish;
    this.progress = null;
    if (rows.length === 0 && !progress) return;
    await this.db.$transaction(async (tx) => {
      for (const [step, values] of rows) {
        const existing = await tx.jobMetric.findUnique({ where: { jobId_step: { jobId: this.job.id, step } } });
        const merged = { ...((existing?.values as MetricValues | undefined) ?? {}), ...values };
        await tx.jobMetric.upsert({
          where: { jobId_step: { jobId: this.job.id, step } },
          create: { jobId: this.job.id, step, values: merged },
          update: { values: merged },
        });
      }
      if (rows.length > 0) {
        await tx.jobEvent.createMany({
          data: rows.map(([step, values]) => ({
            id: newId('jobEvent'),
            organizationId: this.job.organizationId,
            jobId: this.job.id,
            level: 'info',
            type: 'metrics',
            message: `Step ${step}: ${describe(values)}`,
            data: { step, ...values },
          })),
        });
      }
      // Only while the job runs: a late flush must not put an estimate back on a finished job.
      if (progress) {
        await tx.fineTuningJob.updateMany({
          where: { id: this.job.id, status: { in: ['running', 'pausing'] } },
          data: { progress, ...(estimatedFinish ? { estimatedFinish } : {}) },
        });
      }
    });
  }
}

function finiteOnly(values: MetricValues): MetricValues {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => Number.isFinite(v)));
}

function describe(values: MetricValues): string {
  return Object.entries(values)
    .filter(([k]) => k.includes('loss') || k.includes('accuracy'))
    .map(([k, v]) => `${k}=${Number(v.toPrecision(4))}`)
    .join(', ');
}
