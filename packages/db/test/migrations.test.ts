import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from 'pg';

/**
 * Runs the real migration script (the one `npm start` uses) against fresh databases:
 * migrations apply from empty, are idempotent, match schema.prisma, and produce exactly the
 * database schema.prisma describes (compared with pg_dump, independently of Prisma).
 */
const repo = resolve(__dirname, '../../..');
const baseUrl = process.env.DATABASE_URL!;
const serverUrl = (db: string) => baseUrl.replace(/\/[^/?]*(\?.*)?$/, `/${db}`);

function runMigrate(command: string, databaseUrl: string): string {
  return execFileSync('npx', ['--no-install', 'tsx', 'packages/db/scripts/migrate.ts', command], {
    cwd: repo,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function withAdmin<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: serverUrl('postgres') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function schemaDump(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  const out = execFileSync(
    'pg_dump',
    ['--schema-only', '--no-owner', '--no-privileges', '-h', url.hostname, '-p', url.port, '-U', url.username || 'postgres', url.pathname.slice(1)],
    { encoding: 'utf8' },
  );
  // Ignore Prisma's bookkeeping table and dump noise (comments, SET lines, blank lines).
  return out
    .replace(/CREATE TABLE public\._prisma_migrations[\s\S]*?\);\n/, '')
    .replace(/ALTER TABLE ONLY public\._prisma_migrations[\s\S]*?;\n/g, '')
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('--') && !line.startsWith('SET ') && !line.startsWith('SELECT pg_catalog') && !line.startsWith('\\'))
    .join('\n')
    .replace(/(CREATE TABLE [^(]+\(\n)([\s\S]*?)(\n\);)/g, (_all, head: string, columns: string, tail: string) => head + sortColumns(columns) + tail);
}

/** Column order depends on history (ALTER TABLE appends); the schema does not. */
function sortColumns(block: string): string {
  return block
    .split('\n')
    .map((line) => line.replace(/,$/, ''))
    .sort()
    .join('\n');
}

/** The hand-written parts of every migration, in order (see README "Migrations"). */
function handWrittenSql(): string {
  const dir = join(repo, 'prisma/migrations');
  return readdirSync(dir)
    .filter((name) => existsSync(join(dir, name, 'migration.sql')))
    .sort()
    .map((name) => readFileSync(join(dir, name, 'migration.sql'), 'utf8').split(HAND_WRITTEN_MARKER)[1] ?? '')
    .join('\n');
}
const HAND_WRITTEN_MARKER = /^-- Hand-written below.*$/m;

const suffix = `${process.pid}_${Date.now()}`;
const migrated = `ws_mig_${suffix}`;
const pushed = `ws_push_${suffix}`;

beforeAll(async () => {
  await withAdmin(async (c) => {
    await c.query(`CREATE DATABASE ${migrated}`);
    await c.query(`CREATE DATABASE ${pushed}`);
  });
});

afterAll(async () => {
  await withAdmin(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${migrated} WITH (FORCE)`);
    await c.query(`DROP DATABASE IF EXISTS ${pushed} WITH (FORCE)`);
  });
});

describe('offline migrations', () => {
  it('migrate from an empty database, then report up to date', () => {
    expect(runMigrate('deploy', serverUrl(migrated))).toMatch(/applied \d+ migration/);
    expect(runMigrate('deploy', serverUrl(migrated))).toContain('database is up to date');
  }, 60_000);

  it('record each migration in _prisma_migrations as prisma migrate deploy would', async () => {
    const client = new Client({ connectionString: serverUrl(migrated) });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT migration_name, checksum, finished_at, rolled_back_at FROM _prisma_migrations');
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
        expect(row.finished_at).not.toBeNull();
        expect(row.rolled_back_at).toBeNull();
      }
    } finally {
      await client.end();
    }
  });

  it('have no drift: schema.prisma needs no SQL beyond the committed migrations', () => {
    expect(runMigrate('check', serverUrl(migrated))).toContain('matches schema.prisma');
  }, 60_000);

  it('produce exactly the database that schema.prisma describes (pg_dump comparison)', async () => {
    // Build the second database straight from schema.prisma (empty -> schema diff), not from the migrations.
    const sql = runMigrate('schema-sql', serverUrl(pushed));
    expect(sql).toContain('CREATE TABLE');
    const client = new Client({ connectionString: serverUrl(pushed) });
    await client.connect();
    try {
      await client.query(sql);
      // What schema.prisma cannot say (functions, triggers, partial indexes) is written by hand
      // at the end of a migration, after a marker line; it exists in both databases.
      await client.query(handWrittenSql());
    } finally {
      await client.end();
    }
    expect(schemaDump(serverUrl(migrated))).toEqual(schemaDump(serverUrl(pushed)));
  }, 60_000);
});
