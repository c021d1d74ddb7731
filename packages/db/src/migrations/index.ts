/**
 * Offline migrations: apply the standard prisma/migrations folder (writing `_prisma_migrations`
 * exactly as `prisma migrate deploy` does, so either tool can take over), and compute the SQL
 * between two schema states to author the next migration or prove there is no drift.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DiffTarget } from '@prisma/schema-engine-wasm';
import { EMPTY_FILTER, openSchemaEngine } from './schema-engine';
import { readMigrationsFolder } from './migrations-folder';

export interface MigrationPaths {
  schemaPath: string;
  migrationsDir: string;
}

/** Applies every migration not yet applied; returns the names it applied. */
export async function applyMigrations(databaseUrl: string, paths: MigrationPaths): Promise<string[]> {
  const engine = await openSchemaEngine(databaseUrl, readFileSync(paths.schemaPath, 'utf8'));
  try {
    const out = await engine.applyMigrations({ migrationsList: readMigrationsFolder(paths.migrationsDir), filters: EMPTY_FILTER });
    return out.appliedMigrationNames;
  } finally {
    engine.free();
  }
}

/**
 * SQL that takes a database from the state the migrations folder produces to the state
 * schema.prisma describes. Empty means no drift. Each migration folder keeps a snapshot of
 * the schema it was generated from (schema.snapshot.prisma), because the WASM engine cannot
 * describe a live Postgres database ("Column type 'char' could not be deserialized").
 */
export async function diffMigrationsToSchema(databaseUrl: string, paths: MigrationPaths): Promise<string> {
  const snapshot = latestSnapshot(paths.migrationsDir);
  const schema = readFileSync(paths.schemaPath, 'utf8');
  return diffSchemas(databaseUrl, snapshot, schema);
}

/** SQL from one datamodel to another; `from` null means an empty database. */
export async function diffSchemas(databaseUrl: string, from: string | null, to: string): Promise<string> {
  const target = (content: string): DiffTarget => ({ tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content }] });
  const engine = await openSchemaEngine(databaseUrl, to);
  try {
    const result = await engine.diff({
      from: from === null ? { tag: 'empty' } : target(from),
      to: target(to),
      script: true,
      exitCode: null,
      filters: EMPTY_FILTER,
    });
    return normaliseDiff(result.stdout ?? '');
  } finally {
    engine.free();
  }
}

export const SNAPSHOT_FILE = 'schema.snapshot.prisma';

function latestSnapshot(migrationsDir: string): string | null {
  const names = readMigrationsFolder(migrationsDir).migrationDirectories.map((d) => d.path);
  const last = names[names.length - 1];
  if (!last) return null;
  const file = join(migrationsDir, last, SNAPSHOT_FILE);
  if (!existsSync(file)) throw new Error(`migration ${last} has no ${SNAPSHOT_FILE}; cannot compute the next diff`);
  return readFileSync(file, 'utf8');
}

/** The engine prints a comment for an empty diff; treat that as no SQL. */
function normaliseDiff(sql: string): string {
  const meaningful = sql.split('\n').filter((line) => line.trim() !== '' && !line.trim().startsWith('--'));
  return meaningful.length === 0 ? '' : sql;
}
