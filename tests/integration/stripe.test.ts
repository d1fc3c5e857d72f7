import { describe, expect, it } from 'vitest';
import { getCallPool, getCampaignProgress, getPledge, postPledge, postStripeWebhook } from '../../src/server/http/routes.ts';
import { jsonRequest, pledgeBody, testApp, testCall, testCampaign, testCatalog } from '../support/app.ts';
import { buildPaymentIntent, chargeRefundedEvent, stripeEvent, webhookDelivery } from '../support/stripe-events.ts';
import { useStripeMode } from '../support/stripe-mode.ts';

const WEBHOOK_SECRET = 'whsec_test_secret_for_integration';
const call = testCall();
const catalog = testCatalog([call], [testCampaign(call, 'orti'), testCampaign(call, 'rive')]);

const mode = useStripeMode({ catalog, webhookSecret: WEBHOOK_SECRET, payee: 'org', poolSize: 10 });
let ip = 0;

async function createPledge(campaign: string, amountCents: number, headers: Record<string, string> = {}) {
  const response = await postPledge(
    mode.app,
    jsonRequest('/api/pledges', pledgeBody(campaign, amountCents), headers),
    `198.51.100.${++ip % 250}`,
  );
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

const deliver = mode.deliver;

/** A pledge paid at the fake Stripe, and the event Stripe would send for it. */
async function paidPledge(campaign: string, amountCents: number) {
  const { body } = await createPledge(campaign, amountCents);
  const paymentIntentId = (await mode.database.db.query('SELECT payment_intent_id FROM pledges WHERE id = $1', [body['pledgeId']])).rows[0]
    .payment_intent_id;
  const paymentIntent = mode.stripe.succeed(paymentIntentId);
  return { pledgeId: body['pledgeId'] as string, paymentIntent, event: stripeEvent('payment_intent.succeeded', paymentIntent) };
}

const progress = async (slug = 'orti') => (await getCampaignProgress(mode.app, { slug })).json() as Promise<Record<string, any>>;
const count = async (table: string) => (await mode.database.db.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n as number;

describe('POST /api/pledges in Stripe mode', () => {
  it('creates a PaymentIntent whose amount, currency, metadata and receipt e-mail the server decides', async () => {
    const { status, body } = await createPledge('orti', 2500);
    expect(status).toBe(201);
    expect(body).toEqual({
      pledgeId: expect.any(String),
      mode: 'stripe',
      clientSecret: expect.stringMatching(/^pi_.+_secret_/),
      publishableKey: 'pk_test_integration',
    });

    const creates = mode.stripe.requests.filter((r) => r.method === 'POST' && r.path === '/v1/payment_intents');
    expect(creates).toHaveLength(1);
    expect(creates[0]!.body).toMatchObject({
      amount: '2500',
      currency: 'eur',
      receipt_email: 'ada@example.org',
      automatic_payment_methods: { enabled: 'true' },
      metadata: { pledgeId: body['pledgeId'], campaign: 'orti' },
    });
    expect(creates[0]!.idempotencyKey).toBe(`pledge-${body['pledgeId']}`);
    expect(creates[0]!.headers['authorization']).toBe('Bearer sk_test_integration');
  });

  it('answers a retry with the same Idempotency-Key with the same PaymentIntent', async () => {
    const first = await createPledge('orti', 2500, { 'idempotency-key': 'donor-click-1' });
    const second = await createPledge('orti', 2500, { 'idempotency-key': 'donor-click-1' });
    expect(second.body).toEqual(first.body);
    expect(mode.stripe.paymentIntents.size).toBe(1);
    expect(await count('pledges')).toBe(1);
  });

  it('answers 502 when Stripe fails, and the retry charges through one PaymentIntent', async () => {
    mode.stripe.failNext('POST /v1/payment_intents', { status: 400, type: 'invalid_request_error', message: 'boom' });
    const failed = await createPledge('orti', 2500, { 'idempotency-key': 'flaky' });
    expect(failed.status).toBe(502);
    expect(failed.body['error']['code']).toBe('payment_provider_unavailable');
    const retried = await createPledge('orti', 2500, { 'idempotency-key': 'flaky' });
    expect(retried.status).toBe(201);
    expect(mode.stripe.paymentIntents.size).toBe(1);
  });
});

describe('POST /api/stripe/webhook', () => {
  it('records a succeeded payment and marks the pledge succeeded', async () => {
    const { pledgeId, event } = await paidPledge('orti', 2500);
    const response = await deliver(event);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true, outcome: 'processed' });
    expect(await progress()).toMatchObject({ raisedCents: 2500, donors: 1 });
    expect(await (await getPledge(mode.app, { pledgeId })).json()).toMatchObject({ status: 'succeeded' });
  });

  it('counts the same webhook delivered twice once', async () => {
    const { event } = await paidPledge('orti', 2500);
    const answers = await Promise.all([deliver(event), deliver(event)]);
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    expect((await Promise.all(answers.map((r) => r.json()))).map((b) => b.outcome).sort()).toEqual(['duplicate', 'processed']);
    expect(await deliver(event).then((r) => r.json())).toEqual({ received: true, outcome: 'duplicate' });
    expect(await progress()).toMatchObject({ raisedCents: 2500, donors: 1 });
  });

  it('counts a payment once even when Stripe sends it under two event ids', async () => {
    const { paymentIntent, event } = await paidPledge('orti', 2500);
    await deliver(event);
    await deliver(stripeEvent('payment_intent.succeeded', paymentIntent));
    expect(await progress()).toMatchObject({ raisedCents: 2500, donors: 1 });
    expect(await count('ledger_entries')).toBe(1);
  });

  it('answers 400 invalid_signature to a bad signature and records nothing', async () => {
    const { event } = await paidPledge('orti', 2500);
    const wrongSecret = await deliver(event, 'whsec_someone_else');
    expect(wrongSecret.status).toBe(400);
    expect(await wrongSecret.json()).toEqual({ error: { code: 'invalid_signature', message: expect.any(String) } });

    const { body, headers } = webhookDelivery(event, WEBHOOK_SECRET);
    const tampered = body.replace('"amount": 2500', '"amount": 9999999');
    const response = await postStripeWebhook(mode.app, new Request('http://localhost/', { method: 'POST', headers, body: tampered }));
    expect(response.status).toBe(400);
    const unsigned = await postStripeWebhook(mode.app, new Request('http://localhost/', { method: 'POST', body }));
    expect(unsigned.status).toBe(400);

    expect(await count('stripe_events')).toBe(0);
    expect(await count('ledger_entries')).toBe(0);
    expect(await progress()).toMatchObject({ raisedCents: 0, donors: 0 });
  });

  it('records a succeeded payment whose pending pledge row is missing', async () => {
    const pledgeId = crypto.randomUUID();
    const paymentIntent = buildPaymentIntent({ amount: 4000, currency: 'eur', metadata: { pledgeId, campaign: 'orti' } });
    Object.assign(paymentIntent, { status: 'succeeded', amount_received: 4000 });
    expect((await deliver(stripeEvent('payment_intent.succeeded', paymentIntent))).status).toBe(200);
    expect(await progress()).toMatchObject({ raisedCents: 4000, donors: 1 });
    expect(await (await getPledge(mode.app, { pledgeId })).json()).toEqual({
      pledgeId,
      campaign: 'orti',
      status: 'succeeded',
      amountCents: 4000,
    });
  });

  it('marks a failed payment failed and counts nothing', async () => {
    const { body } = await createPledge('orti', 2500);
    const piId = (await mode.database.db.query('SELECT payment_intent_id FROM pledges WHERE id = $1', [body['pledgeId']])).rows[0]
      .payment_intent_id;
    const failedIntent = mode.stripe.fail(piId);
    expect((await deliver(stripeEvent('payment_intent.payment_failed', failedIntent))).status).toBe(200);
    expect(await (await getPledge(mode.app, { pledgeId: body['pledgeId'] })).json()).toMatchObject({ status: 'failed' });
    expect(await progress()).toMatchObject({ raisedCents: 0, donors: 0 });
  });

  it('answers 503 webhook_not_configured without a signing secret', async () => {
    const unconfigured = testApp({ db: mode.database.appDb, catalog, config: { webhookSecret: undefined } });
    const { body, headers } = webhookDelivery(
      stripeEvent('payment_intent.succeeded', buildPaymentIntent({ amount: 100, currency: 'eur' })),
      WEBHOOK_SECRET,
    );
    const response = await postStripeWebhook(unconfigured, new Request('http://localhost/', { method: 'POST', headers, body }));
    expect(response.status).toBe(503);
    expect((await response.json()).error.code).toBe('webhook_not_configured');
  });
});

describe('refunds', () => {
  async function refund(paymentIntentId: string, amount: number) {
    const sdk = mode.app.stripe()!;
    await sdk.refunds.create({ payment_intent: paymentIntentId, amount });
    const chargeId = mode.stripe.paymentIntents.get(paymentIntentId)!.latest_charge!;
    return deliver(chargeRefundedEvent(mode.stripe.charges.get(chargeId)!));
  }

  it('reduce the citizens money; a full refund removes the donor', async () => {
    const { paymentIntent, event } = await paidPledge('orti', 10_000);
    await deliver(event);
    expect((await refund(paymentIntent.id, 3_000)).status).toBe(200);
    expect(await progress()).toMatchObject({ raisedCents: 7_000, donors: 1 });
    expect((await refund(paymentIntent.id, 7_000)).status).toBe(200);
    expect(await progress()).toMatchObject({ raisedCents: 0, donors: 0 });
  });

  it('release the city share when an open campaign falls back under the threshold, and the pool recovers it', async () => {
    const big = await paidPledge('rive', 500_000);
    await deliver(big.event);
    expect(await progress('rive')).toMatchObject({ cofunding: { status: 'reserved', cents: 500_000 } });
    expect(await (await getCallPool(mode.app, { id: call.id })).json()).toMatchObject({ reservedCents: 500_000 });

    await refund(big.paymentIntent.id, 1);
    expect(await progress('rive')).toMatchObject({
      raisedCents: 499_999,
      thresholdReached: false,
      cofunding: { status: 'released', cents: 0 },
    });
    expect(await (await getCallPool(mode.app, { id: call.id })).json()).toMatchObject({ reservedCents: 0, remainingCents: call.poolCents });
  });

  it('apply a late, smaller cumulative refund figure only once', async () => {
    const { paymentIntent, event } = await paidPledge('orti', 10_000);
    await deliver(event);
    await mode.app.stripe()!.refunds.create({ payment_intent: paymentIntent.id, amount: 2_000 });
    const chargeId = mode.stripe.paymentIntents.get(paymentIntent.id)!.latest_charge!;
    const early = chargeRefundedEvent(mode.stripe.charges.get(chargeId)!);
    await mode.app.stripe()!.refunds.create({ payment_intent: paymentIntent.id, amount: 3_000 });
    const later = chargeRefundedEvent(mode.stripe.charges.get(chargeId)!);
    await deliver(later);
    await deliver(early);
    expect(await progress()).toMatchObject({ raisedCents: 5_000, donors: 1 });
  });
});
