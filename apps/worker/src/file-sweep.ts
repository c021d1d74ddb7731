import type { Logger } from '@whetstone/common';
import type { Db } from '@whetstone/db';
import type { Producers } from '@whetstone/queue';
import { sweepUnvalidatedFiles } from '@whetstone/services';
import { startPeriodic, type Periodic } from './periodic';

/**
 * Periodically re-queues the validation of files left in uploaded/validating with no live job
 * (see sweepUnvalidatedFiles). Runs wherever the datasets queue is consumed; several at once is
 * safe (the job id is per file).
 */
export function startFileSweep(deps: { db: Db; producers: Producers; logger: Logger }, intervalMs: number): Periodic {
  const pass = async () => {
    const { requeued } = await sweepUnvalidatedFiles(deps);
    if (requeued) deps.logger.warn({ requeued }, 're-queued the validation of files left without a job');
  };
  return startPeriodic('file sweep', pass, intervalMs, deps.logger, { delayFirst: true });
}
