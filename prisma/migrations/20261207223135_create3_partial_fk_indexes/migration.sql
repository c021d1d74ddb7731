-- No change to the Prisma schema.

-- Hand-written below (Prisma's schema has no partial indexes).

-- The foreign-key indexes of two columns that are null for most jobs become partial: a create's
-- insert and dispatch's update (not a HOT update: dispatchedAt is indexed) then add no entry to
-- them for such a job. The lookups that need them (a file's or a parent job's delete: "parentJobId" = $1,
-- "validationFileId" = $1) imply IS NOT NULL, so the planner still uses them.
DROP INDEX "fine_tuning_jobs_validationFileId_idx";
CREATE INDEX "fine_tuning_jobs_validationFileId_idx" ON "fine_tuning_jobs"("validationFileId") WHERE "validationFileId" IS NOT NULL;
DROP INDEX "fine_tuning_jobs_parentJobId_idx";
CREATE INDEX "fine_tuning_jobs_parentJobId_idx" ON "fine_tuning_jobs"("parentJobId") WHERE "parentJobId" IS NOT NULL;
