/**
 * Stripe Connect: the organisation's connected account, created once and followed through account.updated;
 * pledges refused until the payee can receive money; each donation transferred to the payee (keep-it-all at
 * once, all-or-nothing only at success), taken back when refunded, and reconciled against Stripe.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/server/app.ts';
import { closeCampaigns } from '../../src/server/closing/service.ts';
import { DISTRICT_LABELS } from '../../src/i18n/vocabularies.ts';
import { adminApi, getOpenDataCampaigns, getOpenDataCampaignsCsv, postPledge, postStripeWebhook } from '../../src/server/http/routes.ts';
import { reconcile } from '../../src/server/reconciliation/service.ts';
import { freshDatabase, type TestDatabase } from '../support/database.ts';
import { jsonRequest, pledgeBody, testApp, testCall, testCampaign, testCatalog, stripePayments } from '../support/app.ts';
import { startFakeStripe, type FakeStripe } from '../support/fake-stripe.ts';
import { chargeRefundedEvent, stripeEvent, webhookDelivery, type FakeStripeEvent } from '../support/stripe-events.ts';

const WEBHOOK_SECRET = 'whsec_platform_endpoint';
const CONNECT_SECRET = 'whsec_connect_endpoint';
const ADMIN_TOKEN = 'admin-token-for-the-payout-tests';
const CLOSES = '2027-02-01T00:00:00.000Z';
const AFTER_CLOSING = new Date('2027-02-01T00:05:00Z');

const kia = testCall({ id: 'kia', fundingModel: 'keep-it-all' });
const aon = testCall({ id: 'aon', fundingModel: 'all-or-nothing' });
const fee = testCall({ id: 'fee', fundingModel: 'keep-it-all', platformFeeBasisPoints: 500 });
const catalog = testCatalog(
  [kia, aon, fee],
  [
    testCampaign(kia, 'orti', { organisations: ['filo-verde', 'ponti'] }),
    testCampaign(kia, 'rete', { organisations: ['ponti', 'filo-verde'], payee: 'filo-verde' }),
    testCampaign(aon, 'aon-fails', { organisations: ['laguna'], closesAt: CLOSES }),
    testCampaign(aon, 'aon-succeeds', { organisations: ['laguna'], closesAt: CLOSES, goalCents: 10_000 }),
    testCampaign(fee, 'with-fee', { organisations: ['filo-verde'] }),
  ],
);

let database: TestDatabase;
let stripe: FakeStripe;
let app: App;
let ip = 0;

beforeAll(async () => {
  database = await freshDatabase({ poolSize: 8 });
  stripe = await startFakeStripe();
  app = appAt();
});
afterAll(async () => {
  await database.close();
  await stripe.close();
});
beforeEach(async () => {
  stripe.reset();
  await database.db.query(
    'TRUNCATE pledges, ledger_entries, campaign_totals, call_pools, stripe_events, rate_limits, connected_accounts, campaign_outcomes CASCADE',
  );
});

function appAt(now?: Date): App {
  return testApp({
    db: database.db,
    catalog,
    ...(now && { now: () => now }),
    config: {
      payments: stripePayments(stripe.apiBase),
      webhookSecret: WEBHOOK_SECRET,
      connectWebhookSecret: CONNECT_SECRET,
      adminToken: ADMIN_TOKEN,
    },
  });
}

const admin = (method: 'GET' | 'POST', path: string, token = ADMIN_TOKEN) =>
  adminApi(app, new Request(`https://comune.example${path}`, { method, headers: { authorization: `Bearer ${token}` } }), {
    slug: path.split('/')[4],
  });

function deliver(event: FakeStripeEvent, secret = WEBHOOK_SECRET): Promise<Response> {
  const { body, headers } = webhookDelivery(event, secret);
  return postStripeWebhook(app, new Request('http://localhost/api/stripe/webhook', { method: 'POST', headers, body }));
}

async function onboard(organisation: string): Promise<string> {
  const response = await admin('POST', `/api/admin/organisations/${organisation}/stripe-account`);
  expect(response.status).toBe(200);
  const { accountId } = (await response.json()) as { accountId: string };
  expect((await deliver(stripe.completeOnboarding(accountId), CONNECT_SECRET)).status).toBe(200);
  return accountId;
}

async function pledge(campaign: string, amountCents: number, target: App = app): Promise<Response> {
  return postPledge(target, jsonRequest('/api/pledges', pledgeBody(campaign, amountCents)), `198.51.100.${++ip}`);
}

async function paid(campaign: string, amountCents: number): Promise<{ pledgeId: string; paymentIntentId: string }> {
  const response = await pledge(campaign, amountCents);
  expect(response.status).toBe(201);
  const { pledgeId } = (await response.json()) as { pledgeId: string };
  const paymentIntentId = (
    await database.db.query<{ payment_intent_id: string }>('SELECT payment_intent_id FROM pledges WHERE id = $1', [pledgeId])
  ).rows[0]!.payment_intent_id;
  expect((await deliver(stripeEvent('payment_intent.succeeded', stripe.succeed(paymentIntentId)))).status).toBe(200);
  return { pledgeId, paymentIntentId };
}

const transfersTo = (accountId: string) => [...stripe.transfers.values()].filter((t) => t.destination === accountId);

describe('onboarding an organisation', () => {
  it('creates one connected account however often (and however concurrently) it is asked, each time with a fresh onboarding link', async () => {
    const [first, second] = await Promise.all([
      admin('POST', '/api/admin/organisations/filo-verde/stripe-account'),
      admin('POST', '/api/admin/organisations/filo-verde/stripe-account'),
    ]);
    const third = await admin('POST', '/api/admin/organisations/filo-verde/stripe-account');
    const answers = (await Promise.all([first, second, third].map((r) => r.json()))) as {
      accountId: string;
      onboardingUrl: string;
      status: string;
    }[];
    expect(answers.map((a) => a.accountId)).toEqual(Array(3).fill(answers[0]!.accountId));
    expect(answers[0]).toEqual({
      accountId: expect.stringMatching(/^acct_/),
      onboardingUrl: expect.stringMatching(/^https:\/\/connect\.stripe\.com\//),
      status: 'onboarding',
    });
    expect(new Set(answers.map((a) => a.onboardingUrl)).size).toBe(3);
    expect(stripe.accounts.size).toBe(1);

    const created = stripe.requests.find((r) => r.method === 'POST' && r.path === '/v1/accounts')!;
    expect(created.idempotencyKey).toBe('account-filo-verde');
    expect(created.body).toMatchObject({
      country: 'IT',
      business_type: 'non_profit',
      email: 'filo-verde@example.org',
      metadata: { organisation: 'filo-verde' },
      capabilities: { transfers: { requested: 'true' } },
      controller: { stripe_dashboard: { type: 'express' } },
    });
    const link = stripe.requests.find((r) => r.path === '/v1/account_links')!;
    expect(link.body).toMatchObject({
      account: answers[0]!.accountId,
      type: 'account_onboarding',
      return_url: 'https://comune.example/organizzazioni/filo-verde/?stripe=return',
    });
  });

  it('reports the account, and account.updated (signed for the Connect endpoint) keeps it current; an older event never undoes a newer one', async () => {
    const none = await admin('GET', '/api/admin/organisations/ponti/stripe-account');
    expect(await none.json()).toMatchObject({ accountId: null, status: 'none', chargesEnabled: false });

    const { accountId } = (await (await admin('POST', '/api/admin/organisations/ponti/stripe-account')).json()) as { accountId: string };
    const before = (await (await admin('GET', '/api/admin/organisations/ponti/stripe-account')).json()) as Record<string, unknown>;
    expect(before).toMatchObject({
      accountId,
      status: 'onboarding',
      chargesEnabled: false,
      payoutsEnabled: false,
      requirements: { currentlyDue: expect.arrayContaining(['external_account']) },
    });

    const stale = stripeEvent('account.updated', structuredClone(stripe.accounts.get(accountId)!), {
      account: accountId,
      created: Math.floor(Date.now() / 1000) - 60,
    });
    const done = stripe.completeOnboarding(accountId);
    expect((await deliver(done, WEBHOOK_SECRET.replace('platform', 'someone-else'))).status).toBe(400);
    expect((await deliver(done, CONNECT_SECRET)).status).toBe(200);
    expect((await deliver(stale, CONNECT_SECRET)).status).toBe(200);
    const after = await (await admin('GET', '/api/admin/organisations/ponti/stripe-account')).json();
    expect(after).toEqual({
      accountId,
      status: 'enabled',
      chargesEnabled: true,
      payoutsEnabled: true,
      requirements: { currentlyDue: [], pastDue: [], eventuallyDue: [], disabledReason: null, currentDeadline: null },
    });
  });

  it('ignores a connected account’s other events, and keeps aside an account.updated of the wrong shape', async () => {
    const accountId = await onboard('filo-verde');
    const foreign = stripeEvent(
      'payment_intent.succeeded',
      {
        id: 'pi_onTheConnectedAccount',
        object: 'payment_intent',
        amount: 999,
        amount_received: 999,
        currency: 'eur',
        metadata: { campaign: 'orti', pledgeId: '00000000-0000-4000-8000-000000000001' },
      },
      { account: accountId },
    );
    const ignored = await deliver(foreign, CONNECT_SECRET);
    expect(await ignored.json()).toEqual({ received: true, outcome: 'ignored' });
    const malformed = stripeEvent('account.updated', { id: accountId, object: 'account', charges_enabled: 'yes' }, { account: accountId });
    expect(await (await deliver(malformed, CONNECT_SECRET)).json()).toMatchObject({ outcome: 'rejected' });
    expect((await database.db.query('SELECT count(*)::int AS n FROM ledger_entries')).rows[0]).toEqual({ n: 0 });
    expect(await (await admin('GET', '/api/admin/organisations/filo-verde/stripe-account')).json()).toMatchObject({ status: 'enabled' });
  });

  it('answers 409 stripe_not_configured in demo mode, where no money moves', async () => {
    const demo = testApp({ db: database.db, catalog, config: { adminToken: ADMIN_TOKEN } });
    const response = await adminApi(
      demo,
      new Request('https://comune.example/api/admin/organisations/filo-verde/stripe-account', {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      }),
      { slug: 'filo-verde' },
    );
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ error: { code: 'stripe_not_configured' } });
    // And pledges are taken as before: the payee matters only where money moves.
    expect((await pledge('orti', 2500, demo)).status).toBe(201);
  });

  it('needs the admin token, and names an unknown organisation', async () => {
    expect((await admin('POST', '/api/admin/organisations/filo-verde/stripe-account', 'wrong-token-wrong-token')).status).toBe(401);
    const unknown = await admin('POST', '/api/admin/organisations/nessuna/stripe-account');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'organisation_not_found' } });
    expect(stripe.accounts.size).toBe(0);
  });
});

describe('open data', () => {
  it('names each campaign’s payee and district, in JSON and CSV', async () => {
    const { campaigns } = (await (await getOpenDataCampaigns(app)).json()) as {
      campaigns: { slug: string; organisations: string[]; payee: string }[];
    };
    const district = app.catalog.campaigns['rete']!.district;
    expect(campaigns.find((c) => c.slug === 'rete')).toMatchObject({
      organisations: ['ponti', 'filo-verde'],
      payee: 'filo-verde',
      district,
      districtName: DISTRICT_LABELS.it[district],
    });
    expect(campaigns.find((c) => c.slug === 'orti')).toMatchObject({ payee: 'filo-verde' });
    const csv = (await (await getOpenDataCampaignsCsv(app)).text()).replace(/^\uFEFF/, '').split('\r\n');
    const header = csv[0]!.split(',');
    const rete = csv.find((line) => line.startsWith('rete,'))!.split(',');
    expect(rete[header.indexOf('payee')]).toBe('filo-verde');
    expect(rete[header.indexOf('district_name')]).toBe(DISTRICT_LABELS.it[district]);
  });
});

describe('a campaign whose payee cannot receive money yet', () => {
  it('refuses pledges with 409 payee_not_ready, before and during onboarding, and takes them once Stripe enables the account', async () => {
    const before = await pledge('orti', 2500);
    expect(before.status).toBe(409);
    expect(await before.json()).toMatchObject({ error: { code: 'payee_not_ready' } });
    await admin('POST', '/api/admin/organisations/filo-verde/stripe-account');
    expect((await pledge('orti', 2500)).status).toBe(409);
    expect(stripe.paymentIntents.size).toBe(0);
    await database.db.query('DELETE FROM connected_accounts');
    stripe.reset();
    await onboard('filo-verde');
    expect((await pledge('orti', 2500)).status).toBe(201);
  });

  it('follows the campaign’s payee, not its first organisation', async () => {
    await onboard('ponti');
    expect((await pledge('rete', 2500)).status).toBe(409);
    await onboard('filo-verde');
    expect((await pledge('rete', 2500)).status).toBe(201);
  });
});

describe('keep-it-all: every donation is transferred to the payee', () => {
  it('charges on the platform grouped by campaign, then transfers the donation from its own charge to the payee’s account, once', async () => {
    const accountId = await onboard('filo-verde');
    const { pledgeId, paymentIntentId } = await paid('orti', 2500);
    expect(stripe.paymentIntents.get(paymentIntentId)).toMatchObject({ transfer_group: 'orti' });

    const [transfer] = transfersTo(accountId);
    expect(transfersTo(accountId)).toHaveLength(1);
    expect(transfer).toMatchObject({
      amount: 2500,
      currency: 'eur',
      destination: accountId,
      transfer_group: 'orti',
      source_transaction: stripe.paymentIntents.get(paymentIntentId)!.latest_charge,
      metadata: { pledgeId, campaign: 'orti', organisation: 'filo-verde' },
    });
    const request = stripe.requests.find((r) => r.path === '/v1/transfers' && r.method === 'POST')!;
    expect(request.idempotencyKey).toBe(`transfer-${pledgeId}`);
    expect(
      (await database.db.query('SELECT status, transfer_id, amount_cents FROM payee_transfers WHERE pledge_id = $1', [pledgeId])).rows,
    ).toEqual([{ status: 'issued', transfer_id: transfer!.id, amount_cents: 2500 }]);

    // The same notification again, and the closing job's retry pass, pay nothing twice.
    await deliver(stripeEvent('payment_intent.succeeded', stripe.paymentIntents.get(paymentIntentId)!));
    await closeCampaigns(app);
    expect(transfersTo(accountId)).toHaveLength(1);
    expect(stripe.transferredTo(accountId)).toBe(2500);
  });

  it('takes a refund back from the payee with a transfer reversal, and reconciliation finds nothing amiss', async () => {
    const accountId = await onboard('filo-verde');
    const { paymentIntentId } = await paid('orti', 4000);
    await app.stripe()!.refunds.create({ payment_intent: paymentIntentId, amount: 1500 });
    const charge = stripe.charges.get(stripe.paymentIntents.get(paymentIntentId)!.latest_charge!)!;
    expect((await deliver(chargeRefundedEvent(charge))).status).toBe(200);
    expect(stripe.transferredTo(accountId)).toBe(2500);
    const [transfer] = transfersTo(accountId);
    expect(transfer!.reversals.data.map((r) => r.amount)).toEqual([1500]);

    const report = await reconcile(app, { from: new Date(Date.now() - 3_600_000), to: new Date(Date.now() + 60_000) });
    expect(report.differences).toEqual([]);
    expect(report.checked).toMatchObject({ transfers: 1, stripeTransfers: 1 });
  });

  it('reconciliation names a transfer Stripe changed behind the ledger’s back, and a donation that never got its transfer', async () => {
    const accountId = await onboard('filo-verde');
    const { pledgeId } = await paid('orti', 3000);
    const [transfer] = transfersTo(accountId);
    // Someone reversed part of the transfer from the Stripe Dashboard.
    transfer!.amount_reversed = 500;
    // A succeeded donation whose transfer was never scheduled (e.g. recorded by hand).
    const orphan = '00000000-0000-4000-8000-00000000abcd';
    await database.db.query(
      "INSERT INTO pledges (id, campaign, amount_cents, mode, status, anonymous, succeeded_at) VALUES ($1, 'orti', 1200, 'stripe', 'succeeded', true, now())",
      [orphan],
    );
    const report = await reconcile(app, { from: new Date(Date.now() - 3_600_000), to: new Date(Date.now() + 60_000) });
    expect(report.differences).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ scope: 'stripe', subject: transfer!.id, field: 'transfer', expected: 2500, actual: 3000 }),
        expect.objectContaining({ scope: 'transfer', subject: orphan, field: 'transfer', expected: 'scheduled', actual: null }),
      ]),
    );
    expect(report.differences.filter((d) => d.subject === pledgeId)).toEqual([]);
  });

  it('keeps the call’s platform fee, and only that', async () => {
    const accountId = await onboard('filo-verde');
    await paid('with-fee', 2000);
    expect(transfersTo(accountId).map((t) => t.amount)).toEqual([1900]);
  });

  it('waits when the payee’s account loses its capability, and the closing job pays once it is back', async () => {
    const accountId = await onboard('filo-verde');
    const account = stripe.accounts.get(accountId)!;
    account.capabilities = { ...account.capabilities, transfers: 'inactive' };
    const { pledgeId } = await paid('orti', 2500);
    expect(transfersTo(accountId)).toHaveLength(0);
    expect((await database.db.query('SELECT status FROM payee_transfers WHERE pledge_id = $1', [pledgeId])).rows[0]).toEqual({
      status: 'to_issue',
    });
    const open = await reconcile(app, { from: new Date(Date.now() - 3_600_000), to: new Date(Date.now() + 60_000) });
    expect(open.openItems).toEqual([expect.objectContaining({ kind: 'transfer_to_issue', pledgeId })]);

    account.capabilities = { ...account.capabilities, transfers: 'active' };
    const report = await closeCampaigns(app);
    expect(report.payouts.transfers.issued).toBe(1);
    expect(stripe.transferredTo(accountId)).toBe(2500);
  });
});

describe('all-or-nothing: money reaches the payee only when the campaign succeeds', () => {
  it('a failure leaves no money with the organisation and refunds every donor in full from the platform', async () => {
    const accountId = await onboard('laguna');
    const donations = [await paid('aon-fails', 2500), await paid('aon-fails', 4000)];
    expect(stripe.transfers.size).toBe(0);

    const report = await closeCampaigns(appAt(AFTER_CLOSING));
    expect(report.closed).toContainEqual(expect.objectContaining({ campaign: 'aon-fails', outcome: 'failed', refundsOwed: 2 }));
    expect(report.refunds.issued).toBe(2);
    expect(stripe.transfers.size).toBe(0);
    expect(stripe.transferredTo(accountId)).toBe(0);
    for (const { paymentIntentId } of donations) {
      const charge = stripe.charges.get(stripe.paymentIntents.get(paymentIntentId)!.latest_charge!)!;
      expect(charge.amount_refunded).toBe(charge.amount);
    }
  });

  it('a success transfers every donation, net of refunds, grouped by campaign, at closing', async () => {
    const accountId = await onboard('laguna');
    await paid('aon-succeeds', 3000);
    const { paymentIntentId } = await paid('aon-succeeds', 4000);
    await app.stripe()!.refunds.create({ payment_intent: paymentIntentId, amount: 1000 });
    await deliver(chargeRefundedEvent(stripe.charges.get(stripe.paymentIntents.get(paymentIntentId)!.latest_charge!)!));
    expect(stripe.transfers.size).toBe(0);

    const report = await closeCampaigns(appAt(AFTER_CLOSING));
    expect(report.closed).toContainEqual(expect.objectContaining({ campaign: 'aon-succeeds', outcome: 'succeeded' }));
    expect(report.payouts.transfers.issued).toBe(2);
    expect(
      transfersTo(accountId)
        .map((t) => t.amount)
        .sort(),
    ).toEqual([3000, 3000]);
    expect(transfersTo(accountId).every((t) => t.transfer_group === 'aon-succeeds')).toBe(true);
    expect(stripe.transferredTo(accountId)).toBe(6000);
  });
});
