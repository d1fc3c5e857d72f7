/**
 * A signed event is trusted to come from Stripe, not to have the right shape. Each object the webhook
 * applies is validated: a malformed one is kept aside for a person, answered 200 so Stripe stops
 * retrying, and never touches the ledger.
 */
import { describe, expect, it, vi } from 'vitest';
import { getCampaignProgress, postPledge } from '../../src/server/http/routes.ts';
import { jsonRequest, pledgeBody, testCall, testCampaign, testCatalog } from '../support/app.ts';
import { buildCharge, buildRefund, stripeEvent, type FakeStripeEvent } from '../support/stripe-events.ts';
import { useStripeMode } from '../support/stripe-mode.ts';

const WEBHOOK_SECRET = 'whsec_test_secret_for_malformed_events';
const call = testCall();
const catalog = testCatalog([call], [testCampaign(call, 'orti')]);

const mode = useStripeMode({ catalog, webhookSecret: WEBHOOK_SECRET, payee: 'org', poolSize: 5 });
let ip = 0;

const deliverRaw = (event: unknown): Promise<Response> => mode.deliver(event as FakeStripeEvent);

/** A 3,000-cent donation recorded through a well-formed event, and its PaymentIntent at the fake. */
async function recordedDonation() {
  const created = await postPledge(mode.app, jsonRequest('/api/pledges', pledgeBody('orti', 3_000)), `198.51.100.${++ip}`);
  const { pledgeId } = (await created.json()) as { pledgeId: string };
  const { rows } = await mode.database.db.query('SELECT payment_intent_id FROM pledges WHERE id = $1', [pledgeId]);
  const paymentIntent = mode.stripe.succeed(rows[0].payment_intent_id);
  const answer = await deliverRaw(stripeEvent('payment_intent.succeeded', paymentIntent));
  expect(await answer.json()).toEqual({ received: true, outcome: 'processed' });
  return { pledgeId, paymentIntent };
}

const progress = async () =>
  (await getCampaignProgress(mode.app, { slug: 'orti' })).json() as Promise<{ raisedCents: number; donors: number }>;
const rejected = async () =>
  (await mode.database.db.query('SELECT event_id, type, object_id, reason, fields FROM stripe_events_rejected ORDER BY id')).rows as {
    event_id: string | null;
    type: string | null;
    object_id: string | null;
    reason: string;
    fields: Record<string, unknown>;
  }[];
const ledger = async () => (await mode.database.db.query('SELECT external_key, kind, amount_cents FROM ledger_entries ORDER BY id')).rows;

async function expectRejected(event: unknown, reason: RegExp) {
  const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  const before = { ledger: await ledger(), progress: await progress() };
  const response = await deliverRaw(event);
  errors.mockRestore();
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ received: true, outcome: 'rejected' });
  expect(await ledger()).toEqual(before.ledger);
  expect(await progress()).toEqual(before.progress);
  const rows = await rejected();
  expect(rows.at(-1)!.reason).toMatch(reason);
  return rows.at(-1)!;
}

describe('a signed payment_intent.succeeded of the wrong shape', () => {
  it('with amount "500" as a string is rejected, not added to the 3,000 cents already raised', async () => {
    const { paymentIntent } = await recordedDonation();
    const other = await postPledge(mode.app, jsonRequest('/api/pledges', pledgeBody('orti', 500)), `198.51.100.${++ip}`);
    const { pledgeId } = (await other.json()) as { pledgeId: string };
    const event = stripeEvent('payment_intent.succeeded', {
      ...paymentIntent,
      id: 'pi_stringamount1',
      amount: '500',
      amount_received: '500',
      metadata: { pledgeId, campaign: 'orti' },
    });
    const row = await expectRejected(event, /data\.object\.amount/);
    expect(row).toMatchObject({ event_id: event.id, type: 'payment_intent.succeeded', object_id: 'pi_stringamount1' });
    expect(row.fields).toMatchObject({ amount: '500', currency: 'eur', 'metadata.campaign': 'orti', 'metadata.pledgeId': pledgeId });
    expect(await progress()).toMatchObject({ raisedCents: 3_000, donors: 1 });
    // No personal data is kept: the receipt e-mail the PaymentIntent carries is not in the row.
    expect(JSON.stringify(row)).not.toContain('ada@example.org');
    expect(await mode.database.db.query('SELECT 1 FROM stripe_events WHERE id = $1', [event.id])).toMatchObject({ rowCount: 0 });
  });

  const base = () => {
    const pledgeId = crypto.randomUUID();
    return {
      id: 'pi_shape0000000001',
      object: 'payment_intent',
      amount: 2_000,
      amount_received: 2_000,
      currency: 'eur',
      status: 'succeeded',
      metadata: { pledgeId, campaign: 'orti' },
    };
  };
  it.each([
    { why: 'no metadata', change: (pi: any) => ({ ...pi, metadata: {} }), reason: /metadata\.campaign/ },
    { why: 'metadata: null', change: (pi: any) => ({ ...pi, metadata: null }), reason: /metadata/ },
    {
      why: 'a pledgeId that is not one',
      change: (pi: any) => ({ ...pi, metadata: { ...pi.metadata, pledgeId: 'x' } }),
      reason: /metadata\.pledgeId/,
    },
    { why: 'a zero amount', change: (pi: any) => ({ ...pi, amount: 0, amount_received: 0 }), reason: /amount/ },
    { why: 'a negative amount', change: (pi: any) => ({ ...pi, amount: -500, amount_received: -500 }), reason: /amount/ },
    { why: 'a fractional amount', change: (pi: any) => ({ ...pi, amount: 2_000.5, amount_received: 2_000.5 }), reason: /amount/ },
    {
      why: 'an amount above one million euros',
      change: (pi: any) => ({ ...pi, amount: 100_000_001, amount_received: 100_000_001 }),
      reason: /amount/,
    },
    { why: 'more received than asked', change: (pi: any) => ({ ...pi, amount_received: 2_001 }), reason: /amount_received/ },
    { why: 'dollars', change: (pi: any) => ({ ...pi, currency: 'usd' }), reason: /currency/ },
    { why: 'no id', change: ({ id: _id, ...pi }: any) => pi, reason: /data\.object\.id/ },
    { why: 'an id that is not a PaymentIntent', change: (pi: any) => ({ ...pi, id: 'ch_123' }), reason: /data\.object\.id/ },
  ])('with $why is rejected', async ({ change, reason }) => {
    await expectRejected(stripeEvent('payment_intent.succeeded', change(base())), reason);
    expect(await progress()).toMatchObject({ raisedCents: 0, donors: 0 });
  });

  it.each([
    { why: 'data: null', change: (event: any) => ({ ...event, data: null }), reason: /data/ },
    { why: 'no event id', change: ({ id: _id, ...event }: any) => event, reason: /^id:/ },
    { why: 'an event id with a NUL', change: (event: any) => ({ ...event, id: 'evt_\u0000' }), reason: /^id:/ },
    { why: 'no type', change: ({ type: _type, ...event }: any) => event, reason: /^type:/ },
    // Found by the hostile-input test: jsonb refuses a lone surrogate, which JSON.stringify writes as \ud800.
    {
      why: 'a lone surrogate in a kept field',
      change: (event: any) => ({ ...event, data: { object: { ...event.data.object, created: '\ud800', amount: 'x\udc00' } } }),
      reason: /^data\.object\.amount/,
    },
  ])('with $why in the envelope is rejected', async ({ change, reason }) => {
    await expectRejected(change(stripeEvent('payment_intent.succeeded', base())), reason);
  });

  it('is stored once however often Stripe delivers it, and later events still apply', async () => {
    const event = stripeEvent('payment_intent.succeeded', { ...base(), amount: '2000' });
    await expectRejected(event, /amount/);
    await expectRejected(event, /amount/);
    expect(await rejected()).toHaveLength(1);
    await recordedDonation();
    expect(await progress()).toMatchObject({ raisedCents: 3_000, donors: 1 });
  });
});

describe('refunds and disputes of the wrong shape', () => {
  it('a refund.created with amount "1000" takes nothing from the campaign', async () => {
    const { paymentIntent } = await recordedDonation();
    const charge = mode.stripe.charges.get(paymentIntent.latest_charge!) ?? buildCharge(paymentIntent);
    const refund = { ...buildRefund(charge, { amount: 1_000 }), amount: '1000' };
    await expectRejected(stripeEvent('refund.created', refund), /data\.object\.amount/);
    expect(await progress()).toMatchObject({ raisedCents: 3_000, donors: 1 });
  });

  it('a charge.refunded whose embedded refund has a string amount is rejected whole', async () => {
    const { paymentIntent } = await recordedDonation();
    const charge = mode.stripe.charges.get(paymentIntent.latest_charge!)!;
    const refund = { ...buildRefund(charge, { amount: 500 }), amount: '500' };
    const event = stripeEvent('charge.refunded', { ...charge, amount_refunded: 500, refunds: { ...charge.refunds, data: [refund] } });
    await expectRejected(event, /data\.object\.refunds\.data\.0\.amount/);
  });

  it('a lost dispute without an amount is rejected', async () => {
    const { paymentIntent } = await recordedDonation();
    const dispute = {
      id: 'du_noamount000001',
      object: 'dispute',
      currency: 'eur',
      charge: paymentIntent.latest_charge,
      payment_intent: paymentIntent.id,
      status: 'lost',
    };
    await expectRejected(stripeEvent('charge.dispute.closed', dispute), /data\.object\.amount/);
  });

  it('an event type the platform does not apply is recorded as ignored, whatever its object', async () => {
    const response = await deliverRaw(stripeEvent('customer.created', { id: 'cus_1', object: 'customer', email: 'x@example.org' }));
    expect(await response.json()).toEqual({ received: true, outcome: 'ignored' });
    expect(await rejected()).toEqual([]);
  });
});
