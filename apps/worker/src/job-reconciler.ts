import type { Logger } from '@whetstone/common';
import type { Db } from '@whetstone/db';
import type { Producers } from '@whetstone/queue';
import { reconcileJobs } from '@whetstone/services';

/**
 * Periodically repairs jobs Redis lost and dispatches waiting ones (see reconcileJobs). Runs on
 * workers that train; several running at once is safe (dispatch takes an advisory lock, queue
 * ids are deterministic).
 */
export function startJobReconciler(deps: { db: Db; producers: Producers; logger: Logger; planning?: { prices: Record<string, number>; throughput: Record<string, number>; workerMemoryGb: Record<string, number> } }, intervalMs: number) {
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = reconcileJobs(deps)
      .then(({ repaired, dispatched }) => {
        if (repaired || dispatched.length) deps.logger.info({ repaired, dispatched: dispatched.length }, 'reconciled jobs');
      })
      .catch((err) => deps.logger.error({ err }, 'job reconciliation failed'));
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
