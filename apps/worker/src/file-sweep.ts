import type { Logger } from '@whetstone/common';
import type { Db } from '@whetstone/db';
import type { Producers } from '@whetstone/queue';
import { sweepUnvalidatedFiles } from '@whetstone/services';

/**
 * Periodically re-queues the validation of files left in uploaded/validating with no live job
 * (see sweepUnvalidatedFiles). Runs wherever the datasets queue is consumed; several at once is
 * safe (the job id is per file).
 */
export function startFileSweep(deps: { db: Db; producers: Producers; logger: Logger }, intervalMs: number) {
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = sweepUnvalidatedFiles(deps)
      .then(({ requeued }) => {
        if (requeued) deps.logger.warn({ requeued }, 're-queued the validation of files left without a job');
      })
      .catch((err) => deps.logger.error({ err }, 'file sweep failed'));
  };
  const timer = setInterval(tick, intervalMs);
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
