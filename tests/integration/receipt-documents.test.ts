/**
 * Art. 83 receipts as PDF documents: issued in the payee's name, numbered per organisation and year with
 * no gap under concurrency, voided (same number) by a refund after issue, behind a signed link for the
 * donor, and listed for the organisation. The PDFs' text is extracted and read, as a person would.
 */
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/server/app.ts';
import { adminApi, getDonorReceipt, postPledge, postStripeWebhook } from '../../src/server/http/routes.ts';
import { donorReceiptUrl, receiptToken } from '../../src/server/receipts/link.ts';
import { freshDatabase, type TestDatabase } from '../support/database.ts';
import { jsonRequest, pledgeBody, testApp, testCall, testCampaign, testCatalog, testOrganisation, stripePayments } from '../support/app.ts';
import { startFakeStripe, type FakeStripe } from '../support/fake-stripe.ts';
import { readyPayee } from '../support/payees.ts';
import { chargeRefundedEvent, stripeEvent, webhookDelivery } from '../support/stripe-events.ts';

const WEBHOOK_SECRET = 'whsec_receipts_documents';
const RECEIPT_SECRET = 'receipt-secret-for-the-documents-test-0123456789';
const ADMIN_TOKEN = 'admin-token-for-the-receipt-tests';
const PAID_AT = '2027-01-15T10:00:00Z';
const DONOR_TAX_CODE = 'RSSMRA85T10A562S';

const call = testCall();
const catalog = testCatalog(
  [call],
  [
    testCampaign(call, 'orti', { title: 'Orti condivisi', organisations: ['filo-verde', 'ponti'] }),
    testCampaign(call, 'senza-cf', { organisations: ['storica'] }),
  ],
  [],
  [
    testOrganisation('filo-verde', {
      legalName: 'Filo Verde Società Cooperativa Sociale',
      taxCode: '11111111115',
      runtsNumber: 'RUNTS-4242',
    }),
    // A real historical organisation whose tax code is not public: it cannot issue receipts here.
    testOrganisation('storica', { taxCode: null }),
  ],
);

let database: TestDatabase;
let stripe: FakeStripe;
let app: App;
let ip = 0;

beforeAll(async () => {
  database = await freshDatabase({ poolSize: 24 });
  stripe = await startFakeStripe();
  app = testApp({
    db: database.db,
    catalog,
    config: {
      payments: stripePayments(stripe.apiBase),
      webhookSecret: WEBHOOK_SECRET,
      receiptSecret: RECEIPT_SECRET,
      adminToken: ADMIN_TOKEN,
    },
  });
});
afterAll(async () => {
  await database.close();
  await stripe.close();
});
beforeEach(async () => {
  stripe.reset();
  await readyPayee(app, stripe, 'filo-verde');
  await readyPayee(app, stripe, 'storica');
  // Receipts and their counters refuse DELETE; a test starts from none.
  await database.db.query(
    'TRUNCATE pledges, ledger_entries, campaign_totals, call_pools, stripe_events, rate_limits, receipt_counters CASCADE',
  );
});

async function deliver(event: object): Promise<void> {
  const { body, headers } = webhookDelivery(event as never, WEBHOOK_SECRET);
  const response = await postStripeWebhook(app, new Request('http://localhost/api/stripe/webhook', { method: 'POST', headers, body }));
  expect(response.status).toBe(200);
}

async function paidDonation(
  amountCents: number,
  options: { campaign?: string; taxCode?: string | null; locale?: 'it' | 'en'; paidAt?: string } = {},
) {
  const donor = {
    name: 'Ada Lovelace',
    email: `ada+${ip + 1}@example.org`,
    anonymous: false,
    ...(options.taxCode !== null && { taxCode: options.taxCode ?? DONOR_TAX_CODE }),
  };
  const response = await postPledge(
    app,
    jsonRequest('/api/pledges', pledgeBody(options.campaign ?? 'orti', amountCents, { donor, locale: options.locale ?? 'it' })),
    `192.0.2.${++ip % 250}-${ip}`,
  );
  expect(response.status).toBe(201);
  const { pledgeId } = (await response.json()) as { pledgeId: string };
  const { payment_intent_id: paymentIntentId } = (
    await database.db.query('SELECT payment_intent_id FROM pledges WHERE id = $1', [pledgeId])
  ).rows[0] as { payment_intent_id: string };
  await deliver(stripeEvent('payment_intent.succeeded', stripe.succeed(paymentIntentId)));
  // The payment instant is pinned, so the receipt's year does not depend on the day the test runs.
  await database.db.query('UPDATE pledges SET succeeded_at = $2 WHERE id = $1', [pledgeId, options.paidAt ?? PAID_AT]);
  return { pledgeId, paymentIntentId };
}

const donorGet = (pledgeId: string, token: string | null = receiptToken(RECEIPT_SECRET, pledgeId), target: App = app) =>
  getDonorReceipt(target, new Request(`http://localhost/api/receipts/${pledgeId}.pdf${token === null ? '' : `?token=${token}`}`), {
    file: `${pledgeId}.pdf`,
  });

const adminGet = (path: string) =>
  adminApi(app, new Request(`http://localhost${path}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }), {
    slug: path.split('/')[4],
    pledgeId: path.split('/')[4],
  });

async function pdfText(response: Response): Promise<string> {
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/pdf');
  const bytes = new Uint8Array(await response.arrayBuffer());
  expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
  const { text } = await extractText(await getDocumentProxy(bytes), { mergePages: true });
  return text.replace(/\s+/g, ' ');
}

describe('the donor’s receipt', () => {
  it('is a PDF in the payee’s name with both tax codes, the amount in figures and words, the payment reference and the art. 83 wording', async () => {
    const { pledgeId, paymentIntentId } = await paidDonation(12_050);
    const started = performance.now();
    const response = await donorGet(pledgeId);
    const issueMs = performance.now() - started;
    const size = (await response.clone().arrayBuffer()).byteLength;
    console.log(`receipt: first request (number taken, row written, PDF rendered) ${issueMs.toFixed(1)} ms, ${size} bytes`);
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    const text = await pdfText(response);
    expect(text).toContain('Filo Verde Società Cooperativa Sociale');
    expect(text).toContain('Codice fiscale: 11111111115');
    expect(text).toContain('RUNTS n. RUNTS-4242');
    expect(text).toContain(DONOR_TAX_CODE);
    expect(text).toContain('Ada Lovelace');
    expect(text).toMatch(/120,50\s€/);
    expect(text).toContain('euro centoventi/50');
    expect(text).toContain('Ricevuta n. 1/2027');
    expect(text).toContain(paymentIntentId);
    expect(text).toContain('15 gennaio 2027');
    expect(text).toMatch(/art\. 83 del D\.Lgs\. 3 luglio 2017, n\. 117/);
    expect(text).not.toContain('ANNULLATA');
  });

  it('is in English for a donor who gave in English', async () => {
    const { pledgeId } = await paidDonation(2_500, { locale: 'en' });
    const text = await pdfText(await donorGet(pledgeId));
    expect(text).toContain('Receipt for a charitable donation');
    expect(text).toContain('Receipt no. 1/2027');
    expect(text).toContain('twenty-five euros');
    expect(text).toContain('Tax code: 11111111115');
  });

  it('answers 404, the same for every case, without a valid token, without a receipt due, or without RECEIPT_SECRET', async () => {
    const { pledgeId } = await paidDonation(2_500);
    const other = await paidDonation(3_000);
    const noTaxCode = await paidDonation(2_500, { taxCode: null });
    const notIssuable = await paidDonation(2_500, { campaign: 'senza-cf' });
    const unconfigured = testApp({ db: database.db, catalog, config: { ...app.config, receiptSecret: undefined } });
    const answers = [
      await donorGet(pledgeId, null),
      await donorGet(pledgeId, 'x'.repeat(43)),
      await donorGet(pledgeId, receiptToken(RECEIPT_SECRET, other.pledgeId)),
      await donorGet(pledgeId, receiptToken('another-secret-another-secret-another', pledgeId)),
      await donorGet(noTaxCode.pledgeId),
      await donorGet(notIssuable.pledgeId),
      await donorGet('00000000-0000-4000-8000-000000000000'),
      await donorGet(pledgeId, receiptToken(RECEIPT_SECRET, pledgeId), unconfigured),
    ];
    expect(answers.map((r) => r.status)).toEqual(Array(8).fill(404));
    expect(await answers[0]!.json()).toEqual({ error: { code: 'receipt_not_available', message: expect.any(String) } });
    expect((await database.db.query('SELECT count(*)::int AS n FROM receipts')).rows[0]).toEqual({ n: 0 });
  });

  it('builds the link the thank-you e-mail carries', async () => {
    const { pledgeId } = await paidDonation(2_500);
    const url = donorReceiptUrl(app.config, pledgeId, 'https://crowdfunding.comune.example/')!;
    expect(url).toBe(`https://crowdfunding.comune.example/api/receipts/${pledgeId}.pdf?token=${receiptToken(RECEIPT_SECRET, pledgeId)}`);
    expect(donorReceiptUrl({ receiptSecret: undefined }, pledgeId, 'https://x.example')).toBeNull();
    const { pathname, searchParams } = new URL(url);
    expect((await donorGet(pathname.split('/').pop()!.replace('.pdf', ''), searchParams.get('token'))).status).toBe(200);
  });
});

describe('receipt numbers', () => {
  it('stay gap-free and unique under 20 concurrent requests, and one donation asked for twice at once gets one number', async () => {
    const donations = [];
    for (let i = 0; i < 20; i++) donations.push(await paidDonation(1_000 + i));
    const requests = [...donations.map((d) => donorGet(d.pledgeId)), donorGet(donations[0]!.pledgeId), donorGet(donations[1]!.pledgeId)];
    const started = performance.now();
    const responses = await Promise.all(requests);
    console.log(`receipts: 22 concurrent requests for 20 donations answered in ${(performance.now() - started).toFixed(0)} ms`);
    expect(responses.map((r) => r.status)).toEqual(Array(22).fill(200));
    const { rows } = await database.db.query<{ number: number; pledge_id: string }>(
      "SELECT number, pledge_id FROM receipts WHERE organisation = 'filo-verde' AND year = 2027 ORDER BY number",
    );
    expect(rows.map((row) => row.number)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(new Set(rows.map((row) => row.pledge_id)).size).toBe(20);
    expect(
      (await database.db.query("SELECT last_number FROM receipt_counters WHERE organisation = 'filo-verde' AND year = 2027")).rows,
    ).toEqual([{ last_number: 20 }]);
  });
});

describe('a refund after issue', () => {
  it('voids the receipt under the same number; a partial one leaves the rest to a new receipt with the next number', async () => {
    const full = await paidDonation(2_500);
    const partial = await paidDonation(4_000);
    expect(await pdfText(await donorGet(full.pledgeId))).toContain('Ricevuta n. 1/2027');
    expect(await pdfText(await donorGet(partial.pledgeId))).toContain('Ricevuta n. 2/2027');

    await app.stripe()!.refunds.create({ payment_intent: full.paymentIntentId });
    await deliver(chargeRefundedEvent(stripe.charges.get(stripe.paymentIntents.get(full.paymentIntentId)!.latest_charge!)!));
    const voided = await pdfText(await donorGet(full.pledgeId));
    expect(voided).toMatch(/RICEVUTA ANNULLATA il \d+ \w+ \d{4}/);
    expect(voided).toContain('Ricevuta n. 1/2027');

    await app.stripe()!.refunds.create({ payment_intent: partial.paymentIntentId, amount: 1_000 });
    await deliver(chargeRefundedEvent(stripe.charges.get(stripe.paymentIntents.get(partial.paymentIntentId)!.latest_charge!)!));
    const reissued = await pdfText(await donorGet(partial.pledgeId));
    expect(reissued).toContain('Ricevuta n. 3/2027');
    expect(reissued).toContain('euro trenta/00');
    expect(reissued).not.toContain('ANNULLATA');

    const csv = await adminGet('/api/admin/organisations/filo-verde/receipts.csv?year=2027');
    expect(csv.status).toBe(200);
    const lines = (await csv.text())
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe(
      'number,year,status,issued_at,voided_at,pledge_id,campaign,donor_name,donor_tax_code,amount_cents,amount_eur,paid_at,payment_reference',
    );
    expect(lines.slice(1).map((line) => line.split(',').slice(0, 3).join(','))).toEqual([
      '1/2027,2027,void',
      '2/2027,2027,void',
      '3/2027,2027,valid',
    ]);
  });
});

describe('for the organisation and the city', () => {
  it('the register issues what is still due, in order of payment, and filters by year', async () => {
    const second = await paidDonation(3_500, { paidAt: '2027-01-15T11:00:00Z' });
    const first = await paidDonation(2_500, { paidAt: '2027-01-15T09:00:00Z' });
    // 23:30 on New Year's Eve in Venice: a gift of 2026, numbered in 2026's own sequence.
    const lastYear = await paidDonation(4_500, { paidAt: '2026-12-31T22:30:00Z' });
    await paidDonation(1_500, { taxCode: null });
    const csv = await adminGet('/api/admin/organisations/filo-verde/receipts.csv?year=2027');
    const rows = (await csv.text())
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n')
      .slice(1)
      .map((line) => line.split(','));
    expect(rows.map((r) => [r[0], r[5], r[8], r[9]])).toEqual([
      ['1/2027', first.pledgeId, DONOR_TAX_CODE, '2500'],
      ['2/2027', second.pledgeId, DONOR_TAX_CODE, '3500'],
    ]);
    const earlier = (await (await adminGet('/api/admin/organisations/filo-verde/receipts.csv?year=2026')).text())
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n')
      .slice(1);
    expect(earlier.map((line) => line.split(',').slice(0, 6))).toEqual([
      ['1/2026', '2026', 'valid', expect.any(String), '', lastYear.pledgeId],
    ]);
    expect((await adminGet('/api/admin/organisations/filo-verde/receipts.csv?year=twenty')).status).toBe(400);
    expect((await adminGet('/api/admin/organisations/nessuna/receipts.csv')).status).toBe(404);
  });

  it('the admin gets any donation’s receipt, in the language asked for', async () => {
    const { pledgeId } = await paidDonation(2_500);
    expect(await pdfText(await adminGet(`/api/admin/pledges/${pledgeId}/receipt.pdf?lang=en`))).toContain('Receipt no. 1/2027');
    expect(await pdfText(await adminGet(`/api/admin/pledges/${pledgeId}/receipt.pdf`))).toContain('Ricevuta n. 1/2027');
    const anonymous = await adminApi(app, new Request(`http://localhost/api/admin/pledges/${pledgeId}/receipt.pdf`), { pledgeId });
    expect(anonymous.status).toBe(401);
  });
});
