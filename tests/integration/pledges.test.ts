import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getCampaignProgress, getPledge, postDemoConfirm, postPledge } from '../../src/server/http/routes.ts';
import type { App } from '../../src/server/app.ts';
import { freshDatabase, type TestDatabase } from '../support/database.ts';
import { jsonRequest, pledgeBody, testApp, testCall, testCampaign, testCatalog, stripePayments } from '../support/app.ts';

const call = testCall();
const catalog = testCatalog(
  [call],
  [
    testCampaign(call, 'open-one'),
    testCampaign(call, 'upcoming-one', { opensAt: '2027-02-01T00:00:00.000Z' }),
    testCampaign(call, 'old-one', { historical: true, goalCents: null, closesAt: null }),
  ],
);

let database: TestDatabase;
let app: App;
let clientCounter = 0;
// Each test speaks from its own address, so the rate limit only shows where a test asks for it.
const client = () => `10.0.0.${++clientCounter}`;

beforeAll(async () => {
  database = await freshDatabase();
  app = testApp({ db: database.appDb, catalog });
});
afterAll(() => database.close());
beforeEach(async () => {
  await database.db.query('TRUNCATE pledges, ledger_entries, campaign_totals, call_pools, rate_limits CASCADE');
});

async function body(response: Response) {
  return response.json() as Promise<Record<string, any>>;
}

const countPledges = async () => (await database.db.query<{ n: number }>('SELECT count(*)::int AS n FROM pledges')).rows[0]!.n;

describe('POST /api/pledges in demo mode', () => {
  it('creates a pending pledge and answers 201 with its id and the demo mode', async () => {
    const response = await postPledge(app, jsonRequest('/api/pledges', pledgeBody('open-one', 2500)), client());
    expect(response.status).toBe(201);
    const created = await body(response);
    expect(created).toEqual({ pledgeId: expect.any(String), mode: 'demo' });
    const stored = await database.db.query('SELECT campaign, amount_cents, status, donor_email FROM pledges WHERE id = $1', [
      created['pledgeId'],
    ]);
    expect(stored.rows).toEqual([{ campaign: 'open-one', amount_cents: 2500, status: 'pending', donor_email: 'ada@example.org' }]);
  });

  it('answers a retry with the same Idempotency-Key with the same pledge and creates nothing new', async () => {
    const send = () =>
      postPledge(app, jsonRequest('/api/pledges', pledgeBody('open-one', 2500), { 'idempotency-key': 'retry-1' }), client());
    const [first, second] = await Promise.all([send(), send()]);
    const third = await send();
    const ids = await Promise.all([first, second, third].map(async (r) => (await body(r))['pledgeId']));
    expect(new Set(ids).size).toBe(1);
    expect(await countPledges()).toBe(1);
  });

  it('refuses the same Idempotency-Key for a different pledge with 422', async () => {
    await postPledge(app, jsonRequest('/api/pledges', pledgeBody('open-one', 2500), { 'idempotency-key': 'k' }), client());
    const response = await postPledge(app, jsonRequest('/api/pledges', pledgeBody('open-one', 9900), { 'idempotency-key': 'k' }), client());
    expect(response.status).toBe(422);
    expect((await body(response))['error']['code']).toBe('idempotency_key_reused');
    expect(await countPledges()).toBe(1);
  });

  it.each([
    { case: 'malformed JSON', request: '{"campaign":', status: 400, code: 'invalid_body' },
    {
      case: 'no consent',
      request: pledgeBody('open-one', 2500, { consent: { privacy: false } }),
      status: 400,
      code: 'consent_required',
      field: 'consent.privacy',
    },
    { case: 'below the call minimum', request: pledgeBody('open-one', 499), status: 400, code: 'invalid_amount', field: 'amountCents' },
    { case: 'above the call maximum', request: pledgeBody('open-one', 500_001), status: 400, code: 'invalid_amount', field: 'amountCents' },
    { case: 'unknown campaign', request: pledgeBody('nope', 2500), status: 404, code: 'campaign_not_found' },
    { case: 'historical campaign', request: pledgeBody('old-one', 2500), status: 404, code: 'campaign_not_found' },
    { case: 'campaign not open yet', request: pledgeBody('upcoming-one', 2500), status: 409, code: 'campaign_not_open' },
  ])('$case -> $status $code, nothing stored', async ({ request, status, code, field }) => {
    const response = await postPledge(app, jsonRequest('/api/pledges', request), client());
    expect(response.status).toBe(status);
    const answer = await body(response);
    expect(answer['error']).toMatchObject({ code, message: expect.any(String), ...(field && { field }) });
    expect(await countPledges()).toBe(0);
  });

  it('limits one connection to 20 pledges a minute with 429 rate_limited', async () => {
    const ip = client();
    const statuses: number[] = [];
    for (let i = 0; i < 21; i += 1)
      statuses.push((await postPledge(app, jsonRequest('/api/pledges', pledgeBody('open-one', 500)), ip)).status);
    expect(statuses.slice(0, 20).every((status) => status === 201)).toBe(true);
    expect(statuses[20]).toBe(429);
  });
});

describe('GET /api/pledges/{id}', () => {
  it('shows status and amount without personal data', async () => {
    const { pledgeId } = await body(await postPledge(app, jsonRequest('/api/pledges', pledgeBody('open-one', 2500)), client()));
    const answer = await body(await getPledge(app, { pledgeId }));
    expect(answer).toEqual({ pledgeId, campaign: 'open-one', status: 'pending', amountCents: 2500 });
    expect(JSON.stringify(answer)).not.toContain('ada@example.org');
  });

  it.each(['not-a-uuid', '00000000-0000-4000-8000-000000000000'])('answers 404 pledge_not_found for %s', async (pledgeId) => {
    const response = await getPledge(app, { pledgeId });
    expect(response.status).toBe(404);
    expect((await body(response))['error']['code']).toBe('pledge_not_found');
  });
});

describe('POST /api/pledges/{id}/demo-confirm', () => {
  it('records the donation once, however often it is called', async () => {
    const { pledgeId } = await body(await postPledge(app, jsonRequest('/api/pledges', pledgeBody('open-one', 2500)), client()));
    const results = await Promise.all([1, 2, 3].map(() => postDemoConfirm(app, { pledgeId })));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    const progress = await body(await getCampaignProgress(app, { slug: 'open-one' }));
    expect(progress).toMatchObject({ raisedCents: 2500, donors: 1, totalCents: 2500 });
    expect((await body(await getPledge(app, { pledgeId })))['status']).toBe('succeeded');
  });

  it('does not exist in Stripe mode (404)', async () => {
    const stripeApp = testApp({
      db: database.appDb,
      catalog,
      config: { payments: stripePayments('http://127.0.0.1:9') },
    });
    const response = await postDemoConfirm(stripeApp, { pledgeId: '00000000-0000-4000-8000-000000000000' });
    expect(response.status).toBe(404);
  });
});

describe('GET /api/campaigns/{slug}/progress', () => {
  it('starts at zero with the threshold, and carries the CDN cache headers', async () => {
    const response = await getCampaignProgress(app, { slug: 'open-one' });
    expect(response.status).toBe(200);
    expect(response.headers.get('netlify-cdn-cache-control')).toBe('public, durable, max-age=5, stale-while-revalidate=60');
    expect(response.headers.get('cache-control')).toContain('max-age=0');
    expect(await body(response)).toMatchObject({
      slug: 'open-one',
      state: 'open',
      currency: 'EUR',
      goalCents: 1_000_000,
      raisedCents: 0,
      donors: 0,
      thresholdCents: 500_000,
      thresholdReached: false,
      cofunding: { status: 'none', cents: 0 },
      totalCents: 0,
      percent: 0,
    });
  });

  it('answers 404 campaign_not_found for an unknown campaign', async () => {
    const response = await getCampaignProgress(app, { slug: 'nope' });
    expect(response.status).toBe(404);
    expect(await body(response)).toEqual({ error: { code: 'campaign_not_found', message: expect.any(String) } });
  });
});
