import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getCallPool, getCampaignProgress, postDemoConfirm, postPledge } from '../../src/server/http/routes.ts';
import type { App } from '../../src/server/app.ts';
import { freshDatabase, type TestDatabase } from '../support/database.ts';
import { jsonRequest, pledgeBody, testApp, testCall, testCampaign, testCatalog } from '../support/app.ts';

let database: TestDatabase;
let ip = 0;

beforeAll(async () => {
  database = await freshDatabase({ poolSize: 20 });
});
afterAll(() => database.close());
beforeEach(async () => {
  await database.db.query('TRUNCATE pledges, ledger_entries, campaign_totals, call_pools, rate_limits CASCADE');
});

async function pledge(app: App, campaign: string, amountCents: number): Promise<string> {
  const response = await postPledge(
    app,
    jsonRequest(
      '/api/pledges',
      pledgeBody(campaign, amountCents, { donor: { name: `Donor ${ip + 1}`, email: `donor${ip + 1}@example.org`, anonymous: false } }),
    ),
    `192.0.2.${++ip % 250}`,
  );
  expect(response.status).toBe(201);
  return ((await response.json()) as { pledgeId: string }).pledgeId;
}

async function donate(app: App, campaign: string, amountCents: number): Promise<void> {
  const response = await postDemoConfirm(app, { pledgeId: await pledge(app, campaign, amountCents) });
  expect(response.status).toBe(200);
}

const progressOf = async (app: App, slug: string) => (await getCampaignProgress(app, { slug })).json() as Promise<Record<string, any>>;

async function entries(kind: string) {
  const { rows } = await database.db.query<{ campaign: string; amount_cents: number }>(
    'SELECT campaign, amount_cents FROM ledger_entries WHERE kind = $1 ORDER BY id',
    [kind],
  );
  return rows;
}

describe('reserving the city share', () => {
  const call = testCall();
  const catalog = testCatalog([call], [testCampaign(call, 'orti')]);

  it('two donations that cross the threshold at the same moment reserve the share once', async () => {
    const app = testApp({ db: database.appDb, catalog });
    await donate(app, 'orti', 490_000);
    const [a, b] = await Promise.all([pledge(app, 'orti', 10_000), pledge(app, 'orti', 20_000)]);
    const confirmations = await Promise.all([postDemoConfirm(app, { pledgeId: a }), postDemoConfirm(app, { pledgeId: b })]);
    expect(confirmations.map((r) => r.status)).toEqual([200, 200]);

    expect(await entries('reservation')).toEqual([{ campaign: 'orti', amount_cents: 500_000 }]);
    expect(await progressOf(app, 'orti')).toMatchObject({
      raisedCents: 520_000,
      donors: 3,
      thresholdReached: true,
      cofunding: { status: 'reserved', cents: 500_000 },
      totalCents: 1_020_000,
      percent: 102,
    });
    expect(await (await getCallPool(app, { id: call.id })).json()).toEqual({
      call: call.id,
      poolCents: 7_000_000,
      reservedCents: 500_000,
      grantedCents: 0,
      remainingCents: 6_500_000,
    });
  });

  it('50 concurrent donations crossing the threshold make exactly one reservation', async () => {
    const app = testApp({ db: database.appDb, catalog });
    await donate(app, 'orti', 480_000);
    const ids = await Promise.all(Array.from({ length: 50 }, () => pledge(app, 'orti', 1_000)));
    await Promise.all(ids.map((pledgeId) => postDemoConfirm(app, { pledgeId })));
    expect(await entries('reservation')).toHaveLength(1);
    expect(await progressOf(app, 'orti')).toMatchObject({
      raisedCents: 530_000,
      donors: 51,
      cofunding: { status: 'reserved', cents: 500_000 },
    });
  });

  it('does not reserve before the threshold', async () => {
    const app = testApp({ db: database.appDb, catalog });
    await donate(app, 'orti', 499_999);
    expect(await entries('reservation')).toEqual([]);
    expect(await progressOf(app, 'orti')).toMatchObject({ thresholdReached: false, cofunding: { status: 'none', cents: 0 } });
  });
});

describe('the pool of a call', () => {
  it('is never over-committed when more campaigns cross than it can cover', async () => {
    // Shares of EUR 5,000 each; the pool covers 3 of them and half of a fourth.
    const call = testCall({ poolCents: 1_750_000 });
    const slugs = Array.from({ length: 8 }, (_, i) => `c${i}`);
    const app = testApp({
      db: database.appDb,
      catalog: testCatalog(
        [call],
        slugs.map((slug) => testCampaign(call, slug)),
      ),
    });
    const ids = await Promise.all(slugs.map((slug) => pledge(app, slug, 500_000)));
    await Promise.all(ids.map((pledgeId) => postDemoConfirm(app, { pledgeId })));

    const reservations = await entries('reservation');
    expect(reservations.reduce((sum, entry) => sum + entry.amount_cents, 0)).toBe(1_750_000);
    const statuses = await Promise.all(slugs.map(async (slug) => (await progressOf(app, slug))['cofunding']));
    expect(statuses.filter((c) => c.status === 'reserved' && c.cents === 500_000)).toHaveLength(3);
    expect(statuses.filter((c) => c.status === 'pool_exhausted' && c.cents === 250_000)).toHaveLength(1);
    expect(statuses.filter((c) => c.status === 'pool_exhausted' && c.cents === 0)).toHaveLength(4);
    expect(await (await getCallPool(app, { id: call.id })).json()).toMatchObject({ reservedCents: 1_750_000, remainingCents: 0 });
  });
});
