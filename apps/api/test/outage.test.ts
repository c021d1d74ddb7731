import { Readable } from 'node:stream';
import { createDb } from '@whetstone/db';
import { createRedis } from '@whetstone/queue';
import { ObjectStore } from '@whetstone/storage';
import { outageOf } from '../src/plugins/outage';

/** Errors the real clients raise against a port nothing listens on. */
const CLOSED = 'http://127.0.0.1:1';
const caught = async (work: () => Promise<unknown>) => work().then(() => null, (err: unknown) => err);

describe('which dependency an error says is down', () => {
  it('names the database for errors against an unreachable Postgres (Prisma queries and transactions, the pg pool)', async () => {
    const db = createDb({ databaseUrl: 'postgresql://postgres@127.0.0.1:1/none' });
    expect(outageOf(await caught(() => db.organization.findFirst()))).toBe('database');
    expect(outageOf(await caught(() => db.$transaction((tx) => tx.organization.findFirst())))).toBe('database');
    // The hot paths' statements on the pg pool itself, and a connection taken for a transaction.
    expect(outageOf(await caught(() => db.pool.query('SELECT 1')))).toBe('database');
    expect(outageOf(await caught(() => db.pool.connect()))).toBe('database');
    await db.$disconnect().catch(() => undefined);
  });

  it('names storage for every object-store call, multipart uploads included', async () => {
    const store = new ObjectStore({ endpoint: CLOSED, region: 'us-east-1', bucket: 'b', accessKeyId: 'a', secretAccessKey: 'b', forcePathStyle: true });
    expect(outageOf(await caught(() => store.putStream('k', Readable.from([Buffer.from('x')]))))).toBe('storage');
    expect(outageOf(await caught(() => store.getBytes('k')))).toBe('storage');
    expect(outageOf(await caught(() => store.delete('k')))).toBe('storage');
  });

  it('names the queue for commands on a Redis connection that is gone', async () => {
    const redis = createRedis('redis://127.0.0.1:1', 'producer');
    redis.on('error', () => undefined);
    redis.disconnect();
    expect(outageOf(await caught(() => redis.get('k')))).toBe('queue');
  });

  it("names the database for what the pg driver and Prisma's adapter raise while Postgres restarts", () => {
    // The shapes seen in the fault-injection run (a 500 while Postgres was down) and in @prisma/adapter-pg's mapping.
    expect(outageOf(new Error('Client has encountered a connection error and is not queryable'))).toBe('database');
    const adapter = (cause: object) => Object.assign(new Error('driver adapter error'), { name: 'DriverAdapterError', cause });
    expect(outageOf(adapter({ kind: 'ConnectionClosed' }))).toBe('database');
    expect(outageOf(adapter({ kind: 'DatabaseNotReachable', host: '127.0.0.1', port: 5432 }))).toBe('database');
    expect(outageOf(adapter({ kind: 'postgres', originalCode: '57P01', originalMessage: 'terminating connection due to administrator command' }))).toBe('database');
    const known = Object.assign(new Error('Raw query failed'), { name: 'PrismaClientKnownRequestError', code: 'P2010', clientVersion: '7', meta: { driverAdapterError: adapter({ kind: 'SocketTimeout' }) } });
    expect(outageOf(known)).toBe('database');
    expect(outageOf(adapter({ kind: 'UniqueConstraintViolation' }))).toBeNull();
  });

  it('names nothing for ordinary errors', () => {
    expect(outageOf(new Error('boom'))).toBeNull();
    expect(outageOf(new TypeError('x is undefined'))).toBeNull();
  });
});
