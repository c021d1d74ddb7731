-- AlterTable
ALTER TABLE "fine_tuning_jobs" ADD COLUMN     "traceparent" TEXT;

-- AlterTable
ALTER TABLE "outbox_events" ADD COLUMN     "traceparent" TEXT;
