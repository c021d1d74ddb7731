-- DropIndex
DROP INDEX "fine_tuning_jobs_status_workerClass_priority_idx";

-- AlterTable
ALTER TABLE "fine_tuning_jobs" ADD COLUMN     "dispatchCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "dispatchedAt" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "fine_tuning_jobs_status_workerClass_dispatchedAt_idx" ON "fine_tuning_jobs"("status", "workerClass", "dispatchedAt");
