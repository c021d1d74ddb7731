import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from './generated/prisma/client';

/**
 * The Prisma client, plus the pg pool under it for the few hot read paths where Prisma's
 * per-query overhead (about 0.3 ms of CPU) dominates a request: one pool, one set of connections.
 */
export type Db = PrismaClient & { readonly pool: pg.Pool };
/** The client handed to a transaction callback. */
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

export interface DbOptions {
  databaseUrl: string;
  /** Pool size per process. */
  maxConnections?: number;
  /** Called after every Prisma query (query counting in benchmarks). */
  onQuery?: (event: { query: string; durationMs: number }) => void;
}

/** One client per process; pass it to services (no module-level singleton). */
export function createDb(options: DbOptions): Db {
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.maxConnections ?? 10 });
  // An idle connection dropped by the server must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  nameUnreachableDatabase(pool);
  const adapter = new PrismaPg(pool);
  const client = options.onQuery ? new PrismaClient({ adapter, log: [{ emit: 'event', level: 'query' }] }) : new PrismaClient({ adapter });
  if (options.onQuery) {
    const onQuery = options.onQuery;
    (client as PrismaClient<'query'>).$on('query', (event) => onQuery({ query: event.query, durationMs: event.duration }));
  }
  const db = Object.assign(client, { pool });
  const disconnect = client.$disconnect.bind(client);
  // The adapter does not own a pool it was handed: end it with the client.
  db.$disconnect = async () => {
    await disconnect();
    if (!pool.ended) await pool.end();
  };
  return db;
}

/** True when Postgres answers a trivial query within `timeoutMs`. */
export async function pingDb(db: Db, timeoutMs = 2000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      db.$queryRaw`SELECT 1`,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
      }),
    ]);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A connection the pool could not open fails with the socket's error (`connect ECONNREFUSED ...`),
 * which names no dependency; queries sent on the pool directly (the hot paths) would then answer
 * 500 where Prisma's would answer 503. Such an error is rethrown as "Can't reach database server"
 * with its code and cause kept. Errors the server sent (they carry a `severity`) pass unchanged.
 * pg-pool's query() connects through this.connect, so both paths are covered.
 */
function nameUnreachableDatabase(pool: pg.Pool): void {
  const named = (err: unknown): unknown => {
    // Duck-typed: errors from Node's sockets may come from another realm (jest's sandbox).
    if (typeof err !== 'object' || err === null || 'severity' in err) return err;
    const { message, code } = err as { message?: unknown; code?: unknown };
    return Object.assign(new Error(`Can't reach database server: ${String(message)}`, { cause: err }), { code });
  };
  const connect = pool.connect.bind(pool) as (callback?: (err: Error | undefined, client: pg.PoolClient, done: (release?: unknown) => void) => void) => Promise<pg.PoolClient> | void;
  pool.connect = ((callback?: (err: Error | undefined, client: pg.PoolClient, done: (release?: unknown) => void) => void) => {
    if (callback) return connect((err, client, done) => callback(err ? (named(err) as Error) : err, client, done));
    return (connect() as Promise<pg.PoolClient>).catch((err: unknown) => {
      throw named(err);
    });
  }) as typeof pool.connect;
}
