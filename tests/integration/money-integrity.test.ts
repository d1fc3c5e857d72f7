/**
 * The ledger under the conditions that break crowdfunding platforms: many notifications, repeated
 * and out of order, concurrent threshold crossings against a small pool, refunds, the closing job
 * run twice at once, and the database failing half-way through a webhook. The tests share one
 * database and one fake Stripe on purpose: the last one reconciles everything the others did.
 */
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/server/app.ts';
import type { Db } from '../../src/server/db/pool.ts';
import { closeCampaigns } from '../../src/server/closing/service.ts';
import { getAdminReconciliation, getCallPool, getCampaignProgress, postPledge, postStripeWebhook } from '../../src/server/http/routes.ts';
import { reconcile, runNightlyReconciliation, type ReconciliationReport } from '../../src/server/reconciliation/service.ts';
import { freshDatabase, type TestDatabase } from '../support/database.ts';
import { jsonRequest, pledgeBody, testApp, testCall, testCampaign, testCatalog, stripePayments } from '../support/app.ts';
import { readyPayee } from '../support/payees.ts';
import { startFakeStripe, type FakePaymentIntent, type FakeStripe } from '../support/fake-stripe.ts';
import { chargeRefundedEvent, stripeEvent, webhookDelivery, type FakeStripeEvent } from '../support/stripe-events.ts';

const WEBHOOK_SECRET = 'whsec_test_secret_for_integration';
const ADMIN_TOKEN = 'admin-token-for-the-integration-tests';
const SHARE = 500_000;

// Each scenario has its own call, so pools and totals of one never mix with another's.
const flood = testCall({ id: 'flood', poolCents: 100_000_000, donation: { minCents: 500, maxCents: 500_000 } });
const threshold = testCall({ id: 'threshold' });
const scarce = testCall({ id: 'scarce', poolCents: 7 * SHARE + 123_456 });
const refunds = testCall({ id: 'refunds' });
const allOrNothing = testCall({ id: 'all-or-nothing', fundingModel: 'all-or-nothing', poolCents: 2_000_000 });
const keepItAll = testCall({ id: 'keep-it-all', fundingModel: 'keep-it-all', poolCents: 2_000_000 });
const failure = testCall({ id: 'failure' });

const CLOSES = '2027-02-01T00:00:00.000Z';
const AFTER_CLOSING = new Date('2027-02-01T00:05:00Z');
const scarceSlugs = Array.from({ length: 20 }, (_, i) => `scarce-${String(i).padStart(2, '0')}`);
const closingCampaigns = [
  testCampaign(allOrNothing, 'aon-reached', { closesAt: CLOSES }),
  testCampaign(allOrNothing, 'aon-missed', { closesAt: CLOSES }),
  testCampaign(keepItAll, 'kia-missed', { closesAt: CLOSES }),
];
const busy = testCampaign(allOrNothing, 'aon-busy', { closesAt: CLOSES });
const catalog = testCatalog(
  [flood, threshold, scarce, refunds, allOrNothing, keepItAll, failure],
  [
    ...['flood-a', 'flood-b', 'flood-c'].map((slug) => testCampaign(flood, slug)),
    testCampaign(threshold, 'threshold-one'),
    ...scarceSlugs.map((slug) => testCampaign(scarce, slug)),
    testCampaign(refunds, 'refunds-one'),
    testCampaign(refunds, 'disputes-one'),
    ...closingCampaigns,
    busy,
    testCampaign(failure, 'failure-one'),
  ],
);

let database: TestDatabase;
let stripe: FakeStripe;
let app: App;
let ip = 0;

function appWith(options: { db?: Db; now?: () => Date; catalog?: typeof catalog; buildHookUrl?: string } = {}): App {
  return testApp({
    db: options.db ?? database.appDb,
    catalog: options.catalog ?? catalog,
    ...(options.now && { now: options.now }),
    config: {
      payments: stripePayments(stripe.apiBase),
      webhookSecret: WEBHOOK_SECRET,
      adminToken: ADMIN_TOKEN,
      buildHookUrl: options.buildHookUrl,
    },
  });
}

beforeAll(async () => {
  database = await freshDatabase({ poolSize: 24 });
  stripe = await startFakeStripe();
  app = appWith();
  await readyPayee(app, stripe, 'org');
});
afterAll(async () => {
  await database.close();
  await stripe.close();
});

function deliver(event: FakeStripeEvent, target: App = app): Promise<Response> {
  const { body, headers } = webhookDelivery(event, WEBHOOK_SECRET);
  return postStripeWebhook(target, new Request('http://localhost/api/stripe/webhook', { method: 'POST', headers, body }));
}

async function deliverAll(events: FakeStripeEvent[], senders: number, target: App = app): Promise<number[]> {
  const statuses: number[] = new Array(events.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: senders }, async () => {
      while (next < events.length) {
        const index = next++;
        statuses[index] = (await deliver(events[index]!, target)).status;
      }
    }),
  );
  return statuses;
}

/** A pledge made through the API, whose PaymentIntent now exists at the fake Stripe. */
async function pledgeAtStripe(campaign: string, amountCents: number): Promise<{ pledgeId: string; paymentIntentId: string }> {
  const response = await postPledge(
    app,
    jsonRequest(
      '/api/pledges',
      pledgeBody(campaign, amountCents, { donor: { name: `Donor ${ip + 1}`, email: `donor${ip + 1}@example.org`, anonymous: false } }),
    ),
    `203.0.113.${++ip % 250}-${ip}`,
  );
  expect(response.status).toBe(201);
  const { pledgeId } = (await response.json()) as { pledgeId: string };
  const { rows } = await database.db.query<{ payment_intent_id: string }>('SELECT payment_intent_id FROM pledges WHERE id = $1', [
    pledgeId,
  ]);
  return { pledgeId, paymentIntentId: rows[0]!.payment_intent_id };
}

async function paid(campaign: string, amountCents: number) {
  const { pledgeId, paymentIntentId } = await pledgeAtStripe(campaign, amountCents);
  const paymentIntent = stripe.succeed(paymentIntentId);
  return { pledgeId, paymentIntent, event: stripeEvent('payment_intent.succeeded', paymentIntent) };
}

async function inBatches<T, R>(items: T[], size: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += size)
    results.push(...(await Promise.all(items.slice(i, i + size).map((item, j) => work(item, i + j)))));
  return results;
}

const progress = async (slug: string, target: App = app) =>
  (await getCampaignProgress(target, { slug })).json() as Promise<Record<string, any>>;
const pool = async (id: string) => (await getCallPool(app, { id })).json() as Promise<Record<string, any>>;
const entries = async (kind: string, callId: string) =>
  (
    await database.db.query<{ campaign: string; amount_cents: number }>(
      'SELECT campaign, amount_cents FROM ledger_entries WHERE kind = $1 AND call_id = $2 ORDER BY id',
      [kind, callId],
    )
  ).rows;
const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

/** Deterministic shuffling, so a failure can be replayed. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

// The fake Stripe stamps objects with the real clock, the app runs on the tests' clock (NOW).
const stripePeriod = () => ({ from: new Date(Date.now() - 3_600_000), to: new Date(Date.now() + 3_600_000) });

async function expectReconciled(): Promise<ReconciliationReport> {
  const report = await reconcile(app, stripePeriod());
  expect(report.stripe).toBe('checked');
  expect(report.differences).toEqual([]);
  return report;
}

describe('money integrity', () => {
  it('1,000 signed webhook deliveries, with duplicates and shuffled, for 300 payments: totals equal the distinct succeeded payments to the cent', async () => {
    const random = seededRandom(20_270_115);
    const slugs = ['flood-a', 'flood-b', 'flood-c'];
    const payments = await inBatches(
      Array.from({ length: 300 }, (_, i) => i),
      10,
      async (i) => {
        const campaign = slugs[i % 3]!;
        const amountCents = 500 + Math.floor(random() * 49_500);
        return { campaign, amountCents, ...(await pledgeAtStripe(campaign, amountCents)) };
      },
    );

    const base: FakeStripeEvent[] = [];
    const expected = new Map(slugs.map((slug) => [slug, { raisedCents: 0, donors: 0 }]));
    payments.forEach(({ campaign, amountCents, paymentIntentId }, i) => {
      if (i % 5 === 4) {
        // A fifth are declined and never paid.
        base.push(stripeEvent('payment_intent.payment_failed', stripe.fail(paymentIntentId)));
        return;
      }
      // Some are declined first and paid on the second attempt: their failure may arrive last.
      if (i % 7 === 0) base.push(stripeEvent('payment_intent.payment_failed', stripe.fail(paymentIntentId)));
      const succeeded: FakePaymentIntent = stripe.succeed(paymentIntentId);
      base.push(stripeEvent('payment_intent.succeeded', succeeded));
      // Stripe may also notify the same payment under a second event id.
      if (i % 9 === 0) base.push(stripeEvent('payment_intent.succeeded', succeeded));
      const totals = expected.get(campaign)!;
      totals.raisedCents += amountCents;
      totals.donors += 1;
    });
    const deliveries = [...base];
    while (deliveries.length < 1_000) deliveries.push(base[Math.floor(random() * base.length)]!);
    for (let i = deliveries.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [deliveries[i], deliveries[j]] = [deliveries[j]!, deliveries[i]!];
    }

    const statuses = await deliverAll(deliveries, 16);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);

    for (const slug of slugs) {
      expect(await progress(slug)).toMatchObject(expected.get(slug)!);
    }
    const donations = await entries('donation', flood.id);
    expect(donations).toHaveLength(240);
    expect(sum(donations.map((entry) => entry.amount_cents))).toBe(sum([...expected.values()].map((totals) => totals.raisedCents)));
    const { rows } = await database.db.query<{ status: string; n: number }>(
      "SELECT status, count(*)::int AS n FROM pledges WHERE campaign LIKE 'flood-%' GROUP BY status ORDER BY status",
    );
    expect(rows).toEqual([
      { status: 'failed', n: 60 },
      { status: 'succeeded', n: 240 },
    ]);
    const distinctEvents = new Set(base.map((event) => event.id)).size;
    const stored = await database.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM stripe_events WHERE type LIKE 'payment_intent.%'",
    );
    expect(stored.rows[0]!.n).toBe(distinctEvents);
    await expectReconciled();
  });

  it('50 concurrent donations crossing a campaign threshold make exactly one reservation', async () => {
    const first = await paid('threshold-one', 480_000);
    expect((await deliver(first.event)).status).toBe(200);
    const payments = await inBatches(
      Array.from({ length: 50 }, (_, i) => i),
      10,
      () => paid('threshold-one', 1_000),
    );

    const statuses = await deliverAll(
      payments.map((payment) => payment.event),
      50,
    );
    expect(statuses.every((status) => status === 200)).toBe(true);

    expect(await entries('reservation', threshold.id)).toEqual([{ campaign: 'threshold-one', amount_cents: SHARE }]);
    expect(await progress('threshold-one')).toMatchObject({
      raisedCents: 530_000,
      donors: 51,
      cofunding: { status: 'reserved', cents: SHARE },
    });
    expect(await pool(threshold.id)).toMatchObject({ reservedCents: SHARE, grantedCents: 0, remainingCents: threshold.poolCents! - SHARE });
    await expectReconciled();
  });

  it('20 campaigns crossing at once against a pool of 7 shares: reservations never exceed the pool and the 8th gets the remainder, pool_exhausted', async () => {
    const payments = await inBatches(scarceSlugs, 10, (slug) => paid(slug, SHARE));
    const statuses = await deliverAll(
      payments.map((payment) => payment.event),
      20,
    );
    expect(statuses.every((status) => status === 200)).toBe(true);

    const reservations = await entries('reservation', scarce.id);
    expect(reservations.map((entry) => entry.amount_cents)).toEqual([...Array(7).fill(SHARE), 123_456]);
    expect(sum(reservations.map((entry) => entry.amount_cents))).toBeLessThanOrEqual(scarce.poolCents!);

    const shares = await Promise.all(scarceSlugs.map(async (slug) => ({ slug, ...(await progress(slug))['cofunding'] })));
    expect(shares.filter((share) => share.status === 'reserved' && share.cents === SHARE)).toHaveLength(7);
    const eighth = shares.filter((share) => share.status === 'pool_exhausted' && share.cents > 0);
    expect(eighth).toEqual([{ slug: reservations[7]!.campaign, status: 'pool_exhausted', cents: 123_456 }]);
    expect(shares.filter((share) => share.status === 'pool_exhausted' && share.cents === 0)).toHaveLength(12);

    const view = await pool(scarce.id);
    expect(view).toEqual({
      call: scarce.id,
      poolCents: scarce.poolCents,
      reservedCents: scarce.poolCents,
      grantedCents: 0,
      remainingCents: 0,
    });
    expect(view['reservedCents']).toBe(sum(shares.map((share) => share.cents)));
    await expectReconciled();
  });

  it('a refund that drops an open campaign below its threshold releases the share to the pool, and a failed refund reserves it again', async () => {
    const big = await paid('refunds-one', SHARE);
    await deliver(big.event);
    expect(await pool(refunds.id)).toMatchObject({ reservedCents: SHARE });

    // A one-cent refund, still pending at Stripe, already takes the campaign under the threshold.
    stripe.refundStatus = 'pending';
    const refund = await app.stripe()!.refunds.create({ payment_intent: big.paymentIntent.id, amount: 1 });
    stripe.refundStatus = 'succeeded';
    expect((await deliver(stripeEvent('refund.created', refund))).status).toBe(200);
    expect(await progress('refunds-one')).toMatchObject({
      raisedCents: SHARE - 1,
      donors: 1,
      thresholdReached: false,
      cofunding: { status: 'released', cents: 0 },
    });
    expect(await pool(refunds.id)).toMatchObject({ reservedCents: 0, remainingCents: refunds.poolCents });

    // The same refund told again by charge.refunded counts nothing more.
    const charge = stripe.charges.get(big.paymentIntent.latest_charge!)!;
    expect(await (await deliver(chargeRefundedEvent(charge))).json()).toEqual({ received: true, outcome: 'duplicate' });
    expect(await progress('refunds-one')).toMatchObject({ raisedCents: SHARE - 1 });

    // The refund fails: the cent is the campaign's again, and so is the city's share.
    const failed = stripe.settleRefund(refund.id, 'failed');
    expect((await deliver(stripeEvent('refund.failed', failed))).status).toBe(200);
    expect(await progress('refunds-one')).toMatchObject({ raisedCents: SHARE, donors: 1, cofunding: { status: 'reserved', cents: SHARE } });
    expect(await pool(refunds.id)).toMatchObject({ reservedCents: SHARE });
    // A stale "pending" notification of the failed refund, arriving last, changes nothing.
    expect(await (await deliver(stripeEvent('refund.updated', refund))).json()).toEqual({ received: true, outcome: 'duplicate' });

    // Then refunded in full: the donor no longer counts.
    await app.stripe()!.refunds.create({ payment_intent: big.paymentIntent.id });
    await deliver(chargeRefundedEvent(charge));
    expect(await progress('refunds-one')).toMatchObject({ raisedCents: 0, donors: 0, cofunding: { status: 'released', cents: 0 } });
    expect(await pool(refunds.id)).toMatchObject({ reservedCents: 0, remainingCents: refunds.poolCents });
    await expectReconciled();
  });

  it('a lost dispute takes the disputed money from the campaign once; a won one takes nothing', async () => {
    const lost = await paid('disputes-one', 20_000);
    const won = await paid('disputes-one', 30_000);
    await deliverAll([lost.event, won.event], 2);
    const dispute = (payment: typeof lost, status: 'lost' | 'won') =>
      stripeEvent('charge.dispute.closed', {
        id: `du_${payment.pledgeId.replaceAll('-', '').slice(0, 20)}`,
        object: 'dispute',
        amount: payment.paymentIntent.amount,
        currency: 'eur',
        charge: payment.paymentIntent.latest_charge,
        payment_intent: payment.paymentIntent.id,
        reason: 'fraudulent',
        status,
      });
    const lostEvent = dispute(lost, 'lost');
    expect(await (await deliver(lostEvent)).json()).toEqual({ received: true, outcome: 'processed' });
    expect(await (await deliver(dispute(lost, 'lost'))).json()).toEqual({ received: true, outcome: 'duplicate' });
    expect(await (await deliver(dispute(won, 'won'))).json()).toEqual({ received: true, outcome: 'ignored' });
    expect(await progress('disputes-one')).toMatchObject({ raisedCents: 30_000, donors: 1 });
    await expectReconciled();
  });

  it('charge.refunded without its refunds (newer API versions) gets them from Stripe and counts each once', async () => {
    const payment = await paid('disputes-one', 9_000);
    await deliver(payment.event);
    await app.stripe()!.refunds.create({ payment_intent: payment.paymentIntent.id, amount: 1_000 });
    await app.stripe()!.refunds.create({ payment_intent: payment.paymentIntent.id, amount: 2_000 });
    const { refunds: embedded, ...bareCharge } = stripe.charges.get(payment.paymentIntent.latest_charge!)!;
    expect(embedded.data).toHaveLength(2);
    const event = stripeEvent('charge.refunded', bareCharge);
    expect(await (await deliver(event)).json()).toEqual({ received: true, outcome: 'processed' });
    expect(await (await deliver(stripeEvent('charge.refunded', bareCharge))).json()).toEqual({ received: true, outcome: 'duplicate' });
    expect(stripe.requests.some((r) => r.method === 'GET' && r.path === '/v1/refunds' && r.query['charge'] === bareCharge.id)).toBe(true);
    expect(await progress('disputes-one')).toMatchObject({ raisedCents: 30_000 + 6_000, donors: 2 });
    await expectReconciled();
  });

  it('close-campaigns run twice at once: one outcome per campaign, one refund per donation, confirmed by the refund webhooks', async () => {
    const hookCalls: string[] = [];
    const hook: Server = createServer((request, response) => {
      hookCalls.push(request.method ?? '');
      response.writeHead(200).end('{}');
    }).listen(0, '127.0.0.1');
    await once(hook, 'listening');
    const closingCatalog = testCatalog([allOrNothing, keepItAll], closingCampaigns);
    const closing = appWith({
      catalog: closingCatalog,
      now: () => AFTER_CLOSING,
      buildHookUrl: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/build_hooks/x`,
    });
    try {
      const reached = await paid('aon-reached', SHARE);
      const missed = await inBatches([10_000, 12_000, 8_000], 3, (amount) => paid('aon-missed', amount));
      const keptAnyway = await paid('kia-missed', 40_000);
      await deliverAll([reached.event, keptAnyway.event, ...missed.map((payment) => payment.event)], 5);
      // One donor already got part of their money back while the campaign was open.
      const partial = await app.stripe()!.refunds.create({ payment_intent: missed[0]!.paymentIntent.id, amount: 4_000 });
      await deliver(stripeEvent('refund.created', partial));
      expect(await progress('aon-missed')).toMatchObject({ raisedCents: 26_000, donors: 3 });

      stripe.refundStatus = 'pending';
      const refundsBefore = stripe.refunds.size;
      const [one, two] = await Promise.all([closeCampaigns(closing), closeCampaigns(closing)]);

      const closed = [...one.closed, ...two.closed].map((c) => `${c.campaign}:${c.outcome}`).sort();
      expect(closed).toEqual(['aon-missed:failed', 'aon-reached:succeeded', 'kia-missed:failed']);
      const outcomes = await database.db.query(
        'SELECT campaign, outcome, granted_cents, refunds_owed FROM campaign_outcomes ORDER BY campaign',
      );
      expect(outcomes.rows).toEqual([
        { campaign: 'aon-missed', outcome: 'failed', granted_cents: 0, refunds_owed: 3 },
        { campaign: 'aon-reached', outcome: 'succeeded', granted_cents: SHARE, refunds_owed: 0 },
        { campaign: 'kia-missed', outcome: 'failed', granted_cents: 0, refunds_owed: 0 },
      ]);

      const refundCalls = stripe.requests.filter(
        (r) => r.method === 'POST' && r.path === '/v1/refunds' && r.idempotencyKey?.startsWith('refund-'),
      );
      expect(refundCalls.map((r) => r.idempotencyKey).sort()).toEqual(missed.map((payment) => `refund-${payment.pledgeId}`).sort());
      const issued = [...stripe.refunds.values()].slice(refundsBefore);
      expect(issued.map((refund) => [refund.payment_intent, refund.amount]).sort()).toEqual(
        [
          [missed[0]!.paymentIntent.id, 6_000],
          [missed[1]!.paymentIntent.id, 12_000],
          [missed[2]!.paymentIntent.id, 8_000],
        ].sort(),
      );
      expect(hookCalls.length).toBeGreaterThanOrEqual(1);
      expect(hookCalls.every((method) => method === 'POST')).toBe(true);

      // Pending refunds already count: the failed campaign holds nothing, the successful one is granted.
      expect(await progress('aon-missed', closing)).toMatchObject({
        state: 'failed',
        raisedCents: 0,
        donors: 0,
        cofunding: { status: 'none', cents: 0 },
      });
      expect(await progress('aon-reached', closing)).toMatchObject({ state: 'succeeded', cofunding: { status: 'granted', cents: SHARE } });
      expect(await progress('kia-missed', closing)).toMatchObject({ state: 'failed', raisedCents: 40_000, donors: 1 });
      expect(await pool(allOrNothing.id)).toMatchObject({
        reservedCents: 0,
        grantedCents: SHARE,
        remainingCents: allOrNothing.poolCents! - SHARE,
      });
      const tracked = async () => (await database.db.query('SELECT status, count(*)::int AS n FROM closing_refunds GROUP BY status')).rows;
      expect(await tracked()).toEqual([{ status: 'pending', n: 3 }]);

      // Stripe confirms them; each confirmation arrives twice.
      const confirmations = issued.map((refund) => stripeEvent('refund.updated', stripe.settleRefund(refund.id, 'succeeded')));
      expect(await deliverAll([...confirmations, ...confirmations], 4, closing)).toEqual(Array(6).fill(200));
      expect(await tracked()).toEqual([{ status: 'succeeded', n: 3 }]);

      // A payment confirmed only after the failure is owed back too, by the next run.
      const late = await pledgeAtStripe('aon-missed', 5_000).then(({ paymentIntentId }) =>
        stripeEvent('payment_intent.succeeded', stripe.succeed(paymentIntentId)),
      );
      expect((await deliver(late, closing)).status).toBe(200);
      const hooksBefore = hookCalls.length;
      const third = await closeCampaigns(closing);
      expect(third).toMatchObject({ closed: [], refunds: { issued: 1, failedAttempts: 0 }, buildHook: 'not_needed' });
      expect(hookCalls.length).toBe(hooksBefore);
      const fourth = await closeCampaigns(closing);
      expect(fourth).toMatchObject({ closed: [], refunds: { issued: 0, failedAttempts: 0, notNeeded: 0 } });
      expect(stripe.refunds.size - refundsBefore).toBe(4);
      expect(await progress('aon-missed', closing)).toMatchObject({ state: 'failed', raisedCents: 0, donors: 0 });
    } finally {
      stripe.refundStatus = 'succeeded';
      hook.close();
    }
    await expectReconciled();
  });

  it('closing while refunds and late payments of the same campaign arrive: every donation is returned exactly once', async () => {
    const donations = await inBatches(
      Array.from({ length: 20 }, (_, i) => 2_000 + i * 100),
      10,
      (amount) => paid('aon-busy', amount),
    );
    expect(
      await deliverAll(
        donations.map((d) => d.event),
        8,
      ),
    ).toEqual(Array(20).fill(200));
    // Partial refunds already made at Stripe, and payments already succeeded, whose webhooks are still on their way.
    const partials = await inBatches(donations.slice(0, 10), 5, async (d) =>
      stripeEvent('refund.created', await app.stripe()!.refunds.create({ payment_intent: d.paymentIntent.id, amount: 500 })),
    );
    const late = await inBatches([1_500, 2_500, 3_500, 4_500, 5_500], 5, (amount) => paid('aon-busy', amount));
    const busyApp = appWith({ catalog: testCatalog([allOrNothing], [busy]), now: () => AFTER_CLOSING });

    const [statuses] = await Promise.all([
      deliverAll([...partials, ...late.map((l) => l.event)], 6, busyApp),
      closeCampaigns(busyApp),
      closeCampaigns(busyApp),
    ]);
    expect(statuses).toEqual(Array(15).fill(200));
    for (let run = 0; run < 3 && (await closeCampaigns(busyApp)).refunds.issued > 0; run++);

    const everyone = [...donations, ...late];
    const { rows } = await database.db.query<{ amount_cents: number; refunded_cents: number }>(
      "SELECT amount_cents, refunded_cents FROM pledges WHERE campaign = 'aon-busy' AND status = 'succeeded'",
    );
    expect(rows).toHaveLength(25);
    expect(rows.every((row) => row.refunded_cents === row.amount_cents)).toBe(true);
    for (const { paymentIntent, pledgeId } of everyone) {
      const charge = stripe.charges.get(paymentIntent.latest_charge!)!;
      expect(charge.amount_refunded, pledgeId).toBe(charge.amount);
      const closingRefunds = [...stripe.refunds.values()].filter((refund) => refund.metadata?.['pledgeId'] === pledgeId);
      expect(closingRefunds, pledgeId).toHaveLength(1);
    }
    expect(await progress('aon-busy', busyApp)).toMatchObject({ state: 'failed', raisedCents: 0, donors: 0 });
    const outcome = await database.db.query("SELECT outcome, refunds_owed FROM campaign_outcomes WHERE campaign = 'aon-busy'");
    expect(outcome.rows).toHaveLength(1);
    await expectReconciled();
  });

  describe('the database failing in the middle of a webhook', () => {
    /**
     * A Db whose `failAt`-th query inside the webhook's transaction fails, as a dropped connection would.
     * Only the first connection counts: later ones are the payouts issued after commit, which never fail a delivery.
     */
    function failingDb(db: Db, failAt: number): { db: Db; queries: () => number } {
      let count = 0;
      let connections = 0;
      const wrapped = new Proxy(db, {
        get(target, property) {
          if (property === 'connect') {
            return async () => {
              const client = await target.connect();
              if (++connections > 1) return client;
              return new Proxy(client, {
                get(inner, name) {
                  if (name === 'query') {
                    return (...args: unknown[]) => {
                      count += 1;
                      if (count === failAt) return Promise.reject(new Error('injected: the connection to the database was lost'));
                      return (inner.query as (...a: unknown[]) => unknown)(...args);
                    };
                  }
                  const value = Reflect.get(inner, name);
                  return typeof value === 'function' ? value.bind(inner) : value;
                },
              });
            };
          }
          const value = Reflect.get(target, property);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
      return { db: wrapped, queries: () => count };
    }

    const nothingWritten = async (paymentIntentId: string, eventId: string, pledgeId: string) => {
      const { rows } = await database.db.query(
        `SELECT (SELECT count(*)::int FROM stripe_events WHERE id = $1) AS events,
                (SELECT count(*)::int FROM ledger_entries WHERE external_key = $2) AS entries,
                (SELECT status FROM pledges WHERE id = $3) AS status`,
        [eventId, `payment:${paymentIntentId}`, pledgeId],
      );
      expect(rows[0]).toEqual({ events: 0, entries: 0, status: 'pending' });
    };

    it('at every query of the transaction: 5xx, nothing half-written, and the redelivery records it exactly once', async () => {
      const probe = await paid('failure-one', 1_000);
      const counter = failingDb(database.db, Number.POSITIVE_INFINITY);
      expect((await deliver(probe.event, appWith({ db: counter.db }))).status).toBe(200);
      const queriesPerDelivery = counter.queries();
      expect(queriesPerDelivery).toBeGreaterThan(5);

      let expectedRaised = 1_000;
      for (let failAt = 1; failAt <= queriesPerDelivery; failAt++) {
        const payment = await paid('failure-one', 1_000 + failAt);
        const broken = appWith({ db: failingDb(database.db, failAt).db });
        const response = await deliver(payment.event, broken);
        expect(response.status, `failing query ${failAt}`).toBeGreaterThanOrEqual(500);
        await nothingWritten(payment.paymentIntent.id, payment.event.id, payment.pledgeId);
        expect(await progress('failure-one')).toMatchObject({ raisedCents: expectedRaised });

        expect(await (await deliver(payment.event)).json()).toEqual({ received: true, outcome: 'processed' });
        expect(await (await deliver(payment.event)).json()).toEqual({ received: true, outcome: 'duplicate' });
        expectedRaised += 1_000 + failAt;
        expect(await progress('failure-one')).toMatchObject({ raisedCents: expectedRaised });
      }
    });

    it('when PostgreSQL itself raises an error mid-transaction: 5xx, nothing half-written, and the redelivery records it', async () => {
      const payment = await paid('failure-one', 7_777);
      const before = (await progress('failure-one'))['raisedCents'] as number;
      await database.db.query(`
        CREATE FUNCTION refuse_entry() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.external_key = 'payment:${payment.paymentIntent.id}' THEN RAISE EXCEPTION 'disk full (simulated)'; END IF;
          RETURN NEW;
        END $$;
        CREATE TRIGGER refuse_entry BEFORE INSERT ON ledger_entries FOR EACH ROW EXECUTE FUNCTION refuse_entry();`);
      try {
        const response = await deliver(payment.event);
        expect(response.status).toBe(500);
        await nothingWritten(payment.paymentIntent.id, payment.event.id, payment.pledgeId);
        expect(await progress('failure-one')).toMatchObject({ raisedCents: before });
      } finally {
        await database.db.query('DROP TRIGGER refuse_entry ON ledger_entries; DROP FUNCTION refuse_entry();');
      }
      expect(await (await deliver(payment.event)).json()).toEqual({ received: true, outcome: 'processed' });
      expect(await (await deliver(payment.event)).json()).toEqual({ received: true, outcome: 'duplicate' });
      expect(await progress('failure-one')).toMatchObject({ raisedCents: before + 7_777 });
      await expectReconciled();
    });
  });

  it('reconciliation finds zero differences after all of the above, and finds each difference planted', async () => {
    const clean = await expectReconciled();
    expect(clean.checked.stripePaymentIntents).toBeGreaterThan(350);
    expect(clean.checked.campaigns).toBeGreaterThan(25);

    const url = (period: { from: Date; to: Date }) =>
      `http://localhost/api/admin/reconciliation?from=${period.from.toISOString()}&to=${period.to.toISOString()}`;
    const viaHttp = await getAdminReconciliation(
      app,
      new Request(url(stripePeriod()), { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }),
    );
    expect(viaHttp.status).toBe(200);
    expect(await viaHttp.json()).toMatchObject({ stripe: 'checked', differences: [] });

    // A running total written by hand, a pledge's refund figure tampered with, and a payment whose webhook never came.
    await database.db.query("UPDATE campaign_totals SET raised_cents = raised_cents + 1 WHERE campaign = 'threshold-one'");
    await database.db.query("UPDATE call_pools SET reserved_cents = reserved_cents - 100 WHERE call_id = 'scarce'");
    const lost = await paid('flood-a', 4_321);
    const report = await reconcile(app, stripePeriod());
    expect(report.differences).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          scope: 'campaign',
          subject: 'threshold-one',
          field: 'raisedCents',
          expected: 530_000,
          actual: 530_001,
          cause: expect.any(String),
        }),
        expect.objectContaining({
          scope: 'call',
          subject: 'scarce',
          field: 'reservedCents',
          expected: scarce.poolCents,
          actual: scarce.poolCents! - 100,
        }),
        expect.objectContaining({
          scope: 'stripe',
          subject: lost.paymentIntent.id,
          field: 'donation',
          expected: 4_321,
          actual: null,
          cause: expect.stringContaining('webhook'),
        }),
      ]),
    );
    expect(report.differences).toHaveLength(3);

    const nightly = await runNightlyReconciliation(appWith({ now: () => new Date() }));
    expect(nightly.differences).toBe(3);
    const stored = await database.db.query<{ differences: number; report: ReconciliationReport }>(
      'SELECT differences, report FROM reconciliation_runs WHERE id = $1',
      [nightly.id],
    );
    expect(stored.rows[0]!.differences).toBe(3);
    expect(stored.rows[0]!.report.differences).toHaveLength(3);
  });
});
