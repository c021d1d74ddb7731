-- AlterTable
ALTER TABLE "organizations" ADD COLUMN     "storageBytesUsed" BIGINT NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "fine_tuned_models" ADD COLUMN     "bytes" BIGINT NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "checkpoints" ADD COLUMN     "bytes" BIGINT NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "storage_reservations" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "bytes" BIGINT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "storage_reservations_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "storage_reservations_organizationId_idx" ON "storage_reservations"("organizationId");

-- CreateIndex
CREATE INDEX "storage_reservations_expiresAt_idx" ON "storage_reservations"("expiresAt");

-- AddForeignKey
ALTER TABLE "storage_reservations" ADD CONSTRAINT "storage_reservations_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Storage already in use: live files (uploads and results). Checkpoints and fine-tuned weights
-- stored before their sizes were recorded count from their next write on.
UPDATE "organizations" o SET "storageBytesUsed" = coalesce(
  (SELECT sum(f."bytes") FROM "files" f WHERE f."organizationId" = o."id" AND f."deletedAt" IS NULL), 0);
