/**
 * Art. 83 receipts as documents: issued in the payee organisation's name for every succeeded donation
 * with a tax code, numbered per organisation and year of payment without gaps, voided (never renumbered)
 * when a refund comes after issue. A receipt is issued the first time anyone asks for it (the donor's
 * link, the admin's PDF, the organisation's yearly list), in the transaction that takes its number.
 */
import type { CatalogOrganisation } from '../../content/catalog.ts';
import { DomainError } from '../../domain/errors.ts';
import { formatMoney } from '../../i18n/format.ts';
import { receiptDocument, receiptNumber, receiptYear, type ReceiptIssuer } from '../../domain/receipt.ts';
import type { App } from '../app.ts';
import { withTransaction } from '../db/pool.ts';
import type { Cell } from '../http/csv.ts';
import { findPledge, findReceiptRows } from '../pledges/repository.ts';
import { isPledgeId } from '../pledges/service.ts';
import { isReceiptToken } from './link.ts';
import { renderReceiptPdf } from './pdf.ts';
import { donationsAwaitingReceipt, insertReceipt, latestReceipt, receiptsOf, takeNextNumber, type StoredReceipt } from './repository.ts';
import type { Locale } from '../../i18n/locale.ts';

const issuerOf = (organisation: CatalogOrganisation): ReceiptIssuer | null =>
  organisation.taxCode
    ? {
        name: organisation.legalName,
        legalForm: organisation.legalForm,
        taxCode: organisation.taxCode,
        runtsNumber: organisation.runtsNumber,
        address: organisation.registeredAddress,
        email: organisation.email,
      }
    : null;

/**
 * The donation's receipt, issuing it if it is due and has none valid: null when none is due (no tax code,
 * not succeeded, or an organisation without a public tax code cannot issue one) and none was ever issued.
 */
export async function receiptFor(app: App, pledgeId: string): Promise<StoredReceipt | null> {
  if (!isPledgeId(pledgeId)) return null;
  return withTransaction(app.db(), async (tx) => {
    // The donation's row first, as refunds take it: a refund and an issue of the same donation take turns.
    const pledge = await findPledge(tx, pledgeId, { forUpdate: true });
    if (!pledge) return null;
    const existing = await latestReceipt(tx, pledgeId);
    if (existing && !existing.voidedAt) return existing;
    const [row] = await findReceiptRows(tx, { pledgeId });
    const campaign = app.catalog.campaigns[pledge.campaign];
    const organisation = campaign && app.catalog.organisations[campaign.payee];
    const issuer = organisation && issuerOf(organisation);
    if (!row || row.amountCents <= row.refundedCents || !campaign || !issuer) return existing;
    const year = receiptYear(row.paidAt);
    const number = await takeNextNumber(tx, campaign.payee, year);
    return insertReceipt(tx, {
      organisation: campaign.payee,
      year,
      number,
      pledgeId,
      campaign: pledge.campaign,
      campaignTitle: campaign.title,
      amountCents: row.amountCents - row.refundedCents,
      donorName: row.donorName,
      donorTaxCode: row.taxCode,
      locale: row.locale === 'en' ? 'en' : 'it',
      issuer,
      paidAt: row.paidAt,
      // Demo mode moved no money: the receipt says so instead of naming a payment that never happened.
      paymentReference: row.paymentIntentId ?? `pagamento simulato (modalità dimostrativa) ${pledgeId}`,
      issuedAt: app.now(),
    });
  });
}

export async function receiptPdf(receipt: StoredReceipt, locale: Locale = receipt.locale): Promise<Uint8Array> {
  return renderReceiptPdf(
    receiptDocument(
      {
        year: receipt.year,
        sequence: receipt.number,
        issuer: receipt.issuer,
        donor: { name: receipt.donorName, taxCode: receipt.donorTaxCode },
        amountCents: receipt.amountCents,
        campaignTitle: receipt.campaignTitle,
        paidAt: receipt.paidAt,
        issuedAt: receipt.issuedAt,
        paymentReference: receipt.paymentReference,
        voidedAt: receipt.voidedAt,
      },
      locale,
    ),
  );
}

const notAvailable = () => new DomainError('receipt_not_available', 'There is no receipt at this address.');

/** `GET /api/receipts/{pledgeId}.pdf?token=...`: 404 for a wrong token as for a donation without a receipt. */
export async function donorReceipt(app: App, pledgeId: string, token: string | null): Promise<{ receipt: StoredReceipt; pdf: Uint8Array }> {
  if (!isReceiptToken(app.config.receiptSecret, pledgeId, token)) throw notAvailable();
  const receipt = await receiptFor(app, pledgeId);
  if (!receipt) throw notAvailable();
  return { receipt, pdf: await receiptPdf(receipt) };
}

export async function adminReceipt(app: App, pledgeId: string, lang: string | null): Promise<{ receipt: StoredReceipt; pdf: Uint8Array }> {
  const receipt = await receiptFor(app, pledgeId);
  if (!receipt) throw notAvailable();
  const locale = lang === 'en' || lang === 'it' ? lang : receipt.locale;
  return { receipt, pdf: await receiptPdf(receipt, locale) };
}

export const receiptFileName = (receipt: StoredReceipt) => `ricevuta-${receipt.organisation}-${receipt.year}-${receipt.number}.pdf`;

export const RECEIPT_COLUMNS = [
  'number',
  'year',
  'status',
  'issued_at',
  'voided_at',
  'pledge_id',
  'campaign',
  'donor_name',
  'donor_tax_code',
  'amount_cents',
  'amount_eur',
  'paid_at',
  'payment_reference',
] as const;

/**
 * The organisation's register of receipts for a year (all years without one). Donations still awaiting
 * their receipt are issued first, oldest payment first, so the list is complete whoever asked before.
 */
export async function receiptRows(app: App, organisation: string, yearParam: string | null): Promise<Cell[][]> {
  if (!Object.hasOwn(app.catalog.organisations, organisation))
    throw new DomainError('organisation_not_found', `No organisation "${organisation}".`);
  const year = yearParam === null || yearParam === '' ? null : /^\d{4}$/.test(yearParam) ? Number(yearParam) : Number.NaN;
  if (Number.isNaN(year)) throw new DomainError('invalid_body', 'year must be a year, e.g. 2027.', 'year');
  const campaigns = Object.values(app.catalog.campaigns)
    .filter((c) => c.payee === organisation)
    .map((c) => c.slug);
  for (const pledgeId of await donationsAwaitingReceipt(app.db(), campaigns)) await receiptFor(app, pledgeId);
  const euros = (cents: number) => formatMoney(cents, 'it').replace(/\s?€$/, '');
  return (await receiptsOf(app.db(), organisation, year)).map((r) => [
    receiptNumber(r.year, r.number),
    r.year,
    r.voidedAt ? 'void' : 'valid',
    r.issuedAt.toISOString(),
    r.voidedAt?.toISOString() ?? '',
    r.pledgeId,
    r.campaign,
    r.donorName,
    r.donorTaxCode,
    r.amountCents,
    euros(r.amountCents),
    r.paidAt.toISOString(),
    r.paymentReference,
  ]);
}
