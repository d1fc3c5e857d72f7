import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/server/app.ts';
import { closeCampaigns } from '../../src/server/closing/service.ts';
import {
  adminApi,
  getAdminDonationsCsv,
  getAdminReconciliation,
  getCallPool,
  getCampaignProgress,
  postAdminForgetDonor,
  postDemoConfirm,
  postPledge,
} from '../../src/server/http/routes.ts';
import { freshDatabase, type TestDatabase } from '../support/database.ts';
import { jsonRequest, pledgeBody, testApp, testCall, testCampaign, testCatalog } from '../support/app.ts';

const ADMIN_TOKEN = 'a-long-enough-admin-token-0001';
const call = testCall({ fundingModel: 'all-or-nothing' });
const catalog = testCatalog(
  [call],
  [
    testCampaign(call, 'orti'),
    testCampaign(call, 'rive', { closesAt: '2027-02-01T00:00:00.000Z' }),
    testCampaign(call, 'ponte', { closesAt: '2027-02-01T00:00:00.000Z' }),
  ],
);

let database: TestDatabase;
let app: App;
let ip = 0;

beforeAll(async () => {
  database = await freshDatabase();
  app = testApp({ db: database.appDb, catalog, config: { adminToken: ADMIN_TOKEN } });
});
afterAll(() => database.close());
beforeEach(async () => {
  await database.db.query(
    'TRUNCATE pledges, ledger_entries, campaign_totals, call_pools, rate_limits, campaign_outcomes, closing_refunds, payment_returns, reconciliation_runs CASCADE',
  );
});

const admin = (path: string, init: RequestInit & { token?: string | null } = {}) => {
  const { token = ADMIN_TOKEN, ...rest } = init;
  return new Request(`http://localhost${path}`, {
    ...rest,
    headers: { ...(token === null ? {} : { authorization: `Bearer ${token}` }), ...(rest.headers as Record<string, string>) },
  });
};

async function donate(
  target: App,
  campaign: string,
  amountCents: number,
  donor: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
): Promise<string> {
  const body = pledgeBody(campaign, amountCents, {
    donor: { name: 'Ada Lovelace', email: 'ada@example.org', anonymous: false, ...donor },
    ...extra,
  });
  const created = await postPledge(target, jsonRequest('/api/pledges', body), `198.18.0.${++ip}`);
  expect(created.status).toBe(201);
  const { pledgeId } = (await created.json()) as { pledgeId: string };
  expect((await postDemoConfirm(target, { pledgeId })).status).toBe(200);
  return pledgeId;
}

const csvOf = async (slug: string) => {
  const response = await getAdminDonationsCsv(app, admin(`/api/admin/campaigns/${slug}/donations.csv`), { slug });
  expect(response.status).toBe(200);
  // Response.text() would drop the byte-order mark this test must see.
  const bytes = new Uint8Array(await response.arrayBuffer());
  return { response, bytes, text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes) };
};

describe('admin authentication', () => {
  const routes = [
    (target: App, request: Request) => getAdminDonationsCsv(target, request, { slug: 'orti' }),
    (target: App, request: Request) => getAdminReconciliation(target, request),
    (target: App, request: Request) =>
      postAdminForgetDonor(target, new Request(request, { method: 'POST', body: JSON.stringify({ email: 'ada@example.org' }) })),
  ];

  it.each(routes.map((route, index) => [index, route] as const))(
    'route %i answers 401 unauthorized to a missing or wrong bearer',
    async (_index, route) => {
      for (const token of [null, 'wrong-token-of-some-length', `${ADMIN_TOKEN}x`, ADMIN_TOKEN.slice(0, -1)]) {
        const response = await route(app, admin('/api/admin/x', { token }));
        expect(response.status).toBe(401);
        expect(await response.json()).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
      }
    },
  );

  it.each(routes.map((route, index) => [index, route] as const))(
    'route %i answers 503 admin_disabled without ADMIN_TOKEN configured',
    async (_index, route) => {
      const disabled = testApp({ db: database.appDb, catalog });
      const response = await route(disabled, admin('/api/admin/x'));
      expect(response.status).toBe(503);
      expect((await response.json()).error.code).toBe('admin_disabled');
    },
  );
});

describe('the admin function', () => {
  it('routes each admin path to its endpoint and refuses other methods with 405', async () => {
    const reconciliation = await adminApi(app, admin('/api/admin/reconciliation'), {});
    expect(await reconciliation.json()).toMatchObject({ differences: [], stripe: 'demo_mode' });
    const csv = await adminApi(app, admin('/api/admin/campaigns/orti/donations.csv'), { slug: 'orti' });
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const forget = await adminApi(
      app,
      admin('/api/admin/donors/forget', { method: 'POST', body: JSON.stringify({ email: 'x@example.org' }) }),
      {},
    );
    expect(await forget.json()).toEqual({ erased: 0, pledgeIds: [], messagesErased: 0 });
    expect((await adminApi(app, admin('/api/admin/reconciliation', { method: 'POST', body: '{}' }), {})).status).toBe(405);
  });
});

describe('GET /api/admin/campaigns/{slug}/donations.csv', () => {
  it('lists donations with donor data as UTF-8 CSV with a BOM, accents intact and formulas defused', async () => {
    await donate(
      app,
      'orti',
      2_550,
      { name: 'Nicolò Tommaseo', email: 'nicolo@example.it', taxCode: 'TMMNCL02L21A001Z' },
      { message: 'Forza Marghera, più orti!', showMessage: true },
    );
    await donate(app, 'orti', 1_000, { name: '=HYPERLINK("http://evil.example","click")', email: 'eve@example.org' });
    await donate(app, 'rive', 9_900);

    const { response, bytes, text } = await csvOf('orti');
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const [header, ...lines] = text.slice(1).trimEnd().split('\r\n');
    expect(header).toBe(
      'pledge_id,created_at,succeeded_at,status,amount_cents,amount_eur,refunded_cents,net_cents,net_eur,donor_name,anonymous,donor_email,tax_code,message,show_message,payment_intent_id,closing_refund,erased_at',
    );
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain(
      ',succeeded,2550,"25,50",0,2550,"25,50",Nicolò Tommaseo,false,nicolo@example.it,TMMNCL02L21A001Z,"Forza Marghera, più orti!",true,',
    );
    expect(lines[1]).toContain(`,"'=HYPERLINK(""http://evil.example"",""click"")",false,eve@example.org,`);
    expect(lines[0]).toMatch(/^[0-9a-f-]{36},\d{4}-\d\d-\d\dT[^,]+Z,\d{4}-\d\d-\d\dT[^,]+Z,/);
  });

  it('answers 404 campaign_not_found for an unknown campaign, after checking the token', async () => {
    const response = await getAdminDonationsCsv(app, admin('/api/admin/campaigns/nope/donations.csv'), { slug: 'nope' });
    expect(response.status).toBe(404);
    expect((await response.json()).error.code).toBe('campaign_not_found');
  });
});

describe('forgetting a donor', () => {
  it('erases the personal data of every donation of that e-mail and keeps amounts and totals', async () => {
    const first = await donate(
      app,
      'orti',
      3_000,
      { email: 'Ada@Example.org', taxCode: 'LVLDAA15T50Z114E' },
      { message: 'Per i nonni', showMessage: true },
    );
    await donate(app, 'rive', 2_000);
    await donate(app, 'orti', 4_000, { name: 'Someone Else', email: 'else@example.org' });
    const before = await Promise.all(['orti', 'rive'].map(async (slug) => (await getCampaignProgress(app, { slug })).json()));

    const response = await postAdminForgetDonor(
      app,
      admin('/api/admin/donors/forget', { method: 'POST', body: JSON.stringify({ email: 'ada@example.org' }) }),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ erased: 2 });

    const after = await Promise.all(['orti', 'rive'].map(async (slug) => (await getCampaignProgress(app, { slug })).json()));
    expect(after).toEqual(before);
    const { rows } = await database.db.query(
      'SELECT donor_name, donor_email, tax_code, message, anonymous, request_hash, amount_cents, status, erased_at IS NOT NULL AS erased FROM pledges WHERE id = $1',
      [first],
    );
    expect(rows[0]).toEqual({
      donor_name: null,
      donor_email: null,
      tax_code: null,
      message: null,
      anonymous: true,
      request_hash: null,
      amount_cents: 3_000,
      status: 'succeeded',
      erased: true,
    });
    const { text } = await csvOf('orti');
    expect(text).not.toContain('Ada');
    expect(text).not.toContain('LVLDAA15T50Z114E');
    expect(text).toContain('Someone Else');

    const reconciliation = await getAdminReconciliation(app, admin('/api/admin/reconciliation'));
    expect(await reconciliation.json()).toMatchObject({ stripe: 'demo_mode', differences: [] });
  });

  it('refuses a request naming neither or both of e-mail and pledge id with 400', async () => {
    for (const body of [{}, { email: 'a@b.it', pledgeId: crypto.randomUUID() }, { email: 'not-an-email' }]) {
      const response = await postAdminForgetDonor(app, admin('/api/admin/donors/forget', { method: 'POST', body: JSON.stringify(body) }));
      expect(response.status).toBe(400);
      expect((await response.json()).error.code).toBe('invalid_body');
    }
  });
});

describe('closing in demo mode', () => {
  const afterClosing = () => new Date('2027-02-01T00:00:00Z');

  it('refunds an all-or-nothing failure by simulation, recorded at once, and grants the share of the one that succeeded', async () => {
    await donate(app, 'rive', 3_000);
    await donate(app, 'rive', 2_000);
    await donate(app, 'ponte', 500_000);
    await donate(app, 'ponte', 100_000);
    const closing = testApp({ db: database.appDb, catalog, now: afterClosing, config: { adminToken: ADMIN_TOKEN } });

    const report = await closeCampaigns(closing);
    expect(report).toEqual({
      closed: [
        { campaign: 'rive', outcome: 'failed', raisedCents: 5_000, grantedCents: 0, releasedCents: 0, refundsOwed: 2 },
        { campaign: 'ponte', outcome: 'succeeded', raisedCents: 600_000, grantedCents: 500_000, releasedCents: 0, refundsOwed: 0 },
      ],
      refunds: { issued: 2, failedAttempts: 0, notNeeded: 0 },
      // Demo mode: no money was taken, so none is transferred to the organisations.
      payouts: { transfers: { issued: 0, waiting: 0, notNeeded: 0 }, reversals: { issued: 0, waiting: 0 } },
      buildHook: 'not_configured',
    });
    expect(await (await getCampaignProgress(closing, { slug: 'rive' })).json()).toMatchObject({
      state: 'failed',
      raisedCents: 0,
      donors: 0,
    });
    expect(await (await getCampaignProgress(closing, { slug: 'ponte' })).json()).toMatchObject({
      state: 'succeeded',
      cofunding: { status: 'granted', cents: 500_000 },
    });
    expect(await (await getCallPool(closing, { id: call.id })).json()).toMatchObject({ reservedCents: 0, grantedCents: 500_000 });
    const { rows } = await database.db.query("SELECT status, refund_id LIKE 'demo_refund_%' AS simulated FROM closing_refunds");
    expect(rows).toEqual([
      { status: 'succeeded', simulated: true },
      { status: 'succeeded', simulated: true },
    ]);

    expect(await closeCampaigns(closing)).toMatchObject({
      closed: [],
      refunds: { issued: 0, failedAttempts: 0, notNeeded: 0 },
      buildHook: 'not_needed',
    });
    const { text } = await csvOf('rive');
    const lines = text.slice(1).trimEnd().split('\r\n').slice(1);
    expect(lines).toHaveLength(2);
    // Each donation shows it was refunded in full and that the refund owed at closing is confirmed.
    for (const line of lines) expect(line).toMatch(/,succeeded,(3000|2000),"(30|20),00",\1,0,"0,00",.*,succeeded,$/);
    expect(await (await getAdminReconciliation(closing, admin('/api/admin/reconciliation'))).json()).toMatchObject({
      differences: [],
      openItems: [],
    });
  });

  it('a cancelled campaign is closed at once as failed and gives its reservation back to the pool', async () => {
    await donate(app, 'orti', 500_000);
    expect(await (await getCallPool(app, { id: call.id })).json()).toMatchObject({ reservedCents: 500_000 });
    const cancelled = testCatalog([call], [testCampaign(call, 'orti', { cancelled: true })]);
    const editorCancelled = testApp({ db: database.appDb, catalog: cancelled });

    expect((await closeCampaigns(editorCancelled)).closed).toEqual([
      { campaign: 'orti', outcome: 'failed', raisedCents: 500_000, grantedCents: 0, releasedCents: 500_000, refundsOwed: 1 },
    ]);
    expect(await (await getCallPool(app, { id: call.id })).json()).toMatchObject({
      reservedCents: 0,
      grantedCents: 0,
      remainingCents: call.poolCents,
    });
    expect(await (await getCampaignProgress(editorCancelled, { slug: 'orti' })).json()).toMatchObject({
      state: 'cancelled',
      raisedCents: 0,
      cofunding: { status: 'released', cents: 0 },
    });
  });
});
