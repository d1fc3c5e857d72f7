/** What the organisation's accounts need of a campaign's donations, and forgetting a donor on request. */
import { z } from 'astro/zod';
import { DomainError } from '../../domain/errors.ts';
import { plainText } from '../../domain/text.ts';
import type { Cents } from '../../domain/money.ts';
import type { App } from '../app.ts';
import { withTransaction, type Db } from '../db/pool.ts';
import { isPledgeId } from '../pledges/service.ts';
import { findLiveCampaign } from '../services/campaigns.ts';
import { eraseMessages } from '../mail/outbox.ts';
import type { Cell } from '../http/csv.ts';

export const DONATION_COLUMNS = [
  'pledge_id',
  'created_at',
  'succeeded_at',
  'status',
  'amount_cents',
  'amount_eur',
  'refunded_cents',
  'net_cents',
  'net_eur',
  'donor_name',
  'anonymous',
  'donor_email',
  'tax_code',
  'message',
  'show_message',
  'payment_intent_id',
  'closing_refund',
  'erased_at',
] as const;

interface DonationRow {
  id: string;
  created_at: Date;
  succeeded_at: Date | null;
  status: string;
  amount_cents: number;
  refunded_cents: number;
  donor_name: string | null;
  anonymous: boolean;
  donor_email: string | null;
  tax_code: string | null;
  message: string | null;
  show_message: boolean;
  payment_intent_id: string | null;
  closing_refund: string | null;
  erased_at: Date | null;
}

/** Euros with a decimal comma, as Italian spreadsheets and accountants read them; cents stay exact beside. */
const euros = (cents: Cents) =>
  `${cents < 0 ? '-' : ''}${Math.floor(Math.abs(cents) / 100)},${String(Math.abs(cents) % 100).padStart(2, '0')}`;

/** Every pledge of the campaign with its donor, oldest first; pending and failed ones too, marked so. */
export async function donationRows(app: App, slug: string): Promise<Cell[][]> {
  findLiveCampaign(app.catalog, slug);
  const { rows } = await app.db().query<DonationRow>(
    `SELECT p.id, p.created_at, p.succeeded_at, p.status, p.amount_cents, p.refunded_cents, p.donor_name, p.anonymous,
            p.donor_email, p.tax_code, p.message, p.show_message, p.payment_intent_id, r.status AS closing_refund, p.erased_at
       FROM pledges p LEFT JOIN closing_refunds r ON r.pledge_id = p.id
      WHERE p.campaign = $1
      ORDER BY p.created_at, p.id`,
    [slug],
  );
  return rows.map((row) => {
    const net = row.status === 'succeeded' ? row.amount_cents - row.refunded_cents : 0;
    return [
      row.id,
      row.created_at.toISOString(),
      row.succeeded_at?.toISOString() ?? '',
      row.status,
      row.amount_cents,
      euros(row.amount_cents),
      row.refunded_cents,
      net,
      euros(net),
      row.donor_name,
      row.anonymous,
      row.donor_email,
      row.tax_code,
      row.message,
      row.show_message,
      row.payment_intent_id,
      row.closing_refund,
      row.erased_at?.toISOString() ?? '',
    ];
  });
}

export interface ForgetRequest {
  email?: string;
  pledgeId?: string;
}

const forgetSchema = z
  .object({
    email: plainText({ max: 254 })
      .pipe(z.string().regex(/^[^\s@]+@[^\s@]+$/, { error: 'is not an e-mail address' }))
      .optional(),
    pledgeId: z.string().trim().refine(isPledgeId, { error: 'is not a pledge id' }).optional(),
  })
  .refine((value) => !value.email !== !value.pledgeId, { error: 'Send exactly one of email or pledgeId.' });

export function parseForgetRequest(body: unknown): ForgetRequest {
  const result = forgetSchema.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const field = issue.path.join('.');
    throw new DomainError('invalid_body', field ? `${field} ${issue.message}.` : issue.message, field || undefined);
  }
  const { email, pledgeId } = result.data;
  return email ? { email } : { pledgeId: pledgeId! };
}

/**
 * Erases the donor's personal data from every donation they made (all of them, by e-mail, or one by
 * id) while amounts, statuses and every total stay as they are: the ledger holds no personal data.
 * The hash of the original request goes too, since it was computed over the donor's details; so do
 * the address and content of every message about those donations or to that address, queued or sent.
 */
export async function forgetDonor(
  db: Db,
  request: ForgetRequest,
  now: Date = new Date(),
): Promise<{ erased: number; pledgeIds: string[]; messagesErased: number }> {
  return withTransaction(db, async (tx) => {
    const { rows } = await tx.query<{ id: string; donor_email: string | null }>(
      `WITH old AS (
         SELECT id, donor_email FROM pledges WHERE ${request.email ? 'lower(donor_email) = lower($1)' : 'id = $1::uuid'} FOR UPDATE
       )
       UPDATE pledges p
          SET donor_name = NULL, donor_email = NULL, tax_code = NULL, message = NULL, show_message = false, anonymous = true,
              locale = NULL, request_hash = NULL, updates_consent = false, updates_token = NULL, erased_at = now(), updated_at = now()
         FROM old WHERE p.id = old.id
        RETURNING p.id, old.donor_email`,
      [request.email ?? request.pledgeId],
    );
    const emails = [
      ...new Set([...(request.email ? [request.email] : []), ...rows.flatMap((row) => (row.donor_email ? [row.donor_email] : []))]),
    ];
    const messagesErased = await eraseMessages(tx, { pledgeIds: rows.map((row) => row.id), emails }, now);
    return { erased: rows.length, pledgeIds: rows.map((row) => row.id).sort(), messagesErased };
  });
}
