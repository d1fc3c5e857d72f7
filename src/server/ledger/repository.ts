/**
 * All SQL of the money tables, and only here (tests/unit/money-writers.test.ts holds it): the running
 * totals and pools, the append-only entries, the returns of donations, the closing decisions and the
 * refunds they owe, and the transfers to the payees with their reversals.
 *
 * Lock order. Every transaction that moves money takes its row locks in this order, and never an
 * earlier one after a later one, so two of them can never wait for each other:
 *   1. the donation (its `pledges` row, FOR NO KEY UPDATE); then the rows owed for that one donation
 *      (its refund owed at closing, its transfer to the payee);
 *   2. the campaign's running totals (`campaign_totals`): the campaign's lock, taken by every donation,
 *      return and closing of the campaign;
 *   3. the call's pool (`call_pools`), shared by every campaign of the call.
 * `lockInOrder` takes levels 1 to 3 and refuses to go back up; the webhooks take level 1 by reading
 * the donation with `forUpdate` (src/server/pledges/repository.ts) before they reach the ledger.
 */
import type { Cofunding, CofundingStatus } from '../../domain/cofunding.ts';
import type { Cents } from '../../domain/money.ts';
import type { CampaignOutcome, FundingModel } from '../../domain/outcome.ts';
import { payoutOf } from '../../domain/payee.ts';
import type { Queryable, Tx } from '../db/pool.ts';
import { lockPledgeIfFree } from '../pledges/repository.ts';

/** The locks of one transaction, handed out only in the order above. */
export class MoneyLocks {
  private level = 0;
  private readonly tx: Tx;

  // No parameter property: `npm start` and the bench run this file with Node's type stripping, which refuses them.
  constructor(tx: Tx) {
    this.tx = tx;
  }

  /** Level 1: the donation, unless another transaction holds it now (false: skip it, a later run retries). */
  async pledgeIfFree(pledgeId: string): Promise<boolean> {
    this.enter(1);
    return lockPledgeIfFree(this.tx, pledgeId);
  }

  /** Level 2: the campaign's totals row, created on first use. */
  async totals(campaign: string, callId: string): Promise<CampaignTotals> {
    this.enter(2);
    return lockTotals(this.tx, campaign, callId);
  }

  /** Level 3: the call's pool row, created on first use with the catalogue's size (kept in step with it). */
  async pool(callId: string, poolCents: Cents): Promise<PoolTotals> {
    this.enter(3);
    return lockPool(this.tx, callId, poolCents);
  }

  private enter(level: number): void {
    // A programming error, not a runtime condition: fail loudly rather than risk a deadlock in production.
    if (level <= this.level) throw new Error(`money lock order: level ${level} requested after level ${this.level}`);
    this.level = level;
  }
}

export const lockInOrder = (tx: Tx): MoneyLocks => new MoneyLocks(tx);

// ---------------------------------------------------------------------------------------------------
// Running totals and pools

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
  return {
    campaign,
    callId,
    raisedCents: 0,
    donors: 0,
    cofunding: { status: 'none', cents: 0 },
    movements: 0,
    updatedAt: new Date(0),
    outcome: null,
  };
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

/** Level 2 of the lock order (through `lockInOrder`): the totals row for the rest of the transaction. */
async function lockTotals(tx: Tx, campaign: string, callId: string): Promise<CampaignTotals> {
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

/** Level 3 of the lock order (through `lockInOrder`). */
async function lockPool(tx: Tx, callId: string, poolCents: Cents): Promise<PoolTotals> {
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

/** What the pool can still give: the one place that subtracts what is reserved and granted. */
export const remaining = (pool: PoolTotals): Cents => pool.poolCents - pool.reservedCents - pool.grantedCents;

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

// ---------------------------------------------------------------------------------------------------
// Append-only entries

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

// ---------------------------------------------------------------------------------------------------
// Returns of donations: one row per refund or lost dispute, under the provider's id

export interface KnownReturn {
  id: string;
  countedCents: Cents;
  status: string;
}

export async function lockReturn(tx: Tx, id: string): Promise<KnownReturn | null> {
  const { rows } = await tx.query<{ id: string; counted_cents: number; status: string }>(
    'SELECT id, counted_cents, status FROM payment_returns WHERE id = $1 FOR UPDATE',
    [id],
  );
  const row = rows[0];
  return row ? { id: row.id, countedCents: row.counted_cents, status: row.status } : null;
}

export async function insertReturn(
  tx: Tx,
  row: {
    id: string;
    kind: 'refund' | 'dispute';
    pledgeId: string;
    campaign: string;
    amountCents: Cents;
    countedCents: Cents;
    status: string;
  },
): Promise<void> {
  await tx.query(
    'INSERT INTO payment_returns (id, kind, pledge_id, campaign, amount_cents, counted_cents, status) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [row.id, row.kind, row.pledgeId, row.campaign, row.amountCents, row.countedCents, row.status],
  );
}

export async function updateReturn(tx: Tx, id: string, status: string, countedCents: Cents): Promise<void> {
  await tx.query('UPDATE payment_returns SET status = $2, counted_cents = $3, updated_at = now() WHERE id = $1', [
    id,
    status,
    countedCents,
  ]);
}

// ---------------------------------------------------------------------------------------------------
// Closing: the outcome of each campaign, and the refunds an all-or-nothing failure owes

export interface OutcomeRecord {
  campaign: string;
  callId: string;
  outcome: CampaignOutcome;
  fundingModel: FundingModel;
  raisedCents: Cents;
  thresholdCents: Cents;
  grantedCents: Cents;
  releasedCents: Cents;
  refundsOwed: number;
}

export async function findOutcome(db: Queryable, campaign: string): Promise<CampaignOutcome | null> {
  const { rows } = await db.query<{ outcome: CampaignOutcome }>('SELECT outcome FROM campaign_outcomes WHERE campaign = $1', [campaign]);
  return rows[0]?.outcome ?? null;
}

export async function closedCampaigns(db: Queryable): Promise<Set<string>> {
  const { rows } = await db.query<{ campaign: string }>('SELECT campaign FROM campaign_outcomes');
  return new Set(rows.map((row) => row.campaign));
}

export async function insertOutcome(tx: Tx, record: OutcomeRecord, closedAt: Date): Promise<void> {
  await tx.query(
    `INSERT INTO campaign_outcomes (campaign, call_id, outcome, funding_model, raised_cents, threshold_cents, granted_cents, released_cents, refunds_owed, closed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      record.campaign,
      record.callId,
      record.outcome,
      record.fundingModel,
      record.raisedCents,
      record.thresholdCents,
      record.grantedCents,
      record.releasedCents,
      record.refundsOwed,
      closedAt,
    ],
  );
}

/** One refund owed for every succeeded donation that still holds money; returns how many were added. */
export async function scheduleRefundsForCampaign(tx: Tx, campaign: string): Promise<number> {
  const { rowCount } = await tx.query(
    `INSERT INTO closing_refunds (pledge_id, campaign, amount_cents)
     SELECT id, campaign, amount_cents - refunded_cents FROM pledges
      WHERE campaign = $1 AND status = 'succeeded' AND amount_cents > refunded_cents
     ON CONFLICT (pledge_id) DO NOTHING`,
    [campaign],
  );
  return rowCount ?? 0;
}

export async function owesRefundsForLateDonations(tx: Tx, campaign: string): Promise<boolean> {
  const { rows } = await tx.query(
    "SELECT 1 FROM campaign_outcomes WHERE campaign = $1 AND outcome = 'failed' AND funding_model = 'all-or-nothing'",
    [campaign],
  );
  return rows.length > 0;
}

export async function scheduleClosingRefund(tx: Tx, refund: { pledgeId: string; campaign: string; amountCents: Cents }): Promise<void> {
  await tx.query('INSERT INTO closing_refunds (pledge_id, campaign, amount_cents) VALUES ($1, $2, $3) ON CONFLICT (pledge_id) DO NOTHING', [
    refund.pledgeId,
    refund.campaign,
    refund.amountCents,
  ]);
}

export type ClosingRefundStatus = 'to_issue' | 'pending' | 'succeeded' | 'failed' | 'not_needed';

function closingStatusOf(providerStatus: string): ClosingRefundStatus {
  if (providerStatus === 'succeeded') return 'succeeded';
  if (providerStatus === 'failed' || providerStatus === 'canceled') return 'failed';
  return 'pending';
}

/** Follows a refund the closing job issued as the provider reports it, until it is confirmed or failed. */
export async function syncClosingRefund(tx: Tx, refundId: string, providerStatus: string): Promise<void> {
  await tx.query('UPDATE closing_refunds SET status = $2, updated_at = now() WHERE refund_id = $1', [
    refundId,
    closingStatusOf(providerStatus),
  ]);
}

export interface ClosingRefund {
  pledgeId: string;
  campaign: string;
  amountCents: Cents;
  status: ClosingRefundStatus;
  refundId: string | null;
  attempts: number;
}

interface ClosingRefundRow {
  pledge_id: string;
  campaign: string;
  amount_cents: number;
  status: ClosingRefundStatus;
  refund_id: string | null;
  attempts: number;
}

const toClosingRefund = (row: ClosingRefundRow): ClosingRefund => ({
  pledgeId: row.pledge_id,
  campaign: row.campaign,
  amountCents: row.amount_cents,
  status: row.status,
  refundId: row.refund_id,
  attempts: row.attempts,
});

export async function refundsToIssue(db: Queryable, limit: number): Promise<string[]> {
  const { rows } = await db.query<{ pledge_id: string }>(
    "SELECT pledge_id FROM closing_refunds WHERE status = 'to_issue' ORDER BY created_at, pledge_id LIMIT $1",
    [limit],
  );
  return rows.map((row) => row.pledge_id);
}

export async function lockClosingRefund(tx: Tx, pledgeId: string): Promise<ClosingRefund | null> {
  const { rows } = await tx.query<ClosingRefundRow>('SELECT * FROM closing_refunds WHERE pledge_id = $1 FOR UPDATE', [pledgeId]);
  return rows[0] ? toClosingRefund(rows[0]) : null;
}

export async function markRefundIssued(
  tx: Tx,
  pledgeId: string,
  refundId: string,
  amountCents: Cents,
  providerStatus: string,
): Promise<void> {
  await tx.query(
    'UPDATE closing_refunds SET refund_id = $2, amount_cents = $3, status = $4, attempts = attempts + 1, last_error = NULL, updated_at = now() WHERE pledge_id = $1',
    [pledgeId, refundId, amountCents, closingStatusOf(providerStatus)],
  );
}

export async function markRefundAttemptFailed(tx: Tx, pledgeId: string, error: string): Promise<void> {
  await tx.query('UPDATE closing_refunds SET attempts = attempts + 1, last_error = $2, updated_at = now() WHERE pledge_id = $1', [
    pledgeId,
    error.slice(0, 500),
  ]);
}

export async function markRefundNotNeeded(tx: Tx, pledgeId: string): Promise<void> {
  await tx.query("UPDATE closing_refunds SET status = 'not_needed', updated_at = now() WHERE pledge_id = $1", [pledgeId]);
}

export async function listClosingRefunds(db: Queryable, statuses: ClosingRefundStatus[]): Promise<ClosingRefund[]> {
  const { rows } = await db.query<ClosingRefundRow>('SELECT * FROM closing_refunds WHERE status = ANY($1) ORDER BY campaign, created_at', [
    statuses,
  ]);
  return rows.map(toClosingRefund);
}

// ---------------------------------------------------------------------------------------------------
// Payouts: the money that leaves the platform for the organisations. One transfer per donation
// (`transfer-<pledgeId>`), and one reversal per refund or lost dispute of a donation already
// transferred. Rows are written in the caller's transaction; the calls to Stripe happen after commit
// (src/server/payouts/service.ts) with the same keys as idempotency keys, so a retry never pays twice.

export type TransferStatus = 'to_issue' | 'issued' | 'not_needed';

export interface PayeeTransfer {
  pledgeId: string;
  campaign: string;
  organisation: string;
  status: TransferStatus;
  accountId: string | null;
  transferId: string | null;
  amountCents: Cents | null;
  feeCents: Cents | null;
  attempts: number;
  lastError: string | null;
}

interface TransferRow {
  pledge_id: string;
  campaign: string;
  organisation: string;
  status: TransferStatus;
  account_id: string | null;
  transfer_id: string | null;
  amount_cents: number | null;
  fee_cents: number | null;
  attempts: number;
  last_error: string | null;
}

const toTransfer = (row: TransferRow): PayeeTransfer => ({
  pledgeId: row.pledge_id,
  campaign: row.campaign,
  organisation: row.organisation,
  status: row.status,
  accountId: row.account_id,
  transferId: row.transfer_id,
  amountCents: row.amount_cents,
  feeCents: row.fee_cents,
  attempts: row.attempts,
  lastError: row.last_error,
});

export const transferKey = (pledgeId: string) => `transfer-${pledgeId}`;

/** Owes the payee one donation's money; a second call for the same donation changes nothing. */
export async function scheduleTransfer(tx: Tx, transfer: { pledgeId: string; campaign: string; organisation: string }): Promise<void> {
  await tx.query(
    `INSERT INTO payee_transfers (pledge_id, external_key, campaign, organisation) VALUES ($1, $2, $3, $4)
     ON CONFLICT (pledge_id) DO NOTHING`,
    [transfer.pledgeId, transferKey(transfer.pledgeId), transfer.campaign, transfer.organisation],
  );
}

/** At an all-or-nothing success: every succeeded Stripe donation of the campaign that still holds money. */
export async function scheduleTransfersForCampaign(tx: Tx, campaign: string, organisation: string): Promise<number> {
  const { rowCount } = await tx.query(
    `INSERT INTO payee_transfers (pledge_id, external_key, campaign, organisation)
     SELECT id, 'transfer-' || id, campaign, $2 FROM pledges
      WHERE campaign = $1 AND status = 'succeeded' AND mode = 'stripe' AND payment_intent_id IS NOT NULL AND amount_cents > refunded_cents
     ON CONFLICT (pledge_id) DO NOTHING`,
    [campaign, organisation],
  );
  return rowCount ?? 0;
}

export async function transfersToIssue(db: Queryable, limit: number): Promise<string[]> {
  const { rows } = await db.query<{ pledge_id: string }>(
    "SELECT pledge_id FROM payee_transfers WHERE status = 'to_issue' ORDER BY created_at, pledge_id LIMIT $1",
    [limit],
  );
  return rows.map((row) => row.pledge_id);
}

export async function lockTransfer(tx: Tx, pledgeId: string): Promise<PayeeTransfer | null> {
  const { rows } = await tx.query<TransferRow>('SELECT * FROM payee_transfers WHERE pledge_id = $1 FOR UPDATE', [pledgeId]);
  return rows[0] ? toTransfer(rows[0]) : null;
}

export async function findTransfer(db: Queryable, pledgeId: string): Promise<PayeeTransfer | null> {
  const { rows } = await db.query<TransferRow>('SELECT * FROM payee_transfers WHERE pledge_id = $1', [pledgeId]);
  return rows[0] ? toTransfer(rows[0]) : null;
}

export async function markTransferIssued(
  tx: Tx,
  pledgeId: string,
  issued: { transferId: string; accountId: string; amountCents: Cents; feeCents: Cents },
): Promise<void> {
  await tx.query(
    `UPDATE payee_transfers SET status = 'issued', transfer_id = $2, account_id = $3, amount_cents = $4, fee_cents = $5,
            attempts = attempts + 1, last_error = NULL, updated_at = now()
      WHERE pledge_id = $1`,
    [pledgeId, issued.transferId, issued.accountId, issued.amountCents, issued.feeCents],
  );
}

export async function markTransferNotNeeded(tx: Tx, pledgeId: string): Promise<void> {
  await tx.query("UPDATE payee_transfers SET status = 'not_needed', updated_at = now() WHERE pledge_id = $1", [pledgeId]);
}

export async function markTransferAttemptFailed(tx: Tx, pledgeId: string, error: string): Promise<void> {
  await tx.query('UPDATE payee_transfers SET attempts = attempts + 1, last_error = $2, updated_at = now() WHERE pledge_id = $1', [
    pledgeId,
    error.slice(0, 500),
  ]);
}

/**
 * A refund or lost dispute of a donation whose money already went to the payee: what the payee holds of
 * it beyond its due share of what the donation still holds is taken back (a transfer reversal). Nothing
 * when the donation was not transferred yet: the transfer, when issued, sends only what is left.
 */
export async function scheduleReversalFor(
  tx: Tx,
  pledgeId: string,
  returnId: string,
  netCents: Cents,
  feeBasisPoints: number,
): Promise<void> {
  const { rows } = await tx.query<{ transfer_id: string; amount_cents: number; reversed: number }>(
    `SELECT t.transfer_id, t.amount_cents,
            coalesce((SELECT sum(amount_cents) FROM transfer_reversals r WHERE r.pledge_id = t.pledge_id), 0)::bigint AS reversed
       FROM payee_transfers t WHERE t.pledge_id = $1 AND t.status = 'issued' FOR UPDATE OF t`,
    [pledgeId],
  );
  const transfer = rows[0];
  if (!transfer) return;
  const amount = transfer.amount_cents - transfer.reversed - payoutOf(Math.max(0, netCents), feeBasisPoints).amountCents;
  if (amount <= 0) return;
  await tx.query(
    'INSERT INTO transfer_reversals (return_id, pledge_id, transfer_id, amount_cents) VALUES ($1, $2, $3, $4) ON CONFLICT (return_id) DO NOTHING',
    [returnId, pledgeId, transfer.transfer_id, amount],
  );
}

export interface TransferReversal {
  returnId: string;
  pledgeId: string;
  transferId: string;
  amountCents: Cents;
  status: 'to_issue' | 'issued';
  reversalId: string | null;
}

interface ReversalRow {
  return_id: string;
  pledge_id: string;
  transfer_id: string;
  amount_cents: number;
  status: 'to_issue' | 'issued';
  reversal_id: string | null;
}

const toReversal = (row: ReversalRow): TransferReversal => ({
  returnId: row.return_id,
  pledgeId: row.pledge_id,
  transferId: row.transfer_id,
  amountCents: row.amount_cents,
  status: row.status,
  reversalId: row.reversal_id,
});

export async function reversalsToIssue(db: Queryable, limit: number): Promise<string[]> {
  const { rows } = await db.query<{ return_id: string }>(
    "SELECT return_id FROM transfer_reversals WHERE status = 'to_issue' ORDER BY created_at, return_id LIMIT $1",
    [limit],
  );
  return rows.map((row) => row.return_id);
}

export async function lockReversal(tx: Tx, returnId: string): Promise<TransferReversal | null> {
  const { rows } = await tx.query<ReversalRow>('SELECT * FROM transfer_reversals WHERE return_id = $1 FOR UPDATE SKIP LOCKED', [returnId]);
  return rows[0] ? toReversal(rows[0]) : null;
}

export async function markReversalIssued(tx: Tx, returnId: string, reversalId: string): Promise<void> {
  await tx.query(
    "UPDATE transfer_reversals SET status = 'issued', reversal_id = $2, attempts = attempts + 1, last_error = NULL, updated_at = now() WHERE return_id = $1",
    [returnId, reversalId],
  );
}

export async function markReversalAttemptFailed(tx: Tx, returnId: string, error: string): Promise<void> {
  await tx.query('UPDATE transfer_reversals SET attempts = attempts + 1, last_error = $2, updated_at = now() WHERE return_id = $1', [
    returnId,
    error.slice(0, 500),
  ]);
}

/** For reconciliation: every transfer with the donation it pays and the reversals taken from it. */
export interface TransferCheck {
  pledgeId: string;
  campaign: string;
  organisation: string;
  status: TransferStatus;
  transferId: string | null;
  accountId: string | null;
  amountCents: Cents | null;
  feeCents: Cents | null;
  pledgeStatus: string;
  pledgeAmountCents: Cents;
  refundedCents: Cents;
  reversedCents: Cents;
  pendingReversalCents: Cents;
}

export async function readTransferChecks(db: Queryable): Promise<TransferCheck[]> {
  const { rows } = await db.query<{
    pledge_id: string;
    campaign: string;
    organisation: string;
    status: TransferStatus;
    transfer_id: string | null;
    account_id: string | null;
    amount_cents: number | null;
    fee_cents: number | null;
    pledge_status: string;
    pledge_amount: number;
    refunded_cents: number;
    reversed: number;
    pending: number;
  }>(`
    SELECT t.pledge_id, t.campaign, t.organisation, t.status, t.transfer_id, t.account_id, t.amount_cents, t.fee_cents,
           p.status AS pledge_status, p.amount_cents AS pledge_amount, p.refunded_cents,
           coalesce(sum(r.amount_cents) FILTER (WHERE r.status = 'issued'), 0)::bigint AS reversed,
           coalesce(sum(r.amount_cents) FILTER (WHERE r.status = 'to_issue'), 0)::bigint AS pending
      FROM payee_transfers t JOIN pledges p ON p.id = t.pledge_id
      LEFT JOIN transfer_reversals r ON r.pledge_id = t.pledge_id
     GROUP BY t.pledge_id, p.id`);
  return rows.map((row) => ({
    pledgeId: row.pledge_id,
    campaign: row.campaign,
    organisation: row.organisation,
    status: row.status,
    transferId: row.transfer_id,
    accountId: row.account_id,
    amountCents: row.amount_cents,
    feeCents: row.fee_cents,
    pledgeStatus: row.pledge_status,
    pledgeAmountCents: row.pledge_amount,
    refundedCents: row.refunded_cents,
    reversedCents: row.reversed,
    pendingReversalCents: row.pending,
  }));
}

/** Succeeded Stripe donations of the given campaigns that owe their payee a transfer but have none scheduled. */
export async function donationsWithoutTransfer(db: Queryable, campaigns: string[]): Promise<{ pledgeId: string; campaign: string }[]> {
  const { rows } = await db.query<{ id: string; campaign: string }>(
    `SELECT p.id, p.campaign FROM pledges p
      WHERE p.campaign = ANY($1) AND p.status = 'succeeded' AND p.mode = 'stripe' AND p.amount_cents > p.refunded_cents
        AND NOT EXISTS (SELECT 1 FROM payee_transfers t WHERE t.pledge_id = p.id)`,
    [campaigns],
  );
  return rows.map((row) => ({ pledgeId: row.id, campaign: row.campaign }));
}
