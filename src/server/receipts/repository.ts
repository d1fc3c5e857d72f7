/** All SQL of art. 83 receipts: the per-organisation, per-year counter and the receipts it numbers. */
import type { ReceiptIssuer } from '../../domain/receipt.ts';
import type { Cents } from '../../domain/money.ts';
import type { Queryable, Tx } from '../db/pool.ts';
import type { Locale } from '../../i18n/locale.ts';

export interface StoredReceipt {
  organisation: string;
  year: number;
  number: number;
  pledgeId: string;
  campaign: string;
  campaignTitle: string;
  amountCents: Cents;
  donorName: string | null;
  donorTaxCode: string;
  locale: Locale;
  issuer: ReceiptIssuer;
  paidAt: Date;
  paymentReference: string;
  issuedAt: Date;
  voidedAt: Date | null;
}

interface ReceiptRow {
  organisation: string;
  year: number;
  number: number;
  pledge_id: string;
  campaign: string;
  campaign_title: string;
  amount_cents: number;
  donor_name: string | null;
  donor_tax_code: string;
  locale: Locale;
  issuer: ReceiptIssuer;
  paid_at: Date;
  payment_reference: string;
  issued_at: Date;
  voided_at: Date | null;
}

const toReceipt = (row: ReceiptRow): StoredReceipt => ({
  organisation: row.organisation,
  year: row.year,
  number: row.number,
  pledgeId: row.pledge_id,
  campaign: row.campaign,
  campaignTitle: row.campaign_title,
  amountCents: row.amount_cents,
  donorName: row.donor_name,
  donorTaxCode: row.donor_tax_code,
  locale: row.locale,
  issuer: row.issuer,
  paidAt: row.paid_at,
  paymentReference: row.payment_reference,
  issuedAt: row.issued_at,
  voidedAt: row.voided_at,
});

/**
 * The next number of the organisation's year, under the lock of its counter row: concurrent issuers
 * take turns, and a transaction that rolls back releases its number with it, so the sequence has no gap.
 */
export async function takeNextNumber(tx: Tx, organisation: string, year: number): Promise<number> {
  await tx.query('INSERT INTO receipt_counters (organisation, year) VALUES ($1, $2) ON CONFLICT DO NOTHING', [organisation, year]);
  const { rows } = await tx.query<{ last_number: number }>(
    'SELECT last_number FROM receipt_counters WHERE organisation = $1 AND year = $2 FOR UPDATE',
    [organisation, year],
  );
  const next = rows[0]!.last_number + 1;
  await tx.query('UPDATE receipt_counters SET last_number = $3 WHERE organisation = $1 AND year = $2', [organisation, year, next]);
  return next;
}

export async function insertReceipt(tx: Tx, receipt: Omit<StoredReceipt, 'voidedAt'>): Promise<StoredReceipt> {
  const { rows } = await tx.query<ReceiptRow>(
    `INSERT INTO receipts (organisation, year, number, pledge_id, campaign, campaign_title, amount_cents, donor_name, donor_tax_code,
                           locale, issuer, paid_at, payment_reference, issued_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING *`,
    [
      receipt.organisation,
      receipt.year,
      receipt.number,
      receipt.pledgeId,
      receipt.campaign,
      receipt.campaignTitle,
      receipt.amountCents,
      receipt.donorName,
      receipt.donorTaxCode,
      receipt.locale,
      JSON.stringify(receipt.issuer),
      receipt.paidAt,
      receipt.paymentReference,
      receipt.issuedAt,
    ],
  );
  return toReceipt(rows[0]!);
}

/** The donation's receipt: the valid one if any, otherwise the latest voided one. */
export async function latestReceipt(db: Queryable, pledgeId: string): Promise<StoredReceipt | null> {
  const { rows } = await db.query<ReceiptRow>(
    'SELECT * FROM receipts WHERE pledge_id = $1 ORDER BY (voided_at IS NULL) DESC, issued_at DESC, number DESC LIMIT 1',
    [pledgeId],
  );
  return rows[0] ? toReceipt(rows[0]) : null;
}

/** A refund or lost dispute after issue: the receipt stays, under its number, marked void. */
export async function voidReceiptsOf(tx: Tx, pledgeId: string, at: Date): Promise<number> {
  const { rowCount } = await tx.query('UPDATE receipts SET voided_at = $2 WHERE pledge_id = $1 AND voided_at IS NULL', [pledgeId, at]);
  return rowCount ?? 0;
}

export async function receiptsOf(db: Queryable, organisation: string, year: number | null): Promise<StoredReceipt[]> {
  const { rows } = await db.query<ReceiptRow>(
    'SELECT * FROM receipts WHERE organisation = $1 AND ($2::int IS NULL OR year = $2) ORDER BY year, number',
    [organisation, year],
  );
  return rows.map(toReceipt);
}

/** Succeeded donations with a tax code, still holding money, with no valid receipt: to issue, oldest payment first. */
export async function donationsAwaitingReceipt(db: Queryable, campaigns: string[]): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT p.id FROM pledges p
      WHERE p.campaign = ANY($1) AND p.status = 'succeeded' AND p.tax_code IS NOT NULL AND p.amount_cents > p.refunded_cents
        AND NOT EXISTS (SELECT 1 FROM receipts r WHERE r.pledge_id = p.id AND r.voided_at IS NULL)
      ORDER BY p.succeeded_at, p.id`,
    [campaigns],
  );
  return rows.map((row) => row.id);
}
