import type { Db } from '@whetstone/db';

/**
 * cancel and pause come from the user; token_quota from the organization's monthly token quota;
 * handoff: this worker is shutting down and gives the job back.
 */
export type StopReason = 'cancel' | 'pause' | 'token_quota' | 'handoff';

/**
 * Watches the job's row for a user's cancel or pause, and the worker's own draining signal, and
 * aborts the training signal, which the engine checks before every step and between its
 * micro-batches (an interrupted step is not taken). Postgres is polled (the API never talks to
 * workers directly).
 */
export class ControlWatch {
  readonly controller = new AbortController();
  reason: StopReason | null = null;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Db,
    private readonly jobId: string,
    private readonly intervalMs = 200,
    /** Aborted when the worker starts draining (SIGTERM). */
    private readonly draining?: AbortSignal,
  ) {}

  start(): this {
    this.timer = setInterval(() => void this.check(), this.intervalMs);
    if (this.draining?.aborted) this.handOff();
    else this.draining?.addEventListener('abort', this.handOff, { once: true });
    return this;
  }

  private readonly handOff = (): void => {
    if (!this.reason) this.stop('handoff');
  };

  /** Reads the flags now (also called before training starts); a user's stop outranks a handoff. */
  async check(): Promise<StopReason | null> {
    if (this.reason && this.reason !== 'handoff') return this.reason;
    const row = await this.db.fineTuningJob.findUnique({ where: { id: this.jobId }, select: { cancelRequested: true, pauseRequested: true, status: true } }).catch(() => null);
    if (!row) return null;
    if (row.cancelRequested || row.status === 'cancelled') this.stop('cancel');
    else if (row.pauseRequested || row.status === 'pausing') this.stop('pause');
    return this.reason;
  }

  /** Stops the run because the organization's monthly token quota would be exceeded. */
  stopForQuota(): void {
    if (!this.reason) this.stop('token_quota');
  }

  private stop(reason: StopReason): void {
    this.reason = reason;
    this.controller.abort(reason);
  }

  close(): void {
    clearInterval(this.timer);
    this.draining?.removeEventListener('abort', this.handOff);
  }
}
