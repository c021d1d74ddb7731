-- AlterTable
ALTER TABLE "fine_tuning_jobs" ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 0;

-- Hand-written below (Prisma's schema has no functions or triggers).

-- A job's version changes with every update of its row, whoever writes it, so a copy of the job
-- object kept under (id, version) is the object as long as the version read is current.
CREATE FUNCTION fine_tuning_jobs_bump_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.version := OLD.version + 1;
  RETURN NEW;
END
$$;

CREATE TRIGGER fine_tuning_jobs_bump_version BEFORE UPDATE ON fine_tuning_jobs
  FOR EACH ROW EXECUTE FUNCTION fine_tuning_jobs_bump_version();

-- The job object lists its attempts: any change to them is an update of the job (whose own
-- trigger bumps the version). OLD is null on insert and NEW on delete.
CREATE FUNCTION job_attempts_bump_job_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE fine_tuning_jobs SET version = version WHERE id IN (OLD."jobId", NEW."jobId");
  RETURN NULL;
END
$$;

CREATE TRIGGER job_attempts_bump_job_version AFTER INSERT OR UPDATE OR DELETE ON job_attempts
  FOR EACH ROW EXECUTE FUNCTION job_attempts_bump_job_version();
