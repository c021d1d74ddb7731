import { StorageUnavailableError } from '@whetstone/storage';

export type Outage = 'database' | 'queue' | 'storage';

/** Prisma's codes for a database it cannot reach, that closed the connection, or whose pool timed out. */
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
/** Postgres SQLSTATE classes 08 (connection exception) and 57P (operator intervention: shutdown, starting up). */
const PG_STATE = /^(08|57P)/;
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);
/** What ioredis and BullMQ say while Redis is away. */
const REDIS_MESSAGES = /Connection is closed|Reached the max retries per request|Stream isn't writeable|enableOfflineQueue|connect ECONNREFUSED .*:\d+.*redis/i;
const DB_MESSAGES = /Can't reach database server|Connection terminated|terminating connection|the database system is (starting up|shutting down)|Server has closed the connection|Timed out fetching a new connection|connection pool|Client has encountered a connection error|Client was closed and is not queryable|Cannot use a pool after calling end/i;
/** What Prisma's Postgres driver adapter calls a lost database (its error's `cause.kind`). */
const ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);

/**
 * Which dependency an unexpected error says is down, if any: the API answers those with 503 and
 * a stable code (database_unavailable, queue_unavailable, storage_unavailable) instead of a 500.
 * Follows `cause` chains, since drivers wrap each other's errors.
 */
export function outageOf(error: unknown, depth = 0): Outage | null {
  if (!error || typeof error !== 'object' || depth > 5) return null;
  if (error instanceof StorageUnavailableError) return 'storage';
  const e = error as { name?: unknown; code?: unknown; message?: unknown; cause?: unknown; clientVersion?: unknown; kind?: unknown; originalCode?: unknown; meta?: { driverAdapterError?: unknown } };
  const name = typeof e.name === 'string' ? e.name : '';
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : '';
  const fromPrisma = name.startsWith('PrismaClient') || name === 'DriverAdapterError' || e.clientVersion !== undefined;
  if (fromPrisma && (PRISMA_CODES.has(code) || name === 'PrismaClientInitializationError' || DB_MESSAGES.test(message) || NETWORK_CODES.has(code))) return 'database';
  if (PG_STATE.test(code) || DB_MESSAGES.test(message)) return 'database';
  // A driver adapter error's cause: { kind, originalCode } rather than an Error.
  if ((typeof e.kind === 'string' && ADAPTER_KINDS.has(e.kind)) || (typeof e.originalCode === 'string' && (PG_STATE.test(e.originalCode) || NETWORK_CODES.has(e.originalCode)))) return 'database';
  if (name === 'MaxRetriesPerRequestError' || REDIS_MESSAGES.test(message)) return 'queue';
  return outageOf(e.cause, depth + 1) ?? outageOf(e.meta?.driverAdapterError, depth + 1) ?? (fromPrisma && NETWORK_CODES.has(code) ? 'database' : null);
}
