/**
 * All SQL of the money that leaves the platform for the organisations: one transfer per donation
 * (`transfer-<pledgeId>`), and one reversal per refund or lost dispute of a donation already
 * transferred. Rows are written in the caller's transaction; the calls to Stripe happen after commit
 * (src/server/payouts/service.ts) with the same keys as idempotency keys, so a retry never pays twice.
 */
import type { Cents } from '../../domain/money.ts';
import { payoutOf } from '../../domain/payee.ts';
import type { Queryable, Tx } from '../db/pool.ts';

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
  await tx.query('UPDATE payee_transfers SET attempts = attempts + 1, last_error = $2, updated_at = now() WHERE pledge_id = $1', [pledgeId, error.slice(0, 500)]);
}

/**
 * A refund or lost dispute of a donation whose money already went to the payee: what the payee holds of
 * it beyond its due share of what the donation still holds is taken back (a transfer reversal). Nothing
 * when the donation was not transferred yet: the transfer, when issued, sends only what is left.
 */
export async function scheduleReversalFor(tx: Tx, pledgeId: string, returnId: string, netCents: Cents, feeBasisPoints: number): Promise<void> {
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
  await tx.query('UPDATE transfer_reversals SET attempts = attempts + 1, last_error = $2, updated_at = now() WHERE return_id = $1', [returnId, error.slice(0, 500)]);
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
    pledge_id: string; campaign: string; organisation: string; status: TransferStatus; transfer_id: string | null; account_id: string | null;
    amount_cents: number | null; fee_cents: number | null; pledge_status: string; pledge_amount: number; refunded_cents: number; reversed: number; pending: number;
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
