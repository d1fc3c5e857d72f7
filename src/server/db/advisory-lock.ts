/**
 * Runs a job only if no other process is running it: a session-level PostgreSQL advisory lock, taken
 * with pg_try_advisory_lock on a connection held for the whole run. Two instances of the server on one
 * database fire the same timers; the second finds the lock taken and skips. If a process dies mid-run,
 * its connection closes and PostgreSQL releases the lock.
 */
import { checkout, type Db } from './pool.ts';

export type LockedRun<T> = { ran: true; result: T } | { ran: false };

export async function withAdvisoryLock<T>(db: Db, name: string, work: () => Promise<T>): Promise<LockedRun<T>> {
  const key = `job:${name}`;
  // checkout: a dropped connection while the lock is held must not crash the process (see pool.ts).
  const { client, release } = await checkout(db);
  // A client whose connection failed must not go back to the pool.
  let broken: Error | undefined;
  try {
    let locked: boolean;
    try {
      // hashtextextended: a 64-bit key from the job's name, so no table of lock numbers has to be kept.
      const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked', [key]);
      locked = rows[0]?.locked === true;
    } catch (error) {
      broken = error as Error;
      throw error;
    }
    if (!locked) return { ran: false };
    try {
      return { ran: true, result: await work() };
    } finally {
      // If this fails the session is gone, and the lock went with it.
      await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [key]).catch((error: unknown) => {
        broken = error as Error;
      });
    }
  } finally {
    release(broken);
  }
}
