/**
 * A fixed-window counter in PostgreSQL: function instances share no memory, the database they share.
 * Only a hash of the client address is stored.
 */
import { createHash } from 'node:crypto';
import { DomainError } from '../../domain/errors.ts';
import type { Queryable } from '../db/pool.ts';

export async function enforceRateLimit(
  db: Queryable,
  scope: string,
  client: string,
  limit: { hits: number; windowSeconds: number },
): Promise<void> {
  const bucket = `${scope}:${createHash('sha256').update(client).digest('hex').slice(0, 32)}`;
  const { rows } = await db.query<{ hits: number }>(
    `INSERT INTO rate_limits (bucket, window_started_at, hits) VALUES ($1, now(), 1)
     ON CONFLICT (bucket) DO UPDATE SET
       hits = CASE WHEN rate_limits.window_started_at < now() - make_interval(secs => $2) THEN 1 ELSE rate_limits.hits + 1 END,
       window_started_at = CASE WHEN rate_limits.window_started_at < now() - make_interval(secs => $2) THEN now() ELSE rate_limits.window_started_at END
     RETURNING hits`,
    [bucket, limit.windowSeconds],
  );
  if (rows[0]!.hits > limit.hits) {
    throw new DomainError('rate_limited', 'Too many attempts from this connection. Please wait a minute and try again.');
  }
}
