import type pg from 'pg';

/**
 * `work` in one transaction on a connection of the pg pool (the hot write paths that skip Prisma's
 * interactive transaction): BEGIN, work, COMMIT, or ROLLBACK and rethrow when work throws. A
 * connection that could not roll back is discarded rather than returned to the pool.
 */
export async function inPoolTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    try {
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch((rollbackErr: Error) => {
        broken = rollbackErr;
      });
      throw err;
    }
  } finally {
    client.release(broken);
  }
}
