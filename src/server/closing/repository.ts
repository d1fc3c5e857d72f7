/** All SQL of closing: the outcome of each campaign, and the refunds an all-or-nothing failure owes. */
import type { Cents } from '../../domain/money.ts';
import type { CampaignOutcome, FundingModel } from '../../domain/outcome.ts';
import type { Queryable, Tx } from '../db/pool.ts';

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
    [record.campaign, record.callId, record.outcome, record.fundingModel, record.raisedCents, record.thresholdCents, record.grantedCents, record.releasedCents, record.refundsOwed, closedAt],
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
  await tx.query('UPDATE closing_refunds SET status = $2, updated_at = now() WHERE refund_id = $1', [refundId, closingStatusOf(providerStatus)]);
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

export async function markRefundIssued(tx: Tx, pledgeId: string, refundId: string, amountCents: Cents, providerStatus: string): Promise<void> {
  await tx.query(
    'UPDATE closing_refunds SET refund_id = $2, amount_cents = $3, status = $4, attempts = attempts + 1, last_error = NULL, updated_at = now() WHERE pledge_id = $1',
    [pledgeId, refundId, amountCents, closingStatusOf(providerStatus)],
  );
}

export async function markRefundAttemptFailed(tx: Tx, pledgeId: string, error: string): Promise<void> {
  await tx.query('UPDATE closing_refunds SET attempts = attempts + 1, last_error = $2, updated_at = now() WHERE pledge_id = $1', [pledgeId, error.slice(0, 500)]);
}

export async function markRefundNotNeeded(tx: Tx, pledgeId: string): Promise<void> {
  await tx.query("UPDATE closing_refunds SET status = 'not_needed', updated_at = now() WHERE pledge_id = $1", [pledgeId]);
}

export async function listClosingRefunds(db: Queryable, statuses: ClosingRefundStatus[]): Promise<ClosingRefund[]> {
  const { rows } = await db.query<ClosingRefundRow>('SELECT * FROM closing_refunds WHERE status = ANY($1) ORDER BY campaign, created_at', [statuses]);
  return rows.map(toClosingRefund);
}
