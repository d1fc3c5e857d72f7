import { describe, expect, it } from 'vitest';
import { postPledge } from '../../src/server/http/routes.ts';
import { art83Receipt, art83Receipts } from '../../src/server/pledges/receipts.ts';
import { jsonRequest, pledgeBody, testCall, testCampaign, testCatalog } from '../support/app.ts';
import { chargeRefundedEvent, stripeEvent } from '../support/stripe-events.ts';
import { useStripeMode } from '../support/stripe-mode.ts';

const WEBHOOK_SECRET = 'whsec_test_secret_for_receipts';
const call = testCall();
const catalog = testCatalog([call], [testCampaign(call, 'orti', { title: 'Orti condivisi', organisations: ['aps-orti', 'coop-verde'] })]);

const mode = useStripeMode({ catalog, webhookSecret: WEBHOOK_SECRET, payee: 'aps-orti', poolSize: 5 });
let ip = 0;

const deliver = mode.deliver;

async function pledge(overrides: Record<string, unknown>) {
  const response = await postPledge(mode.app, jsonRequest('/api/pledges', pledgeBody('orti', 2500, overrides)), `203.0.113.${++ip}`);
  expect(response.status).toBe(201);
  const { pledgeId } = (await response.json()) as { pledgeId: string };
  const piId = (await mode.database.db.query('SELECT payment_intent_id FROM pledges WHERE id = $1', [pledgeId])).rows[0]
    .payment_intent_id as string;
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
    const create = mode.stripe.requests.find((r) => r.method === 'POST' && r.path === '/v1/payment_intents')!;
    expect(create.body).toMatchObject({
      amount: '2500',
      currency: 'eur',
      receipt_email: 'ada@example.org',
      metadata: { pledgeId, campaign: 'orti' },
    });
    expect(create.rawBody).not.toContain('RSSMRA');
    expect(create.idempotencyKey).toBe(`pledge-${pledgeId}`);

    expect(await art83Receipt(mode.app, pledgeId)).toBeNull();
    expect((await deliver(stripeEvent('payment_intent.succeeded', mode.stripe.succeed(piId)))).status).toBe(200);

    const receipt = await art83Receipt(mode.app, pledgeId);
    expect(receipt).toEqual({
      pledgeId,
      campaign: { slug: 'orti', title: 'Orti condivisi' },
      organisations: ['aps-orti', 'coop-verde'],
      donor: { name: 'Ada Lovelace', taxCode: 'RSSMRA85T10A562S' },
      amountCents: 2500,
      paidAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      paymentReference: piId,
    });
    expect(await art83Receipts(mode.app, 'orti')).toEqual([receipt]);
  });

  it('does not exist for a donor who gave no tax code', async () => {
    const { pledgeId, piId } = await pledge({});
    await deliver(stripeEvent('payment_intent.succeeded', mode.stripe.succeed(piId)));
    expect(await art83Receipt(mode.app, pledgeId)).toBeNull();
  });

  it('does not exist for a failed payment', async () => {
    const { pledgeId, piId } = await pledge(withTaxCode);
    await deliver(stripeEvent('payment_intent.payment_failed', mode.stripe.fail(piId)));
    expect(await art83Receipt(mode.app, pledgeId)).toBeNull();
  });

  it('counts only what was not refunded', async () => {
    const { pledgeId, piId } = await pledge(withTaxCode);
    await deliver(stripeEvent('payment_intent.succeeded', mode.stripe.succeed(piId)));
    await mode.app.stripe()!.refunds.create({ payment_intent: piId, amount: 1000 });
    const chargeId = mode.stripe.paymentIntents.get(piId)!.latest_charge!;
    await deliver(chargeRefundedEvent(mode.stripe.charges.get(chargeId)!));
    expect(await art83Receipt(mode.app, pledgeId)).toMatchObject({ amountCents: 1500 });
  });
});
