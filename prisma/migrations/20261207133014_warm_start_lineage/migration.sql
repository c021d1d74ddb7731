-- AlterTable
ALTER TABLE "fine_tuning_jobs" ADD COLUMN     "parentCheckpointStep" INTEGER,
ADD COLUMN     "parentJobId" TEXT,
ADD COLUMN     "parentModel" TEXT;

-- CreateIndex
CREATE INDEX "fine_tuning_jobs_parentJobId_idx" ON "fine_tuning_jobs"("parentJobId");

-- AddForeignKey
ALTER TABLE "fine_tuning_jobs" ADD CONSTRAINT "fine_tuning_jobs_parentJobId_fkey" FOREIGN KEY ("parentJobId") REFERENCES "fine_tuning_jobs"("id") ON DELETE SET NULL ON UPDATE CASCADE;
