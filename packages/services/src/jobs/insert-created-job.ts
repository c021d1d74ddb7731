import { NotFoundError } from '@whetstone/common';
import { inPoolTransaction, statement, type Db, type FineTuningJob } from '@whetstone/db';
import { checkCreatedJobQuota, type QuotaLimits } from '../tenants/job-quota-reservation';

/** The new job's columns (those without a database default worth keeping). */
export interface NewJobRow {
  id: string;
  organizationId: string;
  baseModelId: string;
  model: string;
  trainingFileId: string;
  validationFileId: string | null;
  method: string;
  trainingType: string;
  requested: unknown;
  spec: unknown;
  status: 'queued' | 'validating_files';
  suffix: string | null;
  seed: number;
  metadata: unknown;
  priority: number;
  workerClass: string;
  queuedAt: Date | null;
  progress: unknown;
  traceparent: string | null;
  parentModel: string | null;
  parentJobId: string | null;
  parentCheckpointStep: number | null;
  createdAt: Date;
}

/** A job event and, when customers subscribe to it, its outbox row (see recordJobEvents). */
export interface NewJobEvent {
  id: string;
  level: string;
  type: string;
  message: string;
  data?: unknown;
}
export interface NewOutboxRow {
  id: string;
  type: string;
  payload: unknown;
  traceparent: string | null;
}

type Mode = 'unlimited' | 'limited';

/**
 * The job, its events and their outbox rows in one statement, which also locks the organization
 * row: FOR SHARE when the tenant has no quota (creates run side by side; an admin setting a quota
 * waits for them, and inserts nothing when it finds one already set), FOR NO KEY UPDATE otherwise (the
 * quota check that follows runs after the lock, so it sees every create committed before it).
 * NO KEY UPDATE, not UPDATE: it serialises creates, resumes and quota changes alike, but lets other
 * transactions' foreign-key checks on the row (KEY SHARE: an outbox or job insert) through. With
 * FOR UPDATE a job leaving validation (its queue-count row written, then its outbox row's key
 * check waiting here) and this create (waiting on that queue-count row) deadlocked.
 */
function insertStatement(mode: Mode, job: NewJobRow, events: NewJobEvent[], outbox: NewOutboxRow[]): ReturnType<typeof statement> {
  const unlimitedOnly = mode === 'unlimited';
  return statement(
    `insert_created_job_${mode}`,
    `
    WITH org AS (
      SELECT "maxQueuedJobs", "monthlyTrainedTokens", "storageBytes", "storageBytesUsed"
      FROM organizations WHERE id = $2 ${unlimitedOnly ? 'FOR SHARE' : 'FOR NO KEY UPDATE'}
    ), job AS (
      INSERT INTO fine_tuning_jobs (
        id, "organizationId", "baseModelId", model, "trainingFileId", "validationFileId", method, "trainingType",
        requested, spec, status, suffix, seed, metadata, priority, "workerClass", "queuedAt", progress, traceparent,
        "parentModel", "parentJobId", "parentCheckpointStep", "createdAt", "updatedAt")
      SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb, $11::"JobStatus", $12, $13, $14::jsonb, $15, $16, $17, $18::jsonb, $19,
             $20, $21, $22, $23, $23
      FROM org
      ${unlimitedOnly ? 'WHERE org."maxQueuedJobs" IS NULL AND org."monthlyTrainedTokens" IS NULL AND org."storageBytes" IS NULL' : ''}
      RETURNING *
    ), events AS (
      INSERT INTO job_events (id, "organizationId", "jobId", level, type, message, data, "createdAt")
      SELECT e.id, job."organizationId", job.id, e.level, e.type, e.message, e.data, $23
      FROM job, jsonb_to_recordset($24::jsonb) AS e(id text, level text, type text, message text, data jsonb)
    ), outbox AS (
      INSERT INTO outbox_events (id, "organizationId", type, payload, "createdAt", traceparent)
      SELECT o.id, job."organizationId", o.type, o.payload, $23, o.traceparent
      FROM job, jsonb_to_recordset($25::jsonb) AS o(id text, type text, payload jsonb, traceparent text)
    )
    SELECT org."maxQueuedJobs" AS "orgMaxQueuedJobs", org."monthlyTrainedTokens" AS "orgMonthlyTrainedTokens",
           org."storageBytes" AS "orgStorageBytes", org."storageBytesUsed" AS "orgStorageBytesUsed", job.*
    FROM org LEFT JOIN job ON true`,
    [
      job.id,
      job.organizationId,
      job.baseModelId,
      job.model,
      job.trainingFileId,
      job.validationFileId,
      job.method,
      job.trainingType,
      json(job.requested),
      json(job.spec),
      job.status,
      job.suffix,
      job.seed,
      json(job.metadata),
      job.priority,
      job.workerClass,
      job.queuedAt,
      json(job.progress),
      job.traceparent,
      job.parentModel,
      job.parentJobId,
      job.parentCheckpointStep,
      job.createdAt,
      JSON.stringify(events),
      JSON.stringify(outbox),
    ],
  );
}

/** jsonb parameters as text (pg would turn a JS array into a Postgres array); null stays SQL NULL. */
const json = (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value));

type InsertedRow = FineTuningJob & {
  orgMaxQueuedJobs: number | null;
  orgMonthlyTrainedTokens: bigint | null;
  orgStorageBytes: bigint | null;
  orgStorageBytesUsed: bigint;
};

function jobOf(row: InsertedRow): FineTuningJob {
  const { orgMaxQueuedJobs: _q, orgMonthlyTrainedTokens: _t, orgStorageBytes: _s, orgStorageBytesUsed: _u, ...job } = row;
  return job;
}

/**
 * Writes a new job with its events and outbox rows, admitted by the organization's quotas as
 * they are at commit time, on the pg pool (Prisma's interactive transaction costs a round trip
 * and about 0.3 ms of CPU per statement, all of it under the organization's lock):
 *  - a tenant without quotas: one statement, no transaction, the organization row share-locked;
 *  - otherwise: BEGIN; the same statement with the row locked FOR UPDATE; the quota check
 *    (counting the new job); COMMIT or ROLLBACK. The lock is held for one check and the commit.
 * `hintUnlimited` (from the request's organization, which may be a moment old) picks the path to
 * try first; the statement reads the limits under the lock, so a stale hint costs a retry only.
 */
export async function insertCreatedJob(db: Db, hintUnlimited: boolean, job: NewJobRow, events: NewJobEvent[], outbox: NewOutboxRow[]): Promise<FineTuningJob> {
  if (hintUnlimited) {
    const { rows } = await db.pool.query<InsertedRow>(insertStatement('unlimited', job, events, outbox));
    const row = rows[0];
    if (!row) throw new NotFoundError('The organization no longer exists.', 'organization');
    if (row.id !== null) return jobOf(row);
    // A quota was set since the request's organization was read: nothing was written; check it.
  }
  return inPoolTransaction(db.pool, async (client) => {
    const { rows } = await client.query<InsertedRow>(insertStatement('limited', job, events, outbox));
    const row = rows[0];
    if (!row) throw new NotFoundError('The organization no longer exists.', 'organization');
    const limits: QuotaLimits = {
      maxQueuedJobs: row.orgMaxQueuedJobs,
      monthlyTrainedTokens: row.orgMonthlyTrainedTokens,
      storageBytes: row.orgStorageBytes,
      storageBytesUsed: row.orgStorageBytesUsed,
    };
    await checkCreatedJobQuota(client, job.organizationId, limits, { status: job.status, spec: job.spec });
    return jobOf(row);
  });
}
