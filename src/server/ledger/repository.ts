/** All SQL of the ledger: running totals, pools and append-only entries. */
import type { Cofunding, CofundingStatus } from '../../domain/cofunding.ts';
import type { Cents } from '../../domain/money.ts';
import type { Queryable, Tx } from '../db/pool.ts';

export type EntryKind = 'donation' | 'refund' | 'refund_failed' | 'dispute_lost' | 'reservation' | 'release' | 'grant';

export interface CampaignTotals {
  campaign: string;
  callId: string;
  raisedCents: Cents;
  donors: number;
  cofunding: Cofunding;
  movements: number;
  updatedAt: Date;
  /** Set once the closing job has decided; null while the campaign has not been closed. */
  outcome: 'succeeded' | 'failed' | null;
}

export interface PoolTotals {
  callId: string;
  poolCents: Cents;
  reservedCents: Cents;
  grantedCents: Cents;
}

interface TotalsRow {
  campaign: string;
  call_id: string;
  raised_cents: number;
  donors: number;
  cofunding_status: CofundingStatus;
  cofunding_cents: number;
  movements: number;
  updated_at: Date;
  outcome?: 'succeeded' | 'failed' | null;
}

const toTotals = (row: TotalsRow): CampaignTotals => ({
  campaign: row.campaign,
  callId: row.call_id,
  raisedCents: row.raised_cents,
  donors: row.donors,
  cofunding: { status: row.cofunding_status, cents: row.cofunding_cents },
  movements: row.movements,
  updatedAt: row.updated_at,
  outcome: row.outcome ?? null,
});

export function emptyTotals(campaign: string, callId: string): CampaignTotals {
  return { campaign, callId, raisedCents: 0, donors: 0, cofunding: { status: 'none', cents: 0 }, movements: 0, updatedAt: new Date(0), outcome: null };
}

// Still two primary-key reads per campaign: the outcome row is at most one per campaign.
const TOTALS_WITH_OUTCOME = 'SELECT t.*, o.outcome FROM campaign_totals t LEFT JOIN campaign_outcomes o ON o.campaign = t.campaign';

export async function readTotals(db: Queryable, campaign: string): Promise<CampaignTotals | null> {
  const { rows } = await db.query<TotalsRow>(`${TOTALS_WITH_OUTCOME} WHERE t.campaign = $1`, [campaign]);
  return rows[0] ? toTotals(rows[0]) : null;
}

/** The totals of several campaigns in one query; campaigns without a row yet are absent from the map. */
export async function readTotalsOf(db: Queryable, campaigns: readonly string[]): Promise<Map<string, CampaignTotals>> {
  const { rows } = await db.query<TotalsRow>(`${TOTALS_WITH_OUTCOME} WHERE t.campaign = ANY($1::text[])`, [campaigns]);
  return new Map(rows.map((row) => [row.campaign, toTotals(row)]));
}

export async function readAllTotals(db: Queryable): Promise<Map<string, CampaignTotals>> {
  const { rows } = await db.query<TotalsRow>(TOTALS_WITH_OUTCOME);
  return new Map(rows.map((row) => [row.campaign, toTotals(row)]));
}

/** Locks the campaign's totals row for the rest of the transaction, creating it on first use. */
export async function lockTotals(tx: Tx, campaign: string, callId: string): Promise<CampaignTotals> {
  await tx.query('INSERT INTO campaign_totals (campaign, call_id) VALUES ($1, $2) ON CONFLICT (campaign) DO NOTHING', [campaign, callId]);
  const { rows } = await tx.query<TotalsRow>('SELECT * FROM campaign_totals WHERE campaign = $1 FOR UPDATE', [campaign]);
  return toTotals(rows[0]!);
}

export async function saveTotals(tx: Tx, totals: CampaignTotals): Promise<void> {
  await tx.query(
    `UPDATE campaign_totals
        SET raised_cents = $2, donors = $3, cofunding_status = $4, cofunding_cents = $5, movements = $6, updated_at = now()
      WHERE campaign = $1`,
    [totals.campaign, totals.raisedCents, totals.donors, totals.cofunding.status, totals.cofunding.cents, totals.movements],
  );
}

/** Locks the call's pool row; lock order is always campaign first, then pool, so no deadlock. */
export async function lockPool(tx: Tx, callId: string, poolCents: Cents): Promise<PoolTotals> {
  await tx.query(
    `INSERT INTO call_pools (call_id, pool_cents) VALUES ($1, $2)
     ON CONFLICT (call_id) DO UPDATE SET pool_cents = EXCLUDED.pool_cents
       WHERE call_pools.pool_cents <> EXCLUDED.pool_cents`,
    [callId, poolCents],
  );
  const { rows } = await tx.query<PoolRow>('SELECT * FROM call_pools WHERE call_id = $1 FOR UPDATE', [callId]);
  return toPool(rows[0]!);
}

interface PoolRow {
  call_id: string;
  pool_cents: number;
  reserved_cents: number;
  granted_cents: number;
}

const toPool = (row: PoolRow): PoolTotals => ({
  callId: row.call_id,
  poolCents: row.pool_cents,
  reservedCents: row.reserved_cents,
  grantedCents: row.granted_cents,
});

export async function readPool(db: Queryable, callId: string): Promise<PoolTotals | null> {
  const { rows } = await db.query<PoolRow>('SELECT * FROM call_pools WHERE call_id = $1', [callId]);
  return rows[0] ? toPool(rows[0]) : null;
}

/** The pools of several calls in one query; calls without a row yet are absent from the map. */
export async function readPoolsOf(db: Queryable, callIds: readonly string[]): Promise<Map<string, PoolTotals>> {
  const { rows } = await db.query<PoolRow>('SELECT * FROM call_pools WHERE call_id = ANY($1::text[])', [callIds]);
  return new Map(rows.map((row) => [row.call_id, toPool(row)]));
}

export async function savePool(tx: Tx, pool: PoolTotals): Promise<void> {
  await tx.query('UPDATE call_pools SET reserved_cents = $2, granted_cents = $3, updated_at = now() WHERE call_id = $1', [
    pool.callId,
    pool.reservedCents,
    pool.grantedCents,
  ]);
}

export interface NewEntry {
  externalKey: string;
  kind: EntryKind;
  campaign: string;
  callId: string;
  pledgeId: string | null;
  amountCents: Cents;
}

/** Appends an entry; false when its external key was already recorded (a replay), which changes nothing. */
export async function appendEntry(tx: Tx, entry: NewEntry): Promise<boolean> {
  const { rowCount } = await tx.query(
    `INSERT INTO ledger_entries (external_key, kind, campaign, call_id, pledge_id, amount_cents)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (external_key) DO NOTHING`,
    [entry.externalKey, entry.kind, entry.campaign, entry.callId, entry.pledgeId, entry.amountCents],
  );
  return rowCount === 1;
}
