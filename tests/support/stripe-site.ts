/**
 * The site in Stripe mode for one end-to-end test file: its own build (the pages' demo label is decided at
 * build time from the same environment as the functions, as on Netlify), its own PostgreSQL, the local fake
 * Stripe API, and the local server serving it with the same netlify.toml rules and functions as `npm start`.
 *
 * The build goes to a temporary folder, served as dist/, so the demo site of the other tests keeps its dist/ untouched.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startLocalPostgres } from '../../scripts/lib/postgres.ts';
import { serveSite } from '../../scripts/lib/serve.ts';
import { createPool, type Db } from '../../src/server/db/pool.ts';
import { migrate } from '../../src/server/db/migrations.ts';
import { startFakeStripe, type FakeStripe } from './fake-stripe.ts';
import { readyPayeesOverHttp } from './payees.ts';
import { webhookDelivery, type FakeStripeEvent } from './stripe-events.ts';

export const STRIPE_SITE_KEYS = {
  secretKey: 'sk_test_e2e_stripe_mode',
  publishableKey: 'pk_test_e2e_stripe_mode',
  webhookSecret: 'whsec_e2e_stripe_mode',
  connectWebhookSecret: 'whsec_e2e_stripe_connect',
  adminToken: 'admin-token-for-the-e2e-stripe-site',
  receiptSecret: 'receipt-secret-for-the-e2e-stripe-site-0123456789',
};

export interface StripeSite {
  url: string;
  stripe: FakeStripe;
  db: Db;
  /** Onboards the organisations through the admin endpoint and enables their accounts; answers their account ids. */
  readyPayees(organisations: readonly string[]): Promise<Map<string, string>>;
  /** Delivers a webhook signed like Stripe's to the served /api/stripe/webhook. */
  deliver(event: FakeStripeEvent): Promise<Response>;
  close(): Promise<void>;
}

export async function startStripeSite(): Promise<StripeSite> {
  const root = process.cwd();
  const dir = await mkdtemp(join(tmpdir(), 'civic-e2e-stripe-'));
  const stripe = await startFakeStripe({ secretKey: STRIPE_SITE_KEYS.secretKey });
  // This test file's process is the server's: its functions read this environment, as on Netlify.
  Object.assign(process.env, {
    STRIPE_SECRET_KEY: STRIPE_SITE_KEYS.secretKey,
    STRIPE_PUBLISHABLE_KEY: STRIPE_SITE_KEYS.publishableKey,
    STRIPE_WEBHOOK_SECRET: STRIPE_SITE_KEYS.webhookSecret,
    STRIPE_API_BASE: stripe.apiBase,
    STRIPE_CONNECT_WEBHOOK_SECRET: STRIPE_SITE_KEYS.connectWebhookSecret,
    ADMIN_TOKEN: STRIPE_SITE_KEYS.adminToken,
    RECEIPT_SECRET: STRIPE_SITE_KEYS.receiptSecret,
  });
  const project = join(dir, 'project');
  const build = spawnSync('npx', ['astro', 'build', '--silent', '--outDir', join(project, 'dist')], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
  });
  if (build.status !== 0) throw new Error('the Stripe-mode site did not build');

  // A folder of its own: as root, PostgreSQL runs as another user, who cannot enter a 0700 parent.
  const pgDir = await mkdtemp(join(tmpdir(), 'civic-e2e-stripe-pg-'));
  const postgres = await startLocalPostgres({ dir: pgDir });
  const db = createPool(postgres.url, 2);
  await migrate(db);
  process.env['DATABASE_URL'] = postgres.url;
  // Its own public address, not the global site's (which the e2e setup put in SITE_URL for e-mail links):
  // Stripe's return addresses must lead back here.
  const port = await freePort();
  process.env['SITE_URL'] = `http://localhost:${port}`;
  const site = await serveSite({ root, dist: join(project, 'dist'), port });
  return {
    url: site.url,
    stripe,
    db,
    readyPayees(organisations) {
      return readyPayeesOverHttp(
        { url: site.url, stripe, adminToken: STRIPE_SITE_KEYS.adminToken, connectWebhookSecret: STRIPE_SITE_KEYS.connectWebhookSecret },
        organisations,
      );
    },
    deliver(event) {
      const { body, headers } = webhookDelivery(event, STRIPE_SITE_KEYS.webhookSecret);
      return fetch(`${site.url}/api/stripe/webhook`, { method: 'POST', headers, body });
    },
    async close() {
      await site.close();
      await db.end();
      await stripe.close();
      await postgres.stop();
      await rm(dir, { recursive: true, force: true });
      await rm(pgDir, { recursive: true, force: true });
    },
  };
}
