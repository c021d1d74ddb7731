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
