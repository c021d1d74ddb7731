-- DropIndex
DROP INDEX "fine_tuning_jobs_organizationId_createdAt_idx";

-- DropIndex
DROP INDEX "fine_tuning_jobs_organizationId_status_idx";

-- DropIndex
DROP INDEX "job_events_jobId_createdAt_idx";

-- CreateIndex
CREATE INDEX "fine_tuning_jobs_organizationId_id_idx" ON "fine_tuning_jobs"("organizationId", "id");

-- CreateIndex
CREATE INDEX "fine_tuning_jobs_organizationId_status_id_idx" ON "fine_tuning_jobs"("organizationId", "status", "id");

-- CreateIndex
CREATE INDEX "job_events_jobId_id_idx" ON "job_events"("jobId", "id");
