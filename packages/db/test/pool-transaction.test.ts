import pg from 'pg';
import { inPoolTransaction } from '../src/pool-transaction';

/**
 * inPoolTransaction against a real Postgres: commit, rollback, and a connection killed in the
 * middle of a transaction (what a Postgres restart does), which must reject the transaction, not
 * crash the process with an unheard 'error' event (the fault-injection e2e test's worker died so).
 */
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
pool.on('error', () => undefined);
const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });

beforeAll(async () => {
  await admin.connect();
  await admin.query('CREATE TABLE IF NOT EXISTS pool_transaction_test (id int PRIMARY KEY)');
  await admin.query('TRUNCATE pool_transaction_test');
});
afterAll(async () => {
  await admin.query('DROP TABLE IF EXISTS pool_transaction_test');
  await admin.end();
  await pool.end();
});

const rows = async () => (await admin.query<{ id: number }>('SELECT id FROM pool_transaction_test ORDER BY id')).rows.map((r) => r.id);

describe('inPoolTransaction', () => {
  it('commits what work wrote and returns its result', async () => {
    const result = await inPoolTransaction(pool, async (client) => {
      await client.query('INSERT INTO pool_transaction_test VALUES (1)');
      return 'done';
    });
    expect(result).toBe('done');
    expect(await rows()).toEqual([1]);
  });

  it('rolls back and rethrows when work throws, and the connection stays usable', async () => {
    await expect(
      inPoolTransaction(pool, async (client) => {
        await client.query('INSERT INTO pool_transaction_test VALUES (2)');
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await rows()).toEqual([1]);
    expect(await inPoolTransaction(pool, async (client) => (await client.query('SELECT 1 AS one')).rows[0].one)).toBe(1);
  });

  it('rejects, keeps nothing and discards the connection when its backend is terminated mid-transaction', async () => {
    const errors: unknown[] = [];
    const onUncaught = (err: unknown) => errors.push(err);
    process.on('uncaughtException', onUncaught);
    try {
      await expect(
        inPoolTransaction(pool, async (client) => {
          await client.query('INSERT INTO pool_transaction_test VALUES (3)');
          const { rows: [me] } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
          await admin.query('SELECT pg_terminate_backend($1)', [me!.pid]);
          // The socket's end arrives as the client's 'error' event before or during the next query.
          await new Promise((r) => setTimeout(r, 200));
          await client.query('SELECT 1');
        }),
      ).rejects.toThrow();
    } finally {
      process.off('uncaughtException', onUncaught);
    }
    expect(errors).toEqual([]);
    expect(await rows()).toEqual([1]);
    // The dead connection was not handed back: the next transaction gets a live one.
    expect(await inPoolTransaction(pool, async (client) => (await client.query('SELECT 2 AS two')).rows[0].two)).toBe(2);
  });
});
