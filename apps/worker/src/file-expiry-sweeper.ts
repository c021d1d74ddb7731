import type { Logger } from '@whetstone/common';
import type { Db } from '@whetstone/db';
import { sweepExpiredFiles, sweepExpiredStorageReservations } from '@whetstone/services';
import type { ObjectStore } from '@whetstone/storage';
import { startPeriodic, type Periodic } from './periodic';

/**
 * Periodically deletes files past their `expires_after` (rows and objects), and gives back the
 * storage reserved by writers that died mid-write. Several workers sweeping at once is safe:
 * deleting a file twice finds it gone the second time, and a reservation is deleted once.
 */
export function startFileExpirySweeper(deps: { db: Db; store: ObjectStore; logger: Logger }, intervalMs: number): Periodic {
  const pass = async () => {
    const deleted = await sweepExpiredFiles(deps);
    if (deleted.length) deps.logger.info({ deleted: deleted.length }, 'deleted expired files');
    const released = await sweepExpiredStorageReservations(deps.db);
    if (released) deps.logger.warn({ released }, 'gave back storage reserved by writes that never finished');
  };
  return startPeriodic('expired-file sweep', pass, intervalMs, deps.logger);
}
