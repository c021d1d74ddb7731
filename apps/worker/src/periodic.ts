import type { Logger } from '@whetstone/common';

export interface Periodic {
  /** Stops the timer and waits for a pass in progress. */
  stop(): Promise<void>;
}

/**
 * Runs a background pass every `intervalMs` (first at once unless `delayFirst`), logging a failed
 * pass instead of crashing the worker. A pass still running when the next is due is not doubled:
 * that tick is skipped.
 */
export function startPeriodic(what: string, pass: () => Promise<void>, intervalMs: number, logger: Logger, options: { delayFirst?: boolean } = {}): Periodic {
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running) return;
    running = pass()
      .catch((err: unknown) => logger.error({ err }, `${what} failed`))
      .finally(() => {
        running = null;
      });
  };
  if (!options.delayFirst) tick();
  const timer = setInterval(tick, intervalMs);
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
