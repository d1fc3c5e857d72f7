/**
 * PostgreSQL stopped under load, on a server of its own: every request that needs it answers 503
 * storage_unavailable with Retry-After (never a 500, never a crash), each logged as one short line; when
 * PostgreSQL is back on the same port the same App and pool answer normally, and a webhook refused
 * during the outage is counted once when Stripe delivers it again.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startLocalPostgres, type LocalPostgres } from '../../scripts/lib/postgres.ts';
import type { App } from '../../src/server/app.ts';
import { createPool, type Db } from '../../src/server/db/pool.ts';
import { migrate } from '../../src/server/db/migrations.ts';
import { getCampaignProgress, postDemoConfirm, postPledge, postRegistration, postStripeWebhook } from '../../src/server/http/routes.ts';
import { jsonRequest, pledgeBody, testApp, testCall, testCampaign, testCatalog, testEvent } from '../support/app.ts';
import { buildPaymentIntent, stripeEvent, webhookDelivery, type FakeStripeEvent } from '../support/stripe-events.ts';

const WEBHOOK_SECRET = 'whsec_outage';
const call = testCall({ poolCents: 100_000_000 });
const catalog = testCatalog(
  [call],
  [testCampaign(call, 'orti', { goalCents: 100_000_000 })],
  [testEvent('webinar', { registration: { capacity: 5, opensAt: '2027-01-01T08:00:00.000Z', closesAt: '2027-02-09T11:00:00.000Z' } })],
);

let dir: string;
let port: number;
let postgres: LocalPostgres;
let db: Db;
let app: App;
const logged: string[] = [];
const consoleError = console.error;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'civic-outage-pg-'));
  port = await freePort();
  postgres = await startLocalPostgres({ dir, port });
  const owner = createPool(postgres.url, 1);
  await migrate(owner);
  await owner.end();
  db = createPool(postgres.appUrl, 10);
  app = testApp({ db, catalog, config: { webhookSecret: WEBHOOK_SECRET } });
  console.error = (...args: unknown[]) => void logged.push(args.map(String).join(' '));
});

afterAll(async () => {
  console.error = consoleError;
  await db?.end().catch(() => undefined);
  await postgres?.stop();
  await rm(dir, { recursive: true, force: true });
});

let ip = 0;
const nextIp = () => `10.9.${(++ip >> 8) & 255}.${ip & 255}`;

function deliver(event: FakeStripeEvent): Promise<Response> {
  const { body, headers } = webhookDelivery(event, WEBHOOK_SECRET);
  return postStripeWebhook(app, new Request('http://localhost/api/stripe/webhook', { method: 'POST', headers, body }));
}

/** A payment Stripe reports succeeded for a pledge the platform never stored: the webhook records it. */
function paymentEvent(amount: number): FakeStripeEvent {
  const paymentIntent = buildPaymentIntent({
    amount,
    currency: 'eur',
    status: 'succeeded',
    amount_received: amount,
    metadata: { pledgeId: crypto.randomUUID(), campaign: 'orti' },
  });
  return stripeEvent('payment_intent.succeeded', paymentIntent);
}

interface Outcome {
  at: number;
  ms: number;
  kind: string;
  status: number;
  code: string | null;
  retryAfter: string | null;
}

/** One request of a mix that touches every kind of write and read. */
async function oneRequest(n: number): Promise<Response> {
  switch (n % 4) {
    case 0: {
      const created = await postPledge(app, jsonRequest('/api/pledges', pledgeBody('orti', 1000)), nextIp());
      if (created.status !== 201) return created;
      const { pledgeId } = (await created.json()) as { pledgeId: string };
      return postDemoConfirm(app, { pledgeId });
    }
    case 1:
      return getCampaignProgress(app, { slug: 'orti' });
    case 2:
      return deliver(paymentEvent(700));
    default: {
      const person = { name: `P ${n}`, email: `p${n}@example.org`, consent: { privacy: true } };
      return postRegistration(app, jsonRequest('/api/infodays/webinar/registrations', person), { slug: 'webinar' }, nextIp());
    }
  }
}

const KINDS = ['pledge', 'progress', 'webhook', 'registration'];

/** Runs `workers` loops of requests until `stop()` says so; every answer is kept. */
function load(workers: number) {
  const outcomes: Outcome[] = [];
  let running = true;
  let n = 0;
  const loops = Array.from({ length: workers }, async () => {
    while (running) {
      const i = n++;
      const started = performance.now();
      const response = await oneRequest(i);
      const body = response.status >= 400 ? ((await response.json()) as { error?: { code?: string } }) : null;
      outcomes.push({
        at: started,
        ms: performance.now() - started,
        kind: KINDS[i % 4]!,
        status: response.status,
        code: body?.error?.code ?? null,
        retryAfter: response.headers.get('retry-after'),
      });
    }
  });
  return {
    outcomes,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

describe('PostgreSQL stopped under load', () => {
  it('answers 503 storage_unavailable with Retry-After while it is down and normally once it is back, with the same pool', async () => {
    const traffic = load(8);
    await sleep(1_500);
    const stopAt = performance.now();
    await postgres.stop();
    const stoppedAt = performance.now();

    // A payment notified while the database is down: Stripe is told to try again.
    const missed = paymentEvent(4_200);
    const duringOutage = await deliver(missed);
    expect(duringOutage.status).toBe(503);
    expect(duringOutage.headers.get('retry-after')).toMatch(/^\d+$/);

    await sleep(2_000);
    const restartAt = performance.now();
    postgres = await startLocalPostgres({ dir, port });
    const restartedAt = performance.now();
    // The same App and pool: the first answers after the restart may still be 503 while connections come back.
    let recoveredAt = NaN;
    for (let i = 0; i < 100; i++) {
      if ((await getCampaignProgress(app, { slug: 'orti' })).status === 200) {
        recoveredAt = performance.now();
        break;
      }
      await sleep(100);
    }
    expect(Number.isNaN(recoveredAt)).toBe(false);
    await sleep(1_000);
    await traffic.stop();

    const outcomes = traffic.outcomes;
    const before = outcomes.filter((o) => o.at + o.ms < stopAt);
    const during = outcomes.filter((o) => o.at > stoppedAt && o.at + o.ms < restartAt);
    const after = outcomes.filter((o) => o.at > recoveredAt);
    const failures = outcomes.filter((o) => o.status >= 500);
    const summary = {
      requests: outcomes.length,
      before: before.length,
      during: during.length,
      after: after.length,
      status: Object.fromEntries(
        KINDS.map((kind) => [kind, [...new Set(outcomes.filter((o) => o.kind === kind).map((o) => o.status))].sort()]),
      ),
      stopMs: Math.round(stoppedAt - stopAt),
      restartMs: Math.round(restartedAt - restartAt),
      recoveryAfterRestartMs: Math.round(recoveredAt - restartedAt),
      duringP50Ms: Math.round(median(during.map((o) => o.ms)) * 10) / 10,
      duringMaxMs: Math.round(Math.max(...during.map((o) => o.ms))),
    };
    console.log(`postgres outage: ${JSON.stringify(summary)}`);

    expect(before.length).toBeGreaterThan(20);
    expect(before.every((o) => o.status < 500)).toBe(true);
    // While it is down, everything needs the database: every answer is a quick 503 that says to come back.
    expect(during.length).toBeGreaterThan(20);
    expect(during.every((o) => o.status === 503 && o.code === 'storage_unavailable' && /^\d+$/.test(o.retryAfter ?? ''))).toBe(true);
    expect(summary.duringMaxMs).toBeLessThan(3_500);
    // Whatever the moment (in flight when it stopped, connecting when it came back): 503, never 500.
    expect(failures.every((o) => o.status === 503 && o.code === 'storage_unavailable')).toBe(true);
    expect(after.length).toBeGreaterThan(20);
    expect(after.every((o) => o.status < 500)).toBe(true);

    // One short line per refused request, no stack trace.
    const lines = logged.filter((line) => line.startsWith('storage unavailable:'));
    expect(lines.length).toBeGreaterThanOrEqual(failures.length);
    expect(logged.filter((line) => /\n\s+at /.test(line))).toEqual([]);
    expect(logged.filter((line) => line.startsWith('unexpected error'))).toEqual([]);

    // Stripe delivers the missed payment again: counted once, however often it comes.
    expect(await (await deliver(missed)).json()).toEqual({ received: true, outcome: 'processed' });
    expect(await (await deliver(missed)).json()).toEqual({ received: true, outcome: 'duplicate' });
    const owner = createPool(postgres.url, 1);
    try {
      const paymentIntentId = (missed.data.object as { id: string }).id;
      const { rows } = await owner.query('SELECT amount_cents FROM ledger_entries WHERE external_key = $1', [`payment:${paymentIntentId}`]);
      expect(rows).toEqual([{ amount_cents: 4_200 }]);
      // Nothing lost or counted twice: the running totals are the sum of the ledger's donations.
      const { rows: sums } = await owner.query(
        "SELECT (SELECT raised_cents FROM campaign_totals WHERE campaign = 'orti') AS totals, (SELECT coalesce(sum(amount_cents), 0) FROM ledger_entries WHERE campaign = 'orti' AND kind = 'donation') AS ledger",
      );
      expect(Number(sums[0].totals)).toBe(Number(sums[0].ledger));
    } finally {
      await owner.end();
    }
  });
});
