import { statement, type BaseModel, type Db, type File } from '@whetstone/db';

/**
 * The base model and the files a create names, read on the pg pool as prepared statements, the
 * two at once (Prisma's per-query CPU and a second round trip in series counted on this hot path).
 * The model is the tenant's own private one when it shadows a public one of the same name
 * (findVisibleBaseModel); a file's validation report, which only a failed file's error quotes and
 * which may be large, is read only for those.
 */
export async function lookupCreateInputs(db: Db, orgId: string, modelName: string | null, fileIds: string[]): Promise<{ model: BaseModel | null; files: Map<string, File> }> {
  const [models, files] = await Promise.all([
    modelName === null
      ? Promise.resolve({ rows: [] as BaseModel[] })
      : db.pool.query<BaseModel>(
          statement(
            'create_base_model',
            `SELECT * FROM base_models WHERE name = $2 AND ("organizationId" = $1 OR "organizationId" IS NULL)
             ORDER BY "organizationId" IS NULL LIMIT 1`,
            [orgId, modelName],
          ),
        ),
    db.pool.query<File>(
      statement(
        'create_files',
        `SELECT id, "organizationId", filename, purpose, bytes, sha256, "contentType", "storageKey", status, format, "statusDetails",
                "validationSummary", CASE WHEN status = 'error' THEN "validationReport" END AS "validationReport",
                "createdAt", "updatedAt", "deletedAt", "expiresAt"
         FROM files WHERE id = ANY($2) AND "organizationId" = $1 AND "deletedAt" IS NULL`,
        [orgId, fileIds],
      ),
    ),
  ]);
  return { model: models.rows[0] ?? null, files: new Map(files.rows.map((f) => [f.id, f])) };
}
