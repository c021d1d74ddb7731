-- No change to the Prisma schema.

-- Hand-written below (Prisma's schema has no partial indexes).

-- The jobs waiting in Postgres for dispatch, per worker class and organization in the order a
-- dispatch pass takes them (priority, then age): a pass finds the organizations with a waiting
-- job by one probe each and reads each one's first jobs up to its room (dispatch.ts), instead of
-- ranking every waiting job of the class. A job leaves the index when it is dispatched (its new
-- row version is outside the predicate).
CREATE INDEX "fine_tuning_jobs_waiting_idx" ON "fine_tuning_jobs"("workerClass", "organizationId", priority DESC, "createdAt", id)
  WHERE status = 'queued' AND "dispatchedAt" IS NULL;
