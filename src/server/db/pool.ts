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
 * Migrations and benchmarks that load much data pass `statementTimeoutMs: 0` (no limit).
 */
export const STATEMENT_TIMEOUT_MS = 15_000;
/** How long a request waits for a connection before it is told the storage is unavailable. */
const CONNECT_TIMEOUT_MS = 3_000;

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
    if (error.code !== '57P01') console.error(`postgres idle client error: ${describeStorageError(error)}`);
  });
  return pool;
}

/**
 * A client of its own, for a transaction or a session lock. pg emits 'error' on a checked-out client
 * whose connection drops, and an EventEmitter without a listener throws it at the process: the
 * listener keeps the process alive, and `release` tells the pool to discard the broken connection.
 */
export async function checkout(db: Db): Promise<{ client: Tx; release: (error?: unknown) => void }> {
  const client = await db.connect();
  let broken: Error | undefined;
  const onError = (error: Error) => {
    broken = error;
  };
  client.on('error', onError);
  return {
    client,
    release(error?: unknown) {
      client.off('error', onError);
      const discard = broken ?? (isStorageUnavailable(error) ? (error as Error) : undefined);
      client.release(discard);
    },
  };
}

/** Runs `work` in one transaction: everything it writes lands together or not at all. */
export async function withTransaction<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  const { client: tx, release } = await checkout(db);
  let failure: unknown;
  try {
    await tx.query('BEGIN');
    const result = await work(tx);
    await tx.query('COMMIT');
    return result;
  } catch (error) {
    failure = error;
    await tx.query('ROLLBACK').catch((rollbackError: unknown) => {
      failure = rollbackError;
    });
    throw error;
  } finally {
    release(failure);
  }
}

export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === '23505';
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
// 57P01-57P03: the server is shutting down, crashed or starting; 53300: too many connections;
// 57014: a statement ran past statement_timeout (the database is overloaded: try again shortly).
const SERVER_GONE_CODES = new Set(['57P01', '57P02', '57P03', '53300', '57014']);
const DROPPED_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended unexpectedly/i;

/**
 * The database cannot be reached or dropped the connection: nothing the caller sent is at fault, and
 * the same request will work once PostgreSQL is back. Other database errors (a constraint, a bug) are not.
 */
export function isStorageUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || SERVER_GONE_CODES.has(code) || /^08/.test(code))) return true;
  if (error instanceof AggregateError) return error.errors.some(isStorageUnavailable);
  return DROPPED_MESSAGES.test(error.message);
}

/** One short line for the logs: the code and the first line of the message, never a stack. */
export function describeStorageError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message.split('\n')[0]!.slice(0, 200) : String(error).slice(0, 200);
  return typeof code === 'string' ? `${code} ${message}` : message;
}
