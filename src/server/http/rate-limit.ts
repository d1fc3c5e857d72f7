/**
 * Fixed-window counters in PostgreSQL: function instances share no memory, the database they share.
 *
 * A key is never stored as sent: an address or an e-mail is kept only as an HMAC under a secret
 * (RATE_LIMIT_SECRET, or a random one per process when unset), so a copy of the table cannot be turned
 * back into addresses by hashing the 2^32 IPv4 addresses. Each row carries the end of its window and
 * rows whose window is over are deleted as new ones are written.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { DomainError } from '../../domain/errors.ts';
import type { Queryable } from '../db/pool.ts';

export interface Limit {
  hits: number;
  windowSeconds: number;
}

// Without a configured secret, one per process: limits still hold within it, and nothing reversible is stored.
const processSecret = randomBytes(32);
let configuredSecret: Buffer | undefined;

/** Set once from the environment by the App (RATE_LIMIT_SECRET); tests may set their own. */
export function setRateLimitSecret(secret: string | undefined): void {
  configuredSecret = secret ? Buffer.from(secret, 'utf8') : undefined;
}

export function rateLimitBucket(scope: string, client: string): string {
  const mac = createHmac('sha256', configuredSecret ?? processSecret)
    .update(`${scope}\n${client}`)
    .digest('base64url');
  return `${scope}:${mac.slice(0, 32)}`;
}

/** Counts one hit for `client` in `scope` and refuses it (429) once the window holds more than `limit.hits`. */
export async function enforceRateLimit(db: Queryable, scope: string, client: string, limit: Limit): Promise<void> {
  const hits = await countHit(db, rateLimitBucket(scope, client), limit);
  if (hits > limit.hits) {
    throw new DomainError('rate_limited', 'Too many attempts. Please wait a few minutes and try again.');
  }
}

/** Refuses (429) once `client` has used up `limit` in `scope`, without counting this request. */
export async function refuseIfLimited(db: Queryable, scope: string, client: string, limit: Limit): Promise<void> {
  const { rows } = await db.query<{ hits: number }>('SELECT hits FROM rate_limits WHERE bucket = $1 AND expires_at > now()', [
    rateLimitBucket(scope, client),
  ]);
  if ((rows[0]?.hits ?? 0) >= limit.hits) {
    throw new DomainError('rate_limited', 'Too many attempts. Please wait a few minutes and try again.');
  }
}

/** Counts one hit without refusing anything: for failures, checked later by refuseIfLimited. */
export async function countFailure(db: Queryable, scope: string, client: string, limit: Limit): Promise<void> {
  await countHit(db, rateLimitBucket(scope, client), limit);
}

async function countHit(db: Queryable, bucket: string, limit: Limit): Promise<number> {
  // The expired rows of other buckets go in the same statement, a few at a time, skipping rows another
  // request is already deleting, so the table holds only live windows and no request waits on another.
  const { rows } = await db.query<{ hits: number }>(
    `WITH expired AS (
       DELETE FROM rate_limits WHERE bucket IN (
         SELECT bucket FROM rate_limits WHERE expires_at < now() AND bucket <> $1 LIMIT 20 FOR UPDATE SKIP LOCKED)
     )
     INSERT INTO rate_limits (bucket, window_started_at, expires_at, hits) VALUES ($1, now(), now() + make_interval(secs => $2), 1)
     ON CONFLICT (bucket) DO UPDATE SET
       hits = CASE WHEN rate_limits.expires_at <= now() THEN 1 ELSE rate_limits.hits + 1 END,
       window_started_at = CASE WHEN rate_limits.expires_at <= now() THEN now() ELSE rate_limits.window_started_at END,
       expires_at = CASE WHEN rate_limits.expires_at <= now() THEN now() + make_interval(secs => $2) ELSE rate_limits.expires_at END
     RETURNING hits`,
    [bucket, limit.windowSeconds],
  );
  return rows[0]!.hits;
}
