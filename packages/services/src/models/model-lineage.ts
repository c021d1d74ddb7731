import { statement, type Db } from '@whetstone/db';

/** Deeper chains than this are not walked (each link is a job that continued the previous one). */
const MAX_LINEAGE = 64;

/**
 * The models a job's result descends from, oldest first: its base model, then every fine-tuned
 * model or checkpoint it was warm-started from, ending with its immediate parent. One recursive
 * query over the tenant's own jobs.
 */
export async function jobLineage(db: Db, orgId: string, jobId: string, baseModelName: string): Promise<string[]> {
  const { rows } = await db.pool.query<{ parentModel: string }>(
    statement(
      'job_lineage',
      `WITH RECURSIVE chain AS (
         SELECT "parentJobId", "parentModel", 0 AS depth FROM fine_tuning_jobs WHERE id = $1 AND "organizationId" = $2
         UNION ALL
         SELECT j."parentJobId", j."parentModel", c.depth + 1 FROM fine_tuning_jobs j JOIN chain c ON j.id = c."parentJobId"
          WHERE j."organizationId" = $2 AND c.depth < $3)
       SELECT "parentModel" FROM chain WHERE "parentModel" IS NOT NULL ORDER BY depth DESC`,
      [jobId, orgId, MAX_LINEAGE],
    ),
  );
  return [baseModelName, ...rows.map((r) => r.parentModel)];
}
