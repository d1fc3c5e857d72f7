/** All SQL of pledges: a donor's intention to give, and where its payment stands. */
import { randomBytes } from 'node:crypto';
import type { Cents } from '../../domain/money.ts';
import type { PledgeRequest } from '../../domain/pledge.ts';
import type { Queryable } from '../db/pool.ts';
import type { Locale } from '../../i18n/locale.ts';

export type PledgeStatus = 'pending' | 'succeeded' | 'failed' | 'canceled';

export interface Pledge {
  id: string;
  campaign: string;
  amountCents: Cents;
  mode: 'demo' | 'stripe';
  status: PledgeStatus;
  refundedCents: Cents;
  paymentIntentId: string | null;
  requestHash: string | null;
}

interface PledgeRow {
  id: string;
  campaign: string;
  amount_cents: number;
  mode: 'demo' | 'stripe';
  status: PledgeStatus;
  refunded_cents: number;
  payment_intent_id: string | null;
  request_hash: string | null;
}

const toPledge = (row: PledgeRow): Pledge => ({
  id: row.id,
  campaign: row.campaign,
  amountCents: row.amount_cents,
  mode: row.mode,
  status: row.status,
  refundedCents: row.refunded_cents,
  paymentIntentId: row.payment_intent_id,
  requestHash: row.request_hash,
});

const COLUMNS = 'id, campaign, amount_cents, mode, status, refunded_cents, payment_intent_id, request_hash';

export async function insertPledge(
  db: Queryable,
  pledge: { id: string; mode: 'demo' | 'stripe'; request: PledgeRequest; idempotencyKey: string | null; requestHash: string },
): Promise<Pledge> {
  const { request } = pledge;
  const { rows } = await db.query<PledgeRow>(
    `INSERT INTO pledges (id, campaign, amount_cents, mode, status, donor_name, donor_email, anonymous, tax_code,
                          message, show_message, locale, idempotency_key, request_hash, updates_consent, updates_token)
     VALUES ($1, $2, $3, $4, 'pending', $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
     RETURNING ${COLUMNS}`,
    [
      pledge.id,
      request.campaign,
      request.amountCents,
      pledge.mode,
      request.donor.anonymous ? null : (request.donor.name ?? null),
      request.donor.email,
      request.donor.anonymous,
      request.donor.taxCode ?? null,
      request.message ?? null,
      request.showMessage,
      request.locale,
      pledge.idempotencyKey,
      pledge.requestHash,
      request.consent.updates,
      // The one-click unsubscribe link's token: it can only stop the news, so it is kept as it is.
      request.consent.updates ? randomBytes(24).toString('base64url') : null,
    ],
  );
  return toPledge(rows[0]!);
}

// NO KEY UPDATE: exclusive among writers of the pledge, yet it lets another transaction insert rows that
// reference the pledge (ledger entries, refunds owed at closing), whose foreign-key check would otherwise
// wait for this lock while this transaction waits for the campaign row that one holds.
const LOCK = ' FOR NO KEY UPDATE';

export async function findPledge(db: Queryable, id: string, options: { forUpdate?: boolean } = {}): Promise<Pledge | null> {
  const { rows } = await db.query<PledgeRow>(`SELECT ${COLUMNS} FROM pledges WHERE id = $1${options.forUpdate ? LOCK : ''}`, [id]);
  return rows[0] ? toPledge(rows[0]) : null;
}

/** Level 1 of the ledger's lock order, without waiting: false when another transaction holds the donation now. */
export async function lockPledgeIfFree(tx: Queryable, id: string): Promise<boolean> {
  const { rows } = await tx.query(`SELECT id FROM pledges WHERE id = $1${LOCK} SKIP LOCKED`, [id]);
  return rows.length > 0;
}

export async function findPledgeByIdempotencyKey(db: Queryable, key: string): Promise<Pledge | null> {
  const { rows } = await db.query<PledgeRow>(`SELECT ${COLUMNS} FROM pledges WHERE idempotency_key = $1`, [key]);
  return rows[0] ? toPledge(rows[0]) : null;
}

export async function findPledgeByPaymentIntent(
  db: Queryable,
  paymentIntentId: string,
  options: { forUpdate?: boolean } = {},
): Promise<Pledge | null> {
  const { rows } = await db.query<PledgeRow>(
    `SELECT ${COLUMNS} FROM pledges WHERE payment_intent_id = $1${options.forUpdate ? LOCK : ''}`,
    [paymentIntentId],
  );
  return rows[0] ? toPledge(rows[0]) : null;
}

export async function attachPaymentIntent(db: Queryable, pledgeId: string, paymentIntentId: string): Promise<void> {
  await db.query('UPDATE pledges SET payment_intent_id = $2, updated_at = now() WHERE id = $1', [pledgeId, paymentIntentId]);
}

/** Names the PaymentIntent a webhook reports for a donation that had none yet; never replaces one. */
export async function fillPaymentIntent(db: Queryable, pledgeId: string, paymentIntentId: string): Promise<void> {
  await db.query('UPDATE pledges SET payment_intent_id = $2 WHERE id = $1 AND payment_intent_id IS NULL', [pledgeId, paymentIntentId]);
}

export async function setPledgeStatus(db: Queryable, pledgeId: string, status: PledgeStatus): Promise<void> {
  await db.query(
    `UPDATE pledges SET status = $2, updated_at = now(),
            succeeded_at = CASE WHEN $2 = 'succeeded' THEN COALESCE(succeeded_at, now()) ELSE succeeded_at END
      WHERE id = $1`,
    [pledgeId, status],
  );
}

export async function setRefunded(db: Queryable, pledgeId: string, refundedCents: Cents): Promise<void> {
  await db.query('UPDATE pledges SET refunded_cents = $2, updated_at = now() WHERE id = $1', [pledgeId, refundedCents]);
}

/**
 * A succeeded payment whose pending row is missing (lost, or created elsewhere): recorded from what
 * the payment itself says, without personal data, which the receipt e-mail at Stripe still holds.
 */
export async function insertPledgeFromPayment(
  db: Queryable,
  pledge: { id: string; campaign: string; amountCents: Cents; paymentIntentId: string },
): Promise<Pledge> {
  const { rows } = await db.query<PledgeRow>(
    `INSERT INTO pledges (id, campaign, amount_cents, mode, status, anonymous, payment_intent_id)
     VALUES ($1, $2, $3, 'stripe', 'pending', true, $4)
     ON CONFLICT (id) DO UPDATE SET payment_intent_id = COALESCE(pledges.payment_intent_id, EXCLUDED.payment_intent_id)
     RETURNING ${COLUMNS}`,
    [pledge.id, pledge.campaign, pledge.amountCents, pledge.paymentIntentId],
  );
  return toPledge(rows[0]!);
}

/** What the organisation needs to issue an art. 83 receipt: who gave how much, when, under which tax code. */
export interface ReceiptRow {
  id: string;
  campaign: string;
  amountCents: Cents;
  refundedCents: Cents;
  donorName: string | null;
  taxCode: string;
  locale: string | null;
  paymentIntentId: string | null;
  paidAt: Date;
}

/**
 * Succeeded pledges with a tax code. The paid instant is `succeeded_at` where the ledger's migration has
 * added it, otherwise the last update of the row, which for a succeeded pledge is the moment it succeeded.
 */
export async function findReceiptRows(db: Queryable, filter: { pledgeId?: string; campaign?: string }): Promise<ReceiptRow[]> {
  const { rows } = await db.query<{
    id: string;
    campaign: string;
    amount_cents: string | number;
    refunded_cents: string | number;
    donor_name: string | null;
    tax_code: string;
    locale: string | null;
    payment_intent_id: string | null;
    paid_at: Date;
  }>(
    // to_jsonb reads succeeded_at by name, so this query runs with or without that column.
    `SELECT id, campaign, amount_cents, refunded_cents, donor_name, tax_code, locale, payment_intent_id,
            COALESCE((to_jsonb(pledges) ->> 'succeeded_at')::timestamptz, updated_at) AS paid_at
       FROM pledges
      WHERE status = 'succeeded' AND tax_code IS NOT NULL
        AND ($1::uuid IS NULL OR id = $1::uuid) AND ($2::text IS NULL OR campaign = $2)
      ORDER BY paid_at, id`,
    [filter.pledgeId ?? null, filter.campaign ?? null],
  );
  return rows.map((row) => ({
    id: row.id,
    campaign: row.campaign,
    amountCents: Number(row.amount_cents),
    refundedCents: Number(row.refunded_cents),
    donorName: row.donor_name,
    taxCode: row.tax_code,
    locale: row.locale,
    paymentIntentId: row.payment_intent_id,
    paidAt: row.paid_at,
  }));
}

/** Who to write to about a donation; null when the donor gave no address or was forgotten. */
export interface DonorContact {
  pledgeId: string;
  campaign: string;
  amountCents: Cents;
  email: string;
  name: string | null;
  locale: Locale;
  /** The donor gave a tax code, so the donation is due an art. 83 receipt. */
  gaveTaxCode: boolean;
}

export async function findDonorContact(db: Queryable, pledgeId: string): Promise<DonorContact | null> {
  const { rows } = await db.query<{
    id: string;
    campaign: string;
    amount_cents: number;
    donor_email: string | null;
    donor_name: string | null;
    locale: string | null;
    gave_tax_code: boolean;
  }>(
    'SELECT id, campaign, amount_cents, donor_email, donor_name, locale, tax_code IS NOT NULL AS gave_tax_code FROM pledges WHERE id = $1',
    [pledgeId],
  );
  const row = rows[0];
  if (!row?.donor_email) return null;
  return {
    pledgeId: row.id,
    campaign: row.campaign,
    amountCents: row.amount_cents,
    email: row.donor_email,
    name: row.donor_name,
    locale: row.locale === 'en' ? 'en' : 'it',
    gaveTaxCode: row.gave_tax_code,
  };
}

/** Every address that gave to the campaign and still counts, once each, in the language of its latest donation. */
export async function donorsOfCampaign(
  db: Queryable,
  campaign: string,
): Promise<Array<{ email: string; locale: Locale; pledgeId: string }>> {
  const { rows } = await db.query<{ donor_email: string; locale: string | null; id: string }>(
    `SELECT DISTINCT ON (lower(donor_email)) donor_email, locale, id
       FROM pledges WHERE campaign = $1 AND status = 'succeeded' AND donor_email IS NOT NULL
      ORDER BY lower(donor_email), created_at DESC`,
    [campaign],
  );
  return rows.map((row) => ({ email: row.donor_email, locale: row.locale === 'en' ? 'en' : 'it', pledgeId: row.id }));
}

/** One address per donor who asked for the campaign's news and still wants it, with the token of its unsubscribe link. */
export async function updateSubscribers(
  db: Queryable,
  campaign: string,
): Promise<Array<{ email: string; locale: Locale; pledgeId: string; token: string }>> {
  const { rows } = await db.query<{ donor_email: string; locale: string | null; id: string; updates_token: string }>(
    `SELECT DISTINCT ON (lower(donor_email)) donor_email, locale, id, updates_token
       FROM pledges
      WHERE campaign = $1 AND status = 'succeeded' AND donor_email IS NOT NULL AND updates_consent AND updates_token IS NOT NULL
      ORDER BY lower(donor_email), created_at DESC`,
    [campaign],
  );
  return rows.map((row) => ({
    email: row.donor_email,
    locale: row.locale === 'en' ? 'en' : 'it',
    pledgeId: row.id,
    token: row.updates_token,
  }));
}

/** The one-click unsubscribe: the news of that campaign stops for that address, whichever of its donations the link came from. */
export async function unsubscribeFromUpdates(db: Queryable, token: string): Promise<{ campaign: string } | null> {
  const { rows } = await db.query<{ campaign: string }>(
    `UPDATE pledges SET updates_consent = false, updated_at = now()
      WHERE updates_token IS NOT NULL AND campaign = (SELECT campaign FROM pledges WHERE updates_token = $1)
        AND lower(donor_email) = (SELECT lower(donor_email) FROM pledges WHERE updates_token = $1)
      RETURNING campaign`,
    [token],
  );
  return rows[0] ? { campaign: rows[0].campaign } : null;
}
