import type pg from 'pg';

/**
 * `work` in one transaction on a connection of the pg pool (the hot write paths that skip Prisma's
 * interactive transaction): BEGIN, work, COMMIT, or ROLLBACK and rethrow when work throws. A
 * connection that could not roll back, or that died, is discarded rather than returned to the pool.
 */
export async function inPoolTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  // A checked-out client emits 'error' when its connection dies (Postgres restarted or the backend
  // was terminated); with no listener that event kills the process. The query in flight rejects
  // with the same error, so noting it is enough.
  let broken: Error | undefined;
  const onError = (err: Error) => {
    broken = err;
  };
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    try {
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch((rollbackErr: Error) => {
        broken ??= rollbackErr;
      });
      throw err;
    }
  } finally {
    client.off('error', onError);
    client.release(broken);
  }
}
