/**
 * The database holds the money invariants itself: append-only tables refuse UPDATE and DELETE from
 * anyone, CHECK constraints refuse impossible amounts, and the application's role is no superuser and
 * cannot truncate, delete or rewrite the ledger.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { freshDatabase, type TestDatabase } from '../support/database.ts';
import type { Db } from '../../src/server/db/pool.ts';

let database: TestDatabase;
const pledgeId = randomUUID();

beforeAll(async () => {
  database = await freshDatabase({ poolSize: 2 });
});
afterAll(() => database.close());
beforeEach(async () => {
  await database.db.query(
    'TRUNCATE pledges, ledger_entries, payment_returns, campaign_totals, call_pools, campaign_outcomes, closing_refunds CASCADE',
  );
  await database.db.query(
    `INSERT INTO pledges (id, campaign, amount_cents, mode, status, succeeded_at) VALUES ($1, 'orti', 5000, 'demo', 'succeeded', now())`,
    [pledgeId],
  );
  await database.db.query(
    `INSERT INTO ledger_entries (external_key, kind, campaign, call_id, pledge_id, amount_cents) VALUES ('demo:' || $1, 'donation', 'orti', 'call', $1::uuid, 5000)`,
    [pledgeId],
  );
  await database.db.query(
    `INSERT INTO campaign_outcomes (campaign, call_id, outcome, funding_model, raised_cents, threshold_cents, granted_cents) VALUES ('orti', 'call', 'succeeded', 'keep-it-all', 5000, 4000, 1000)`,
  );
});

const refusal = async (db: Db, sql: string, params: unknown[] = []) => {
  try {
    await db.query(sql, params);
    return 'accepted';
  } catch (error) {
    return (error as { code?: string }).code ?? 'error';
  }
};

describe('append-only tables', () => {
  it.each([
    'UPDATE ledger_entries SET amount_cents = 1',
    'DELETE FROM ledger_entries',
    'UPDATE campaign_outcomes SET granted_cents = 0',
    'DELETE FROM campaign_outcomes',
    "UPDATE stripe_events_rejected SET reason = 'x'",
  ])('refuse, even to the owner: %s', async (sql) => {
    await database.db.query("INSERT INTO stripe_events_rejected (event_id, reason) VALUES ('evt_1', 'test')").catch(() => undefined);
    expect(await refusal(database.db, sql)).toBe('23001');
  });

  it('keep accepting new rows', async () => {
    expect(
      await refusal(
        database.appDb,
        `INSERT INTO ledger_entries (external_key, kind, campaign, call_id, pledge_id, amount_cents) VALUES ('refund:re_1', 'refund', 'orti', 'call', $1, 100)`,
        [pledgeId],
      ),
    ).toBe('accepted');
  });
});

describe('money invariants in CHECK constraints', () => {
  it.each([
    {
      why: 'a pledge above one million euros',
      sql: `INSERT INTO pledges (id, campaign, amount_cents, mode, status) VALUES ('${randomUUID()}', 'orti', 100000001, 'demo', 'pending')`,
    },
    {
      why: 'a zero pledge',
      sql: `INSERT INTO pledges (id, campaign, amount_cents, mode, status) VALUES ('${randomUUID()}', 'orti', 0, 'demo', 'pending')`,
    },
    { why: 'refunds above the pledge', sql: `UPDATE pledges SET refunded_cents = 5001` },
    {
      why: 'a return counting more than its amount',
      sql: `INSERT INTO payment_returns (id, kind, pledge_id, campaign, amount_cents, counted_cents, status) VALUES ('re_x', 'refund', '${pledgeId}', 'orti', 100, 101, 'pending')`,
    },
    {
      why: 'a return of an unknown status',
      sql: `INSERT INTO payment_returns (id, kind, pledge_id, campaign, amount_cents, counted_cents, status) VALUES ('re_y', 'refund', '${pledgeId}', 'orti', 100, 100, 'whatever')`,
    },
    {
      why: 'a donation entry without its pledge',
      sql: `INSERT INTO ledger_entries (external_key, kind, campaign, call_id, amount_cents) VALUES ('payment:pi_1', 'donation', 'orti', 'call', 100)`,
    },
    {
      why: 'a zero ledger entry',
      sql: `INSERT INTO ledger_entries (external_key, kind, campaign, call_id, amount_cents) VALUES ('grant:x', 'grant', 'orti', 'call', 0)`,
    },
    { why: 'negative running totals', sql: `INSERT INTO campaign_totals (campaign, call_id, raised_cents) VALUES ('rive', 'call', -1)` },
    {
      why: 'a pool over-committed',
      sql: `INSERT INTO call_pools (call_id, pool_cents, reserved_cents, granted_cents) VALUES ('over', 1000, 600, 401)`,
    },
    {
      why: 'a failed campaign granted money',
      sql: `INSERT INTO campaign_outcomes (campaign, call_id, outcome, funding_model, raised_cents, threshold_cents, granted_cents) VALUES ('rive', 'call', 'failed', 'keep-it-all', 10, 4000, 1)`,
    },
    {
      why: 'a succeeded campaign releasing money',
      sql: `INSERT INTO campaign_outcomes (campaign, call_id, outcome, funding_model, raised_cents, threshold_cents, released_cents) VALUES ('ponte', 'call', 'succeeded', 'keep-it-all', 5000, 4000, 1)`,
    },
  ])('refuse $why', async ({ sql }) => {
    expect(await refusal(database.appDb, sql)).toBe('23514');
  });
});

describe("the application's role", () => {
  it('is not a superuser and may not create roles or databases', async () => {
    const { rows } = await database.appDb.query(
      'SELECT current_user AS name, rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = current_user',
    );
    expect(rows).toEqual([{ name: 'civic_app', rolsuper: false, rolcreaterole: false, rolcreatedb: false }]);
  });

  it.each([
    'TRUNCATE ledger_entries',
    'TRUNCATE pledges',
    'DELETE FROM ledger_entries',
    'UPDATE ledger_entries SET amount_cents = 1',
    'DELETE FROM campaign_outcomes',
    "INSERT INTO schema_migrations (id) VALUES ('999_mine')",
    'CREATE TABLE mine (id int)',
    'ALTER TABLE ledger_entries DISABLE TRIGGER USER',
    'DROP TRIGGER ledger_entries_append_only ON ledger_entries',
  ])('may not: %s', async (sql) => {
    expect(await refusal(database.appDb, sql)).toBe('42501');
  });

  it('reads and writes what the application needs', async () => {
    expect(await refusal(database.appDb, 'SELECT count(*) FROM schema_migrations')).toBe('accepted');
    expect(await refusal(database.appDb, 'UPDATE pledges SET donor_name = NULL WHERE id = $1', [pledgeId])).toBe('accepted');
    expect(
      await refusal(
        database.appDb,
        "INSERT INTO rate_limits (bucket, window_started_at, expires_at, hits) VALUES ('b', now(), now() + interval '1 minute', 1)",
      ),
    ).toBe('accepted');
    expect(await refusal(database.appDb, "DELETE FROM rate_limits WHERE bucket = 'b'")).toBe('accepted');
    expect(await refusal(database.appDb, "INSERT INTO reconciliation_runs (started_at, differences, report) VALUES (now(), 0, '{}')")).toBe(
      'accepted',
    );
  });
});
