import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { startFakeStripe, type FakePaymentIntent, type FakeStripe } from '../support/fake-stripe.ts';
import { chargeRefundedEvent, signedWebhook, stripeEvent, webhookDelivery } from '../support/stripe-events.ts';

const SECRET_KEY = 'sk_test_fake_venezia';
const WEBHOOK_SECRET = 'whsec_test_fake_venezia';

let fake: FakeStripe;
let stripe: Stripe;

// The same client configuration as the app, so the SDK's real wire behaviour is exercised.
const client = (key: string): Stripe =>
  new Stripe(key, { host: '127.0.0.1', port: fake.port, protocol: 'http', maxNetworkRetries: 2, telemetry: false });

beforeAll(async () => {
  fake = await startFakeStripe();
  stripe = client(SECRET_KEY);
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const pledgeParams = (pledgeId: string): Stripe.PaymentIntentCreateParams => ({
  amount: 2500,
  currency: 'eur',
  metadata: { pledgeId, campaign: 'ponte-di-rialto' },
  receipt_email: 'citizen@example.it',
  automatic_payment_methods: { enabled: true },
});

async function paidIntent(amount: number): Promise<FakePaymentIntent> {
  const { id } = await stripe.paymentIntents.create({ amount, currency: 'eur' });
  return fake.succeed(id);
}

describe('fake Stripe: PaymentIntents', () => {
  it('creates a PaymentIntent shaped like Stripe and replays it for a repeated idempotency key', async () => {
    const pi = await stripe.paymentIntents.create(pledgeParams('pledge-1'), { idempotencyKey: 'pledge-1' });

    expect(pi).toMatchObject({
      object: 'payment_intent',
      amount: 2500,
      amount_received: 0,
      currency: 'eur',
      status: 'requires_payment_method',
      metadata: { pledgeId: 'pledge-1', campaign: 'ponte-di-rialto' },
      receipt_email: 'citizen@example.it',
      latest_charge: null,
      livemode: false,
      automatic_payment_methods: { enabled: true },
    });
    expect(pi.id).toMatch(/^pi_\w+$/);
    expect(pi.client_secret).toMatch(new RegExp(`^${pi.id}_secret_\\w+$`));
    expect(pi.created).toBeCloseTo(Date.now() / 1000, -1);
    expect(pi.lastResponse.requestId).toMatch(/^req_/);

    const replay = await stripe.paymentIntents.create(pledgeParams('pledge-1'), { idempotencyKey: 'pledge-1' });
    expect(replay.id).toBe(pi.id);
    expect(replay.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect(fake.paymentIntents.size).toBe(1);
    expect(fake.paymentIntents.get(pi.id)?.metadata).toEqual({ pledgeId: 'pledge-1', campaign: 'ponte-di-rialto' });

    const [first] = fake.requests;
    expect(first).toMatchObject({
      method: 'POST',
      path: '/v1/payment_intents',
      idempotencyKey: 'pledge-1',
      status: 200,
      body: { amount: '2500', metadata: { pledgeId: 'pledge-1' }, automatic_payment_methods: { enabled: 'true' } },
    });
    expect(first?.headers.authorization).toBe(`Bearer ${SECRET_KEY}`);
  });

  it('refuses an idempotency key reused with different parameters', async () => {
    await stripe.paymentIntents.create(pledgeParams('pledge-1'), { idempotencyKey: 'same-key' });
    const reuse = stripe.paymentIntents.create(pledgeParams('pledge-2'), { idempotencyKey: 'same-key' });
    await expect(reuse).rejects.toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    await expect(reuse).rejects.toMatchObject({ statusCode: 400, rawType: 'idempotency_error' });
    expect(fake.paymentIntents.size).toBe(1);
  });

  it('retrieves, updates and cancels; unknown ids are 404 resource_missing', async () => {
    const { id } = await stripe.paymentIntents.create(pledgeParams('pledge-1'));
    expect((await stripe.paymentIntents.retrieve(id)).metadata).toMatchObject({ pledgeId: 'pledge-1' });

    const updated = await stripe.paymentIntents.update(id, { metadata: { campaign: '', note: 'x' } });
    expect(updated.metadata).toEqual({ pledgeId: 'pledge-1', note: 'x' });

    expect(await stripe.paymentIntents.cancel(id, { cancellation_reason: 'abandoned' })).toMatchObject({
      status: 'canceled',
      cancellation_reason: 'abandoned',
    });

    const missing = stripe.paymentIntents.retrieve('pi_does_not_exist');
    await expect(missing).rejects.toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    await expect(missing).rejects.toMatchObject({ statusCode: 404, code: 'resource_missing', param: 'intent' });
  });

  it('validates parameters the way Stripe does', async () => {
    await expect(stripe.paymentIntents.create({ currency: 'eur' } as Stripe.PaymentIntentCreateParams)).rejects.toMatchObject({
      statusCode: 400,
      code: 'parameter_missing',
      param: 'amount',
    });
    await expect(stripe.paymentIntents.create({ amount: 0, currency: 'eur' })).rejects.toMatchObject({
      code: 'amount_too_small',
      param: 'amount',
    });
    await expect(
      stripe.paymentIntents.create({ amount: 100, currency: 'eur', colour: 'blue' } as Stripe.PaymentIntentCreateParams),
    ).rejects.toMatchObject({ code: 'parameter_unknown', param: 'colour' });

    const pi = await paidIntent(1000);
    await expect(stripe.paymentIntents.update(pi.id, { amount: 2000 })).rejects.toMatchObject({ code: 'payment_intent_unexpected_state' });
    await expect(stripe.paymentIntents.cancel(pi.id)).rejects.toMatchObject({ code: 'payment_intent_unexpected_state' });
  });

  it('answers 401 in Stripe’s shape without a valid API key', async () => {
    const response = await fetch(`${fake.apiBase}/v1/payment_intents`);
    expect(response.status).toBe(401);
    expect(response.headers.get('request-id')).toMatch(/^req_/);
    const body = (await response.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toMatch(/did not provide an API key/);

    await expect(client('sk_live_nope').paymentIntents.list()).rejects.toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
  });

  it('answers unknown endpoints with a 404 in Stripe’s error shape', async () => {
    const response = await fetch(`${fake.apiBase}/v1/customers`, { headers: { authorization: `Bearer ${SECRET_KEY}` } });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({
      error: { type: 'invalid_request_error', message: expect.stringMatching(/^Unrecognized request URL \(GET: \/v1\/customers\)/) },
    });
  });

  it('lists newest first and auto-paginates over several pages', async () => {
    const created: string[] = [];
    for (let i = 0; i < 23; i++) created.push((await stripe.paymentIntents.create({ amount: 100 + i, currency: 'eur' })).id);

    const seen: string[] = [];
    for await (const pi of stripe.paymentIntents.list({ limit: 10 })) seen.push(pi.id);
    expect(seen).toEqual([...created].reverse());

    const pages = fake.requests.filter((r) => r.method === 'GET' && r.path === '/v1/payment_intents');
    expect(pages.map((r) => r.query.starting_after)).toEqual([undefined, created[13], created[3]]);

    // Backdate half of them to check the created[] range filter.
    const now = Math.floor(Date.now() / 1000);
    created.slice(0, 10).forEach((id, i) => {
      const pi = fake.paymentIntents.get(id);
      if (pi) pi.created = now - 86_400 - i;
    });
    const recent = await stripe.paymentIntents.list({ limit: 100, created: { gte: now - 3600 } });
    expect(recent.data).toHaveLength(13);
    expect(recent.has_more).toBe(false);
    expect(recent.url).toBe('/v1/payment_intents');
  });
});

describe('fake Stripe: payments and refunds', () => {
  it('succeed() and fail() move a PaymentIntent like a real payment attempt', async () => {
    const paid = await paidIntent(1500);
    const retrieved = await stripe.paymentIntents.retrieve(paid.id);
    expect(retrieved).toMatchObject({ status: 'succeeded', amount_received: 1500, latest_charge: expect.stringMatching(/^ch_/) });
    expect(await stripe.charges.retrieve(retrieved.latest_charge as string)).toMatchObject({
      object: 'charge',
      paid: true,
      amount_captured: 1500,
      payment_intent: paid.id,
    });

    const declined = await stripe.paymentIntents.create({ amount: 900, currency: 'eur' });
    fake.fail(declined.id, 'insufficient_funds');
    expect(await stripe.paymentIntents.retrieve(declined.id)).toMatchObject({
      status: 'requires_payment_method',
      last_payment_error: { type: 'card_error', code: 'card_declined', decline_code: 'insufficient_funds' },
    });
  });

  it('refunds partially, then refuses to refund more than what is left', async () => {
    const pi = await paidIntent(1000);

    const partial = await stripe.refunds.create({ payment_intent: pi.id, amount: 400, metadata: { reason: 'cap' } });
    expect(partial).toMatchObject({ object: 'refund', amount: 400, status: 'succeeded', payment_intent: pi.id, currency: 'eur' });
    expect(partial.id).toMatch(/^re_/);

    const tooMuch = stripe.refunds.create({ payment_intent: pi.id, amount: 700 });
    await expect(tooMuch).rejects.toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    await expect(tooMuch).rejects.toMatchObject({ code: 'amount_too_large', param: 'amount' });

    const rest = await stripe.refunds.create({ payment_intent: pi.id });
    expect(rest.amount).toBe(600);
    await expect(stripe.refunds.create({ payment_intent: pi.id })).rejects.toMatchObject({ code: 'charge_already_refunded' });

    const charge = fake.charges.get(partial.charge as string);
    expect(charge).toMatchObject({ amount_refunded: 1000, refunded: true });
    expect(charge?.refunds.data.map((r) => r.id)).toEqual([rest.id, partial.id]);

    expect((await stripe.refunds.retrieve(partial.id)).metadata).toEqual({ reason: 'cap' });
    const listed = await stripe.refunds.list({ payment_intent: pi.id });
    expect(listed.data.map((r) => r.id)).toEqual([rest.id, partial.id]);
  });

  it('creates pending refunds on request and settles them later', async () => {
    const pi = await paidIntent(1000);
    fake.refundStatus = 'pending';
    const refund = await stripe.refunds.create({ payment_intent: pi.id, amount: 1000 });
    expect(refund.status).toBe('pending');

    fake.settleRefund(refund.id, 'failed');
    expect(await stripe.refunds.retrieve(refund.id)).toMatchObject({ status: 'failed', failure_reason: 'expired_or_canceled_card' });
    expect(fake.charges.get(refund.charge as string)?.amount_refunded).toBe(0);
  });

  it('refuses to refund a PaymentIntent that has not been paid', async () => {
    const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'eur' });
    await expect(stripe.refunds.create({ payment_intent: pi.id })).rejects.toMatchObject({ statusCode: 400, param: 'payment_intent' });
    await expect(stripe.refunds.create({ payment_intent: 'pi_missing' })).rejects.toMatchObject({ code: 'resource_missing' });
  });
});

describe('fake Stripe: injected failures', () => {
  it('makes the next call to an endpoint fail with the given error', async () => {
    const pi = await paidIntent(1000);
    fake.failNext('/v1/refunds', { status: 402, type: 'card_error', code: 'card_declined', message: 'Declined.' });

    await expect(stripe.refunds.create({ payment_intent: pi.id })).rejects.toBeInstanceOf(Stripe.errors.StripeCardError);
    expect((await stripe.refunds.create({ payment_intent: pi.id })).status).toBe('succeeded');
  });

  it('lets the SDK retry a transient 500 with the same idempotency key', async () => {
    fake.failNext('POST /v1/payment_intents', { status: 500, type: 'api_error', message: 'Try again.' });
    const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'eur' });

    const attempts = fake.requests.filter((r) => r.path === '/v1/payment_intents');
    expect(attempts.map((r) => r.status)).toEqual([500, 200]);
    expect(attempts[1]?.idempotencyKey).toBe(attempts[0]?.idempotencyKey);
    expect(fake.paymentIntents.has(pi.id)).toBe(true);
  });
});

describe('webhook event builders', () => {
  it('builds events that the real SDK verifies, and rejects a tampered payload', async () => {
    const pi = await paidIntent(2500);
    const event = stripeEvent('payment_intent.succeeded', pi);
    const payload = JSON.stringify(event);

    const verified = stripe.webhooks.constructEvent(payload, signedWebhook(payload, WEBHOOK_SECRET), WEBHOOK_SECRET);
    expect(verified).toMatchObject({
      id: expect.stringMatching(/^evt_/),
      object: 'event',
      type: 'payment_intent.succeeded',
      livemode: false,
      api_version: Stripe.API_VERSION,
      data: { object: { id: pi.id, status: 'succeeded' } },
    });

    const tampered = payload.replace('"amount":2500', '"amount":1');
    expect(tampered).not.toBe(payload);
    expect(() => stripe.webhooks.constructEvent(tampered, signedWebhook(payload, WEBHOOK_SECRET), WEBHOOK_SECRET)).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
    const stale = signedWebhook(payload, WEBHOOK_SECRET, Math.floor(Date.now() / 1000) - 3600);
    expect(() => stripe.webhooks.constructEvent(payload, stale, WEBHOOK_SECRET)).toThrow(Stripe.errors.StripeSignatureVerificationError);
  });

  it('builds a charge.refunded event from the fake’s charge', async () => {
    const pi = await paidIntent(1000);
    const refund = await stripe.refunds.create({ payment_intent: pi.id, amount: 300 });
    const charge = fake.charges.get(refund.charge as string);
    if (charge === undefined) throw new Error('charge missing');

    const delivery = webhookDelivery(chargeRefundedEvent(charge), WEBHOOK_SECRET);
    const event = stripe.webhooks.constructEvent(delivery.body, delivery.headers['stripe-signature'] ?? '', WEBHOOK_SECRET);
    expect(event.type).toBe('charge.refunded');
    expect(event.data.object).toMatchObject({
      object: 'charge',
      payment_intent: pi.id,
      amount: 1000,
      amount_refunded: 300,
      refunded: false,
      refunds: { object: 'list', data: [{ id: refund.id, amount: 300 }] },
    });
    expect(event.data.previous_attributes).toEqual({ amount_refunded: 0, refunded: false });
  });
});
