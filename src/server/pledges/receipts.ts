/**
 * Data for the receipts that let a donor deduct a gift to a third-sector organisation (art. 83 D.Lgs.
 * 117/2017). Stripe e-mails the payment receipt; the tax receipt is the organisation's, from these records.
 * Only donors who gave a tax code appear, and only once their payment has succeeded (through the webhook).
 */
import type { App } from '../app.ts';
import { findReceiptRows, type ReceiptRow } from './repository.ts';
import { isPledgeId } from './service.ts';

export interface Art83Receipt {
  pledgeId: string;
  campaign: { slug: string; title: string };
  /** The organisations that receive the gift and issue the receipt (slugs of the content files). */
  organisations: string[];
  donor: { name: string | null; taxCode: string };
  /** Net of refunds: a refunded gift is not deductible. */
  amountCents: number;
  paidAt: string;
  /** A traceable payment is a condition of the relief; this is its reference at Stripe. */
  paymentReference: string | null;
}

function toReceipt(app: App, row: ReceiptRow): Art83Receipt {
  const campaign = app.catalog.campaigns[row.campaign];
  return {
    pledgeId: row.id,
    campaign: { slug: row.campaign, title: campaign?.title ?? row.campaign },
    organisations: campaign?.organisations ?? [],
    donor: { name: row.donorName, taxCode: row.taxCode },
    amountCents: row.amountCents - row.refundedCents,
    paidAt: row.paidAt.toISOString(),
    paymentReference: row.paymentIntentId,
  };
}

export async function art83Receipt(app: App, pledgeId: string): Promise<Art83Receipt | null> {
  if (!isPledgeId(pledgeId)) return null;
  const [row] = await findReceiptRows(app.db(), { pledgeId });
  return row && row.amountCents > row.refundedCents ? toReceipt(app, row) : null;
}

export async function art83Receipts(app: App, campaign: string): Promise<Art83Receipt[]> {
  const rows = await findReceiptRows(app.db(), { campaign });
  return rows.filter((row) => row.amountCents > row.refundedCents).map((row) => toReceipt(app, row));
}
