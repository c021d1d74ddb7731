import type { Logger } from '@whetstone/common';
import type { Db } from '@whetstone/db';
import type { Producers } from '@whetstone/queue';
import { reconcileJobs } from '@whetstone/services';
import { startPeriodic, type Periodic } from './periodic';

/**
 * Periodically repairs jobs Redis lost and dispatches waiting ones (see reconcileJobs). Runs on
 * workers that train; several running at once is safe (dispatch takes an advisory lock, queue
 * ids are deterministic).
 */
export function startJobReconciler(deps: { db: Db; producers: Producers; logger: Logger; planning?: { prices: Record<string, number>; throughput: Record<string, number>; workerMemoryGb: Record<string, number> } }, intervalMs: number): Periodic {
  const pass = async () => {
    const { repaired, dispatched } = await reconcileJobs(deps);
    if (repaired || dispatched.length) deps.logger.info({ repaired, dispatched: dispatched.length }, 'reconciled jobs');
  };
  return startPeriodic('job reconciliation', pass, intervalMs, deps.logger);
}
