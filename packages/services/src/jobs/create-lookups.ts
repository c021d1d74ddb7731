import { dateOrNull, statement, type BaseModel, type Db, type File } from '@whetstone/db';

/** A file row as json_agg gives it: int8 as a number, timestamps as ISO strings. */
type FileJson = Omit<File, 'bytes' | 'createdAt' | 'updatedAt' | 'deletedAt' | 'expiresAt'> & {
  bytes: number;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
  expiresAt: string | null;
};

type LookupRow = { [K in keyof BaseModel]: BaseModel[K] | null } & { createFiles: FileJson[] };

// The model's columns (all null when there is none), and the files as one json column.
const CREATE_LOOKUPS = `
  SELECT m.*, (
    SELECT coalesce(json_agg(f), '[]'::json) FROM (
      SELECT id, "organizationId", filename, purpose, bytes, sha256, "contentType", "storageKey", status, format, "statusDetails",
             "validationSummary", CASE WHEN status = 'error' THEN "validationReport" END AS "validationReport",
             "createdAt", "updatedAt", "deletedAt", "expiresAt"
      FROM files WHERE id = ANY($3) AND "organizationId" = $1 AND "deletedAt" IS NULL
    ) f
  ) AS "createFiles"
  FROM (SELECT 1) AS one
  LEFT JOIN LATERAL (
    SELECT * FROM base_models WHERE name = $2 AND ("organizationId" = $1 OR "organizationId" IS NULL)
    ORDER BY "organizationId" IS NULL LIMIT 1
  ) m ON true`;

const toFile = (f: FileJson): File => ({
  ...f,
  bytes: BigInt(f.bytes),
  createdAt: new Date(f.createdAt),
  updatedAt: new Date(f.updatedAt),
  deletedAt: dateOrNull(f.deletedAt),
  expiresAt: dateOrNull(f.expiresAt),
});

/**
 * The base model and the files a create names, in one prepared statement on the pg pool (a round
 * trip and a statement fewer per create than reading them apart; Prisma's per-query CPU counted on
 * this hot path before that). The model is the tenant's own private one when it shadows a public
 * one of the same name (findVisibleBaseModel); a file's validation report, which only a failed
 * file's error quotes and which may be large, is read only for those.
 */
export async function lookupCreateInputs(db: Db, orgId: string, modelName: string | null, fileIds: string[]): Promise<{ model: BaseModel | null; files: Map<string, File> }> {
  const {
    rows: [row],
  } = await db.pool.query<LookupRow>(statement('create_lookups', CREATE_LOOKUPS, [orgId, modelName, fileIds]));
  const { createFiles, ...model } = row!;
  return { model: model.id === null ? null : (model as BaseModel), files: new Map(createFiles.map((f) => [f.id, toFile(f)])) };
}
