import pg from 'pg';

// int8 columns hold cents and counters; they stay far below 2^53, so numbers are exact.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export type Db = pg.Pool;
export type Tx = pg.PoolClient;
/** Anything that runs a query: the pool for reads, a client inside a transaction for writes. */
export type Queryable = Pick<pg.Pool, 'query'>;

/**
 * Every statement has a time limit (PostgreSQL cancels it and the request answers 503), and so has waiting
 * for a connection: a stuck query or an unreachable server must not hold a request, or a pool slot, forever.
 * Migrations and benchmarks that load much data pass a longer statement limit.
 */
export const STATEMENT_TIMEOUT_MS = 15_000;
const CONNECT_TIMEOUT_MS = 5_000;

export function createPool(connectionString: string, max = 5, options: { statementTimeoutMs?: number } = {}): Db {
  const pool = new pg.Pool({
    connectionString,
    max,
    idleTimeoutMillis: 10_000,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    statement_timeout: options.statementTimeoutMs ?? STATEMENT_TIMEOUT_MS,
    // A transaction left open by a crashed handler must not hold its row locks.
    idle_in_transaction_session_timeout: 60_000,
  });
  // An idle client losing its connection must not crash the function; the next query reconnects.
  pool.on('error', (error: Error & { code?: string }) => {
    // 57P01: the server is shutting down (npm start stopping, tests tearing down); nothing is lost.
    if (error.code !== '57P01') console.error('postgres idle client error:', error.message);
  });
  return pool;
}

/** Runs `work` in one transaction: everything it writes lands together or not at all. */
export async function withTransaction<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  const tx = await db.connect();
  try {
    await tx.query('BEGIN');
    const result = await work(tx);
    await tx.query('COMMIT');
    return result;
  } catch (error) {
    await tx.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    tx.release();
  }
}

export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === '23505';
}
