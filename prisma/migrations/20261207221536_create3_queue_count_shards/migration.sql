-- AlterTable
ALTER TABLE "job_queue_counts" DROP CONSTRAINT "job_queue_counts_pkey",
ADD COLUMN     "shard" INTEGER NOT NULL DEFAULT 0,
ADD CONSTRAINT "job_queue_counts_pkey" PRIMARY KEY ("organizationId", "workerClass", "shard");

-- Hand-written below (Prisma's schema has no functions).

-- Every create of a tenant added to the same (organization, class) row, so its row lock queued
-- them one behind another until each commit (pg_stat_statements, bench:api: 5.4 of the insert's
-- 6.4 ms a call were this upsert waiting). Each session now adds to its own shard row of the
-- pair; readers sum the shards. A transaction still writes at most one row per pair (its
-- session's), so the lock waits it can meet are a subset of those with one row per pair.
-- A job deleted with its organization (ON DELETE CASCADE) adds nothing: its organization's
-- rows are going too, and a new row would fail its foreign key.
CREATE OR REPLACE FUNCTION job_queue_counts_add(org text, cls text, w integer, ws bigint, d integer, ds bigint) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO job_queue_counts AS c ("organizationId", "workerClass", shard, waiting, "waitingSeconds", dispatched, "dispatchedSeconds")
  SELECT org, cls, pg_backend_pid() % 64, w, ws, d, ds WHERE EXISTS (SELECT 1 FROM organizations o WHERE o.id = org)
  ON CONFLICT ("organizationId", "workerClass", shard) DO UPDATE SET
    waiting = c.waiting + EXCLUDED.waiting, "waitingSeconds" = c."waitingSeconds" + EXCLUDED."waitingSeconds",
    dispatched = c.dispatched + EXCLUDED.dispatched, "dispatchedSeconds" = c."dispatchedSeconds" + EXCLUDED."dispatchedSeconds"
$$;

-- As before, except that a job leaving the counts is taken out through the session's own shard
-- (which may not have a row yet, or go negative), not an UPDATE of the pair's one row.
CREATE OR REPLACE FUNCTION fine_tuning_jobs_count_queue() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  old_in boolean := false;
  new_in boolean := false;
  old_s bigint := 0;
  new_s bigint := 0;
  old_w integer := 0;
  new_w integer := 0;
BEGIN
  IF TG_OP <> 'INSERT' THEN
    old_in := OLD.status = 'queued';
  END IF;
  IF TG_OP <> 'DELETE' THEN
    new_in := NEW.status = 'queued';
  END IF;
  IF old_in THEN
    old_s := job_queue_seconds(OLD.spec, OLD.progress);
    old_w := (OLD."dispatchedAt" IS NULL)::integer;
  END IF;
  IF new_in THEN
    new_s := job_queue_seconds(NEW.spec, NEW.progress);
    new_w := (NEW."dispatchedAt" IS NULL)::integer;
  END IF;
  IF old_in AND new_in AND OLD."organizationId" = NEW."organizationId" AND OLD."workerClass" = NEW."workerClass" THEN
    PERFORM job_queue_counts_add(NEW."organizationId", NEW."workerClass",
      new_w - old_w, new_w * new_s - old_w * old_s, (1 - new_w) - (1 - old_w), (1 - new_w) * new_s - (1 - old_w) * old_s);
    RETURN NULL;
  END IF;
  IF old_in THEN
    PERFORM job_queue_counts_add(OLD."organizationId", OLD."workerClass", -old_w, -old_w * old_s, -(1 - old_w), -(1 - old_w) * old_s);
  END IF;
  IF new_in THEN
    PERFORM job_queue_counts_add(NEW."organizationId", NEW."workerClass", new_w, new_w * new_s, 1 - new_w, (1 - new_w) * new_s);
  END IF;
  RETURN NULL;
END
$$;
