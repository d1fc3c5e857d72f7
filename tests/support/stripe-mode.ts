/**
 * Stripe mode for an integration file: a fresh database, the fake Stripe API, an app that takes payments
 * through it, and the campaigns' payee onboarded. Each test starts with empty money tables and a fake that
 * has forgotten earlier objects, so tests stay independent whatever order they run in.
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { App } from '../../src/server/app.ts';
import type { Catalog } from '../../src/content/catalog.ts';
import { postStripeWebhook } from '../../src/server/http/routes.ts';
import { stripePayments, testApp } from './app.ts';
import { freshDatabase, type TestDatabase } from './database.ts';
import { startFakeStripe, type FakeStripe } from './fake-stripe.ts';
import { readyPayee } from './payees.ts';
import { webhookDelivery, type FakeStripeEvent } from './stripe-events.ts';

export interface StripeMode {
  readonly database: TestDatabase;
  readonly stripe: FakeStripe;
  readonly app: App;
  /** Delivers an event to the webhook handler, signed as Stripe would sign it (with `secret`, by default the app's). */
  readonly deliver: (event: FakeStripeEvent, secret?: string) => Promise<Response>;
}

export function useStripeMode(options: { catalog: Catalog; webhookSecret: string; payee: string; poolSize?: number }): StripeMode {
  let database: TestDatabase | undefined;
  let stripe: FakeStripe | undefined;
  let app: App | undefined;
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('useStripeMode: used outside a test (the beforeAll hook has not run)');
    return value;
  };

  beforeAll(async () => {
    database = await freshDatabase({ poolSize: options.poolSize ?? 5 });
    stripe = await startFakeStripe();
    app = testApp({
      db: database.appDb,
      catalog: options.catalog,
      config: { payments: stripePayments(stripe.apiBase), webhookSecret: options.webhookSecret },
    });
  });
  afterAll(async () => {
    await database?.close();
    await stripe?.close();
  });
  beforeEach(async () => {
    const mode = { database: ready(database), stripe: ready(stripe), app: ready(app) };
    mode.stripe.reset();
    await readyPayee(mode.app, mode.stripe, options.payee);
    await clearMoneyTables(mode.database);
  });

  return {
    get database() {
      return ready(database);
    },
    get stripe() {
      return ready(stripe);
    },
    get app() {
      return ready(app);
    },
    deliver: (event, secret = options.webhookSecret) => {
      const { body, headers } = webhookDelivery(event, secret);
      return postStripeWebhook(ready(app), new Request('http://localhost/api/stripe/webhook', { method: 'POST', headers, body }));
    },
  };
}

/** Empties the money tables as their owner: the application's role may not, and rejected events are append-only. */
async function clearMoneyTables(database: TestDatabase): Promise<void> {
  await database.db.query(
    'TRUNCATE pledges, ledger_entries, campaign_totals, call_pools, stripe_events, payment_returns, rate_limits CASCADE',
  );
  await database.db.query(
    'ALTER TABLE stripe_events_rejected DISABLE TRIGGER USER; DELETE FROM stripe_events_rejected; ALTER TABLE stripe_events_rejected ENABLE TRIGGER USER',
  );
}
