import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  getCampaignProgress,
  getProgressOfMany,
  PROGRESS_CACHE_HEADERS,
  postDemoConfirm,
  postPledge,
} from '../../src/server/http/routes.ts';
import type { App } from '../../src/server/app.ts';
import { freshDatabase, type TestDatabase } from '../support/database.ts';
import { jsonRequest, pledgeBody, testApp, testCall, testCampaign, testCatalog } from '../support/app.ts';

let database: TestDatabase;

beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(() => database.close());
beforeEach(async () => {
  await database.db.query('TRUNCATE pledges, ledger_entries, campaign_totals, call_pools, rate_limits CASCADE');
});

const call = testCall();
const other = testCall({ id: 'other-call' });
const slugs = Array.from({ length: 24 }, (_, i) => `campagna-${i}`);
const catalog = testCatalog(
  [call, other],
  [
    ...slugs.map((slug, i) => testCampaign(i % 2 === 0 ? call : other, slug)),
    testCampaign(call, 'storica', { historical: true, goalCents: null, closesAt: null }),
  ],
);

async function donate(app: App, campaign: string, amountCents: number): Promise<void> {
  const created = await postPledge(app, jsonRequest('/api/pledges', pledgeBody(campaign, amountCents)), '192.0.2.7');
  expect(created.status).toBe(201);
  const { pledgeId } = (await created.json()) as { pledgeId: string };
  expect((await postDemoConfirm(app, { pledgeId })).status).toBe(200);
}

const many = (app: App, query: string) => getProgressOfMany(app, new Request(`http://localhost/api/progress${query}`));

/** The application with a database that counts the queries it is asked. */
function countingApp(): { app: App; queries: () => number } {
  let count = 0;
  const db = new Proxy(database.db, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (property === 'query' && typeof value === 'function')
        return (...args: unknown[]) => (count++, (value as (...a: unknown[]) => unknown).apply(target, args));
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { app: testApp({ db, catalog }), queries: () => count };
}

describe('GET /api/progress?slugs=a,b,c', () => {
  it("answers a page of 24 campaigns in one request and two queries, with the same figures as one campaign's endpoint", async () => {
    await donate(testApp({ db: database.db, catalog }), 'campagna-3', 12_500);
    const { app, queries } = countingApp();
    const response = await many(app, `?slugs=${slugs.join(',')}`);
    expect(response.status).toBe(200);
    expect(queries()).toBe(2);
    for (const [name, value] of Object.entries(PROGRESS_CACHE_HEADERS)) expect(response.headers.get(name)).toBe(value);
    const { campaigns } = (await response.json()) as { campaigns: Record<string, Record<string, unknown>> };
    expect(Object.keys(campaigns).sort()).toEqual([...slugs].sort());
    expect(campaigns['campagna-3']).toMatchObject({ raisedCents: 12_500, donors: 1 });
    expect(campaigns['campagna-4']).toMatchObject({ raisedCents: 0, donors: 0 });
    const single = (await (await getCampaignProgress(app, { slug: 'campagna-3' })).json()) as Record<string, unknown>;
    expect(campaigns['campagna-3']).toEqual(single);
  });

  it('leaves out slugs with no live figures (unknown, historical) and answers the others', async () => {
    const response = await many(testApp({ db: database.db, catalog }), '?slugs=campagna-1,nessuna,storica,campagna-1');
    expect(response.status).toBe(200);
    const { campaigns } = (await response.json()) as { campaigns: Record<string, unknown> };
    expect(Object.keys(campaigns)).toEqual(['campagna-1']);
  });

  it.each([
    ['no slugs', ''],
    ['an empty list', '?slugs=,,'],
    ['more than a page', `?slugs=${[...slugs, 'campagna-24'].join(',')}`],
    ['a malformed slug', '?slugs=campagna-1,..%2Fadmin'],
  ])('refuses %s with 400 invalid_query', async (_case, query) => {
    const response = await many(testApp({ db: database.db, catalog }), query);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'invalid_query', field: 'slugs' } });
  });
});
