-- AlterTable
ALTER TABLE "files" ADD COLUMN     "expiresAt" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "fine_tuning_jobs" ADD COLUMN     "resultFileId" TEXT;

-- CreateIndex
CREATE INDEX "files_expiresAt_idx" ON "files"("expiresAt");
