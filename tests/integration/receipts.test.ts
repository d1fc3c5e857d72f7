import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { postPledge, postStripeWebhook } from '../../src/server/http/routes.ts';
import type { App } from '../../src/server/app.ts';
import { art83Receipt, art83Receipts } from '../../src/server/pledges/receipts.ts';
import { freshDatabase, type TestDatabase } from '../support/database.ts';
import { jsonRequest, pledgeBody, testApp, testCall, testCampaign, testCatalog, stripePayments } from '../support/app.ts';
import { readyPayee } from '../support/payees.ts';
import { startFakeStripe, type FakeStripe } from '../support/fake-stripe.ts';
import { chargeRefundedEvent, stripeEvent, webhookDelivery, type FakeStripeEvent } from '../support/stripe-events.ts';

const WEBHOOK_SECRET = 'whsec_test_secret_for_receipts';
const call = testCall();
const catalog = testCatalog([call], [testCampaign(call, 'orti', { title: 'Orti condivisi', organisations: ['aps-orti', 'coop-verde'] })]);

let database: TestDatabase;
let stripe: FakeStripe;
let app: App;
let ip = 0;

beforeAll(async () => {
  database = await freshDatabase({ poolSize: 5 });
  stripe = await startFakeStripe();
  app = testApp({
    db: database.appDb,
    catalog,
    config: {
      payments: stripePayments(stripe.apiBase),
      webhookSecret: WEBHOOK_SECRET,
    },
  });
});
afterAll(async () => {
  await database.close();
  await stripe.close();
});
beforeEach(async () => {
  stripe.reset();
  await readyPayee(app, stripe, 'aps-orti');
  await database.db.query('TRUNCATE pledges, ledger_entries, campaign_totals, call_pools, stripe_events, rate_limits CASCADE');
});

function deliver(event: FakeStripeEvent): Promise<Response> {
  const { body, headers } = webhookDelivery(event, WEBHOOK_SECRET);
  return postStripeWebhook(app, new Request('http://localhost/api/stripe/webhook', { method: 'POST', headers, body }));
}

async function pledge(overrides: Record<string, unknown>) {
  const response = await postPledge(app, jsonRequest('/api/pledges', pledgeBody('orti', 2500, overrides)), `203.0.113.${++ip}`);
  expect(response.status).toBe(201);
  const { pledgeId } = (await response.json()) as { pledgeId: string };
  const piId = (await database.db.query('SELECT payment_intent_id FROM pledges WHERE id = $1', [pledgeId])).rows[0].payment_intent_id as string;
  return { pledgeId, piId };
}

const withTaxCode = {
  donor: { name: 'Ada Lovelace', email: 'ada@example.org', anonymous: false, taxCode: 'rssmra85t10a562s' },
  message: 'Forza orti!',
  showMessage: true,
  locale: 'en',
};

describe('art. 83 receipt data', () => {
  it('is stored from the pledge and complete once the signed webhook says the payment succeeded', async () => {
    const { pledgeId, piId } = await pledge(withTaxCode);
    // The PaymentIntent carries no tax code: personal data stays on our side, Stripe gets the e-mail for its receipt.
    const create = stripe.requests.find((r) => r.method === 'POST' && r.path === '/v1/payment_intents')!;
    expect(create.body).toMatchObject({ amount: '2500', currency: 'eur', receipt_email: 'ada@example.org', metadata: { pledgeId, campaign: 'orti' } });
    expect(create.rawBody).not.toContain('RSSMRA');
    expect(create.idempotencyKey).toBe(`pledge-${pledgeId}`);

    expect(await art83Receipt(app, pledgeId)).toBeNull();
    expect((await deliver(stripeEvent('payment_intent.succeeded', stripe.succeed(piId)))).status).toBe(200);

    const receipt = await art83Receipt(app, pledgeId);
    expect(receipt).toEqual({
      pledgeId,
      campaign: { slug: 'orti', title: 'Orti condivisi' },
      organisations: ['aps-orti', 'coop-verde'],
      donor: { name: 'Ada Lovelace', taxCode: 'RSSMRA85T10A562S' },
      amountCents: 2500,
      paidAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      paymentReference: piId,
    });
    expect(await art83Receipts(app, 'orti')).toEqual([receipt]);
  });

  it('does not exist for a donor who gave no tax code', async () => {
    const { pledgeId, piId } = await pledge({});
    await deliver(stripeEvent('payment_intent.succeeded', stripe.succeed(piId)));
    expect(await art83Receipt(app, pledgeId)).toBeNull();
  });

  it('does not exist for a failed payment', async () => {
    const { pledgeId, piId } = await pledge(withTaxCode);
    await deliver(stripeEvent('payment_intent.payment_failed', stripe.fail(piId)));
    expect(await art83Receipt(app, pledgeId)).toBeNull();
  });

  it('counts only what was not refunded', async () => {
    const { pledgeId, piId } = await pledge(withTaxCode);
    await deliver(stripeEvent('payment_intent.succeeded', stripe.succeed(piId)));
    await app.stripe()!.refunds.create({ payment_intent: piId, amount: 1000 });
    const chargeId = stripe.paymentIntents.get(piId)!.latest_charge!;
    await deliver(chargeRefundedEvent(stripe.charges.get(chargeId)!));
    expect(await art83Receipt(app, pledgeId)).toMatchObject({ amountCents: 1500 });
  });
});
