/** All SQL of reconciliation: the ledger's entries summed afresh, beside the running totals they should equal. */
import type { Cents } from '../../domain/money.ts';
import type { CofundingStatus } from '../../domain/cofunding.ts';
import type { Queryable } from '../db/pool.ts';

export interface CampaignSums {
  campaign: string;
  callId: string;
  donations: Cents;
  refunds: Cents;
  refundsFailed: Cents;
  disputesLost: Cents;
  reservations: Cents;
  releases: Cents;
  grants: Cents;
  /** Donations that still hold money: succeeded and not fully returned. */
  donors: number;
}

export async function sumEntriesByCampaign(db: Queryable): Promise<CampaignSums[]> {
  const { rows } = await db.query<{
    campaign: string;
    call_id: string;
    donations: number;
    refunds: number;
    refunds_failed: number;
    disputes_lost: number;
    reservations: number;
    releases: number;
    grants: number;
    donors: number;
  }>(`
    WITH per_pledge AS (
      SELECT campaign, pledge_id,
             sum(CASE WHEN kind IN ('donation', 'refund_failed') THEN amount_cents ELSE -amount_cents END) AS net
        FROM ledger_entries
       WHERE pledge_id IS NOT NULL AND kind IN ('donation', 'refund', 'refund_failed', 'dispute_lost')
       GROUP BY campaign, pledge_id
      HAVING bool_or(kind = 'donation')
    ), donors AS (
      SELECT campaign, count(*) FILTER (WHERE net > 0)::int AS donors FROM per_pledge GROUP BY campaign
    )
    SELECT e.campaign, min(e.call_id) AS call_id,
           coalesce(sum(e.amount_cents) FILTER (WHERE kind = 'donation'), 0)::bigint AS donations,
           coalesce(sum(e.amount_cents) FILTER (WHERE kind = 'refund'), 0)::bigint AS refunds,
           coalesce(sum(e.amount_cents) FILTER (WHERE kind = 'refund_failed'), 0)::bigint AS refunds_failed,
           coalesce(sum(e.amount_cents) FILTER (WHERE kind = 'dispute_lost'), 0)::bigint AS disputes_lost,
           coalesce(sum(e.amount_cents) FILTER (WHERE kind = 'reservation'), 0)::bigint AS reservations,
           coalesce(sum(e.amount_cents) FILTER (WHERE kind = 'release'), 0)::bigint AS releases,
           coalesce(sum(e.amount_cents) FILTER (WHERE kind = 'grant'), 0)::bigint AS grants,
           coalesce(min(d.donors), 0) AS donors
      FROM ledger_entries e LEFT JOIN donors d ON d.campaign = e.campaign
     GROUP BY e.campaign`);
  return rows.map((row) => ({
    campaign: row.campaign,
    callId: row.call_id,
    donations: row.donations,
    refunds: row.refunds,
    refundsFailed: row.refunds_failed,
    disputesLost: row.disputes_lost,
    reservations: row.reservations,
    releases: row.releases,
    grants: row.grants,
    donors: row.donors,
  }));
}

export interface StoredTotals {
  campaign: string;
  callId: string;
  raisedCents: Cents;
  donors: number;
  cofundingStatus: CofundingStatus;
  cofundingCents: Cents;
}

export async function readStoredTotals(db: Queryable): Promise<StoredTotals[]> {
  const { rows } = await db.query<{
    campaign: string;
    call_id: string;
    raised_cents: number;
    donors: number;
    cofunding_status: CofundingStatus;
    cofunding_cents: number;
  }>('SELECT campaign, call_id, raised_cents, donors, cofunding_status, cofunding_cents FROM campaign_totals');
  return rows.map((row) => ({
    campaign: row.campaign,
    callId: row.call_id,
    raisedCents: row.raised_cents,
    donors: row.donors,
    cofundingStatus: row.cofunding_status,
    cofundingCents: row.cofunding_cents,
  }));
}

export interface StoredPool {
  callId: string;
  poolCents: Cents;
  reservedCents: Cents;
  grantedCents: Cents;
}

export async function readStoredPools(db: Queryable): Promise<StoredPool[]> {
  const { rows } = await db.query<{ call_id: string; pool_cents: number; reserved_cents: number; granted_cents: number }>(
    'SELECT * FROM call_pools',
  );
  return rows.map((row) => ({
    callId: row.call_id,
    poolCents: row.pool_cents,
    reservedCents: row.reserved_cents,
    grantedCents: row.granted_cents,
  }));
}

export interface PledgeCheck {
  pledgeId: string;
  campaign: string;
  status: string;
  amountCents: Cents;
  refundedCents: Cents;
  /** What the donation entry says was paid; null when the ledger has none. */
  donatedCents: Cents | null;
  /** Refunds and lost disputes net of failed refunds, from the entries. */
  returnedCents: Cents;
  /** What the provider-id rows of refunds and disputes count. */
  countedReturnsCents: Cents;
}

/** Every pledge whose stored figures could disagree with the entries: succeeded, refunded, or in the ledger. */
export async function readPledgeChecks(db: Queryable): Promise<PledgeCheck[]> {
  const { rows } = await db.query<{
    id: string;
    campaign: string;
    status: string;
    amount_cents: number;
    refunded_cents: number;
    donated: number | null;
    returned: number;
    counted: number;
  }>(`
    WITH entries AS (
      SELECT pledge_id,
             sum(amount_cents) FILTER (WHERE kind = 'donation') AS donated,
             coalesce(sum(CASE kind WHEN 'refund' THEN amount_cents WHEN 'dispute_lost' THEN amount_cents WHEN 'refund_failed' THEN -amount_cents END), 0) AS returned
        FROM ledger_entries WHERE pledge_id IS NOT NULL GROUP BY pledge_id
    ), returns AS (
      SELECT pledge_id, sum(counted_cents) AS counted FROM payment_returns GROUP BY pledge_id
    )
    SELECT p.id, p.campaign, p.status, p.amount_cents, p.refunded_cents,
           e.donated::bigint AS donated, coalesce(e.returned, 0)::bigint AS returned, coalesce(r.counted, 0)::bigint AS counted
      FROM pledges p
      LEFT JOIN entries e ON e.pledge_id = p.id
      LEFT JOIN returns r ON r.pledge_id = p.id
     WHERE p.status = 'succeeded' OR p.refunded_cents > 0 OR e.pledge_id IS NOT NULL OR r.pledge_id IS NOT NULL`);
  return rows.map((row) => ({
    pledgeId: row.id,
    campaign: row.campaign,
    status: row.status,
    amountCents: row.amount_cents,
    refundedCents: row.refunded_cents,
    donatedCents: row.donated,
    returnedCents: row.returned,
    countedReturnsCents: row.counted,
  }));
}

export interface OutcomeCheck {
  campaign: string;
  outcome: 'succeeded' | 'failed';
  grantedCents: Cents;
}

export async function readOutcomes(db: Queryable): Promise<OutcomeCheck[]> {
  const { rows } = await db.query<{ campaign: string; outcome: 'succeeded' | 'failed'; granted_cents: number }>(
    'SELECT campaign, outcome, granted_cents FROM campaign_outcomes',
  );
  return rows.map((row) => ({ campaign: row.campaign, outcome: row.outcome, grantedCents: row.granted_cents }));
}

/** Donation entries keyed by PaymentIntent, recorded in [from, to). */
export async function paymentEntriesBetween(db: Queryable, from: Date, to: Date): Promise<Map<string, Cents>> {
  const { rows } = await db.query<{ key: string; amount_cents: number }>(
    "SELECT substr(external_key, 9) AS key, amount_cents FROM ledger_entries WHERE kind = 'donation' AND external_key LIKE 'payment:%' AND created_at >= $1 AND created_at < $2",
    [from, to],
  );
  return new Map(rows.map((row) => [row.key, row.amount_cents]));
}

export async function paymentEntries(db: Queryable, paymentIntentIds: string[]): Promise<Map<string, Cents>> {
  const { rows } = await db.query<{ key: string; amount_cents: number }>(
    "SELECT substr(external_key, 9) AS key, amount_cents FROM ledger_entries WHERE kind = 'donation' AND external_key = ANY($1)",
    [paymentIntentIds.map((id) => `payment:${id}`)],
  );
  return new Map(rows.map((row) => [row.key, row.amount_cents]));
}

export interface StoredReturn {
  id: string;
  countedCents: Cents;
  status: string;
}

export async function refundReturns(db: Queryable, ids: string[]): Promise<Map<string, StoredReturn>> {
  const { rows } = await db.query<{ id: string; counted_cents: number; status: string }>(
    "SELECT id, counted_cents, status FROM payment_returns WHERE kind = 'refund' AND id = ANY($1)",
    [ids],
  );
  return new Map(rows.map((row) => [row.id, { id: row.id, countedCents: row.counted_cents, status: row.status }]));
}

export async function refundReturnsBetween(db: Queryable, from: Date, to: Date): Promise<Map<string, StoredReturn>> {
  const { rows } = await db.query<{ id: string; counted_cents: number; status: string }>(
    "SELECT id, counted_cents, status FROM payment_returns WHERE kind = 'refund' AND id NOT LIKE 'demo\\_%' AND created_at >= $1 AND created_at < $2",
    [from, to],
  );
  return new Map(rows.map((row) => [row.id, { id: row.id, countedCents: row.counted_cents, status: row.status }]));
}

/** PaymentIntents that belong to a donation of ours. */
export async function knownPaymentIntents(db: Queryable, ids: string[]): Promise<Set<string>> {
  const { rows } = await db.query<{ payment_intent_id: string }>(
    'SELECT payment_intent_id FROM pledges WHERE payment_intent_id = ANY($1)',
    [ids],
  );
  return new Set(rows.map((row) => row.payment_intent_id));
}

export async function storeRun(db: Queryable, startedAt: Date, differences: number, report: unknown): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    'INSERT INTO reconciliation_runs (started_at, differences, report) VALUES ($1, $2, $3) RETURNING id',
    [startedAt, differences, JSON.stringify(report)],
  );
  return rows[0]!.id;
}

export async function lastRun(db: Queryable): Promise<{ id: number; finishedAt: string; differences: number } | null> {
  const { rows } = await db.query<{ id: number; finished_at: Date; differences: number }>(
    'SELECT id, finished_at, differences FROM reconciliation_runs ORDER BY id DESC LIMIT 1',
  );
  const row = rows[0];
  return row ? { id: row.id, finishedAt: row.finished_at.toISOString(), differences: row.differences } : null;
}
