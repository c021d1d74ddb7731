import type { Db } from '@whetstone/db';
import { QUEUES, validateFileJobId, type Producers } from '@whetstone/queue';

/** BullMQ states in which a validation job will still run on its own. */
const LIVE_STATES = new Set(['waiting', 'delayed', 'active', 'prioritized', 'waiting-children']);

/** How long a file may sit in uploaded/validating with no live job before it is re-queued. */
export const FILE_SWEEP_GRACE_MS = 10_000;

/**
 * Re-queues the validation of files stuck in `uploaded` or `validating` with no live job: the
 * enqueue after the upload's commit failed (Redis was down), Redis lost the job, or the last
 * retry failed while Postgres was down so the file could not even be marked `error`. Validation
 * is idempotent (a finished file is skipped), so a re-queue that races the original does no harm.
 *
 * System-wide by design (a maintenance scan over every organization's files).
 */
export async function sweepUnvalidatedFiles(
  deps: { db: Db; producers: Producers },
  options: { graceMs?: number; limit?: number; now?: Date } = {},
): Promise<{ stuck: number; requeued: number }> {
  const cutoff = new Date((options.now ?? new Date()).getTime() - (options.graceMs ?? FILE_SWEEP_GRACE_MS));
  const stuck = await deps.db.file.findMany({
    where: { status: { in: ['uploaded', 'validating'] }, deletedAt: null, updatedAt: { lt: cutoff } },
    orderBy: { updatedAt: 'asc' },
    take: options.limit ?? 100,
    select: { id: true, organizationId: true },
  });
  let requeued = 0;
  const queue = deps.producers.queue(QUEUES.datasets);
  for (const file of stuck) {
    const entry = await queue.getJob(validateFileJobId(file.id));
    if (entry) {
      if (LIVE_STATES.has(await entry.getState())) continue;
      // Finished (failed for good, or completed without settling the file): replace it.
      await entry.remove();
    }
    await deps.producers.validateFile({ organizationId: file.organizationId, fileId: file.id });
    requeued += 1;
  }
  return { stuck: stuck.length, requeued };
}
