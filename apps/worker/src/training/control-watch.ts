import type { Db } from '@whetstone/db';

export type StopReason = 'cancel' | 'pause';

/**
 * Watches the job's row for a user's cancel or pause and aborts the training signal, which the
 * engine checks before every step. Postgres is polled (the API never talks to workers directly).
 */
export class ControlWatch {
  readonly controller = new AbortController();
  reason: StopReason | null = null;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Db,
    private readonly jobId: string,
    private readonly intervalMs = 200,
  ) {}

  start(): this {
    this.timer = setInterval(() => void this.check(), this.intervalMs);
    return this;
  }

  /** Reads the flags now (also called before training starts). */
  async check(): Promise<StopReason | null> {
    if (this.reason) return this.reason;
    const row = await this.db.fineTuningJob.findUnique({ where: { id: this.jobId }, select: { cancelRequested: true, pauseRequested: true, status: true } }).catch(() => null);
    if (!row) return null;
    if (row.cancelRequested || row.status === 'cancelled') this.stop('cancel');
    else if (row.pauseRequested || row.status === 'pausing') this.stop('pause');
    return this.reason;
  }

  private stop(reason: StopReason): void {
    this.reason = reason;
    this.controller.abort(reason);
  }

  close(): void {
    clearInterval(this.timer);
  }
}
