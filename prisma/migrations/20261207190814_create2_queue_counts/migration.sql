-- CreateTable
CREATE TABLE "job_queue_counts" (
    "organizationId" TEXT NOT NULL,
    "workerClass" TEXT NOT NULL,
    "waiting" INTEGER NOT NULL DEFAULT 0,
    "waitingSeconds" BIGINT NOT NULL DEFAULT 0,
    "dispatched" INTEGER NOT NULL DEFAULT 0,
    "dispatchedSeconds" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "job_queue_counts_pkey" PRIMARY KEY ("organizationId","workerClass")
);

-- AddForeignKey
ALTER TABLE "job_queue_counts" ADD CONSTRAINT "job_queue_counts_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written below (Prisma's schema has no functions, triggers or partial indexes).

-- A queued job's estimated seconds of work left, in whole seconds (whole, so the counts' sums
-- add and subtract exactly): its estimate times the share of its steps not yet trained.
CREATE FUNCTION job_queue_seconds(spec jsonb, progress jsonb) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT round(coalesce((spec -> 'estimates' ->> 'estimated_seconds')::float8, 0)
    * (1 - coalesce((progress ->> 'step')::float8 / nullif((progress ->> 'total_steps')::float8, 0), 0)))::bigint
$$;

-- Adds to an organization's and class's counts (a first queued job creates its row).
CREATE FUNCTION job_queue_counts_add(org text, cls text, w integer, ws bigint, d integer, ds bigint) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO job_queue_counts AS c ("organizationId", "workerClass", waiting, "waitingSeconds", dispatched, "dispatchedSeconds")
  VALUES (org, cls, w, ws, d, ds)
  ON CONFLICT ("organizationId", "workerClass") DO UPDATE SET
    waiting = c.waiting + EXCLUDED.waiting, "waitingSeconds" = c."waitingSeconds" + EXCLUDED."waitingSeconds",
    dispatched = c.dispatched + EXCLUDED.dispatched, "dispatchedSeconds" = c."dispatchedSeconds" + EXCLUDED."dispatchedSeconds"
$$;

-- Keeps job_queue_counts equal to the queued rows of fine_tuning_jobs: the row's old share is
-- taken out and its new share put in (one upsert when both fall on the same organization and class).
CREATE FUNCTION fine_tuning_jobs_count_queue() RETURNS trigger
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
    UPDATE job_queue_counts SET
      waiting = waiting - old_w, "waitingSeconds" = "waitingSeconds" - old_w * old_s,
      dispatched = dispatched - (1 - old_w), "dispatchedSeconds" = "dispatchedSeconds" - (1 - old_w) * old_s
    WHERE "organizationId" = OLD."organizationId" AND "workerClass" = OLD."workerClass";
  END IF;
  IF new_in THEN
    PERFORM job_queue_counts_add(NEW."organizationId", NEW."workerClass", new_w, new_w * new_s, 1 - new_w, (1 - new_w) * new_s);
  END IF;
  RETURN NULL;
END
$$;

-- Only changes that can move a job into, out of or within the counts call the function: a
-- running job's progress writes (every step) do not.
CREATE TRIGGER fine_tuning_jobs_count_queue_insert AFTER INSERT ON fine_tuning_jobs
  FOR EACH ROW WHEN (NEW.status = 'queued') EXECUTE FUNCTION fine_tuning_jobs_count_queue();
CREATE TRIGGER fine_tuning_jobs_count_queue_update AFTER UPDATE ON fine_tuning_jobs
  FOR EACH ROW WHEN ((OLD.status = 'queued' OR NEW.status = 'queued') AND (
    OLD.status IS DISTINCT FROM NEW.status
    OR (OLD."dispatchedAt" IS NULL) <> (NEW."dispatchedAt" IS NULL)
    OR OLD."organizationId" IS DISTINCT FROM NEW."organizationId"
    OR OLD."workerClass" IS DISTINCT FROM NEW."workerClass"
    OR OLD.spec IS DISTINCT FROM NEW.spec
    OR OLD.progress IS DISTINCT FROM NEW.progress))
  EXECUTE FUNCTION fine_tuning_jobs_count_queue();
CREATE TRIGGER fine_tuning_jobs_count_queue_delete AFTER DELETE ON fine_tuning_jobs
  FOR EACH ROW WHEN (OLD.status = 'queued') EXECUTE FUNCTION fine_tuning_jobs_count_queue();

-- The queued jobs in fair-dispatch order per organization and class: dispatched ones by
-- dispatch time, then waiting ones by priority and age. A queue position counts the entries
-- behind a job here.
CREATE INDEX "fine_tuning_jobs_queue_order_idx" ON fine_tuning_jobs ("organizationId", "workerClass", "dispatchedAt", priority, "createdAt", id)
  WHERE status = 'queued';

-- The counts of the jobs queued now.
INSERT INTO job_queue_counts ("organizationId", "workerClass", waiting, "waitingSeconds", dispatched, "dispatchedSeconds")
SELECT "organizationId", "workerClass",
       count(*) FILTER (WHERE "dispatchedAt" IS NULL),
       coalesce(sum(job_queue_seconds(spec, progress)) FILTER (WHERE "dispatchedAt" IS NULL), 0),
       count(*) FILTER (WHERE "dispatchedAt" IS NOT NULL),
       coalesce(sum(job_queue_seconds(spec, progress)) FILTER (WHERE "dispatchedAt" IS NOT NULL), 0)
FROM fine_tuning_jobs WHERE status = 'queued'
GROUP BY "organizationId", "workerClass";
