-- AlterTable
ALTER TABLE "base_models" ADD COLUMN     "contentDigest" TEXT,
ADD COLUMN     "deprecatedAt" TIMESTAMPTZ(3),
ADD COLUMN     "displayName" TEXT,
ADD COLUMN     "files" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "license" TEXT,
ADD COLUMN     "replacedBy" TEXT,
ADD COLUMN     "totalBytes" BIGINT NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "base_models_storagePrefix_idx" ON "base_models"("storagePrefix");
