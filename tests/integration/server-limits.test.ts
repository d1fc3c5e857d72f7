/**
 * What protects the API whatever serves it (Netlify or our own server): cross-site bodies refused, bodies
 * capped, wrong admin tokens slowed down, the health answer, and scheduled jobs that never run twice at once.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { adminApi, getHealth, LIMITS, postPledge, postRegistration } from '../../src/server/http/routes.ts';
import type { App } from '../../src/server/app.ts';
import { withAdvisoryLock } from '../../src/server/db/advisory-lock.ts';
import { createPool } from '../../src/server/db/pool.ts';
import { freshDatabase, type TestDatabase } from '../support/database.ts';
import { pledgeBody, testApp, testCall, testCampaign, testCatalog, testEvent } from '../support/app.ts';

const call = testCall();
const catalog = testCatalog([call], [testCampaign(call, 'open-one')], [testEvent('webinar')]);
const ADMIN_TOKEN = 'a-long-enough-admin-token-for-tests';

let database: TestDatabase;
let app: App;

beforeAll(async () => {
  database = await freshDatabase();
  app = testApp({ db: database.db, catalog, config: { adminToken: ADMIN_TOKEN, siteUrl: 'https://crowdfunding.comune.venezia.it' } });
});
afterAll(() => database.close());
beforeEach(async () => {
  await database.db.query('TRUNCATE pledges, registrations, registration_events, rate_limits CASCADE');
});

const count = async (table: string) => (await database.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n;
const post = (path: string, body: string, headers: Record<string, string>) =>
  new Request(`http://localhost${path}`, { method: 'POST', headers, body });
const person = { name: 'Persona', email: 'persona@example.org', consent: { privacy: true } };

describe('cross-site requests that create something', () => {
  const pledge = JSON.stringify(pledgeBody('open-one', 2500));
  it.each([
    {
      case: 'a JSON body sent as text/plain (what an HTML form can do)',
      headers: { 'content-type': 'text/plain' },
      status: 415,
      code: 'unsupported_media_type',
    },
    {
      case: 'a form encoding',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      status: 415,
      code: 'unsupported_media_type',
    },
    { case: 'no content type', headers: {}, status: 415, code: 'unsupported_media_type' },
    {
      case: 'JSON from another site',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      status: 403,
      code: 'origin_not_allowed',
    },
    {
      case: 'JSON from a sandboxed page (Origin: null)',
      headers: { 'content-type': 'application/json', origin: 'null' },
      status: 403,
      code: 'origin_not_allowed',
    },
  ])('pledge and registration refuse $case with $status $code, writing nothing', async ({ headers, status, code }) => {
    const created = await postPledge(app, post('/api/pledges', pledge, headers), '192.0.2.1');
    const registered = await postRegistration(
      app,
      post('/api/infodays/webinar/registrations', JSON.stringify(person), headers),
      { slug: 'webinar' },
      '192.0.2.1',
    );
    for (const response of [created, registered]) {
      expect(response.status).toBe(status);
      expect((await response.json()).error.code).toBe(code);
    }
    expect(await count('pledges')).toBe(0);
    expect(await count('registrations')).toBe(0);
  });

  it.each([
    { case: 'our own origin (the site, or an embed inside its iframe)', origin: 'http://localhost' },
    { case: 'the configured public address (SITE_URL) behind a proxy', origin: 'https://crowdfunding.comune.venezia.it' },
    { case: 'no Origin (a server-side client)', origin: null },
  ])('accepts JSON from $case', async ({ origin }) => {
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', ...(origin && { origin }) };
    expect((await postPledge(app, post('/api/pledges', pledge, headers), '192.0.2.2')).status).toBe(201);
  });
});

describe('request bodies', () => {
  it('a body over 64 KB answers 413 payload_too_large, counted as it streams even when Content-Length is absent', async () => {
    const big = JSON.stringify({ ...pledgeBody('open-one', 2500), message: 'x'.repeat(70_000) });
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        const bytes = new TextEncoder().encode(big);
        for (let at = 0; at < bytes.length; at += 8192) controller.enqueue(bytes.slice(at, at + 8192));
        controller.close();
      },
    });
    const request = new Request('http://localhost/api/pledges', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(request.headers.get('content-length')).toBeNull();
    const response = await postPledge(app, request, '192.0.2.3');
    expect(response.status).toBe(413);
    expect((await response.json()).error.code).toBe('payload_too_large');
    expect(await count('pledges')).toBe(0);
  });
});

describe('wrong admin tokens', () => {
  const admin = (token: string) =>
    new Request('http://localhost/api/admin/reconciliation', { headers: { authorization: `Bearer ${token}` } });

  it(`are refused per address after ${LIMITS.adminFailuresPerAddress.hits}: then even the right token waits, while other addresses are served`, async () => {
    const statuses = [];
    for (let n = 0; n <= LIMITS.adminFailuresPerAddress.hits; n += 1)
      statuses.push((await adminApi(app, admin(`wrong-token-${n}-xxxxxxxx`), {}, '198.51.100.66')).status);
    expect(statuses).toEqual([...Array(LIMITS.adminFailuresPerAddress.hits).fill(401), 429]);
    expect((await adminApi(app, admin(ADMIN_TOKEN), {}, '198.51.100.66')).status).toBe(429);
    expect((await adminApi(app, admin(ADMIN_TOKEN), {}, '198.51.100.67')).status).toBe(200);
  });

  it('right tokens are never counted', async () => {
    for (let n = 0; n < LIMITS.adminFailuresPerAddress.hits + 2; n += 1)
      expect((await adminApi(app, admin(ADMIN_TOKEN), {}, '198.51.100.68')).status).toBe(200);
  });
});

describe('GET /api/health', () => {
  it('answers 200 when the database answers and every migration is applied', async () => {
    const response = await getHealth(app);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', database: 'reachable', migrations: 'current' });
  });

  it('answers 503 when a migration is missing', async () => {
    const { rows } = await database.db.query<{ id: string }>(
      'DELETE FROM schema_migrations WHERE id = (SELECT max(id) FROM schema_migrations) RETURNING id',
    );
    try {
      const response = await getHealth(app);
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ migrations: 'pending', pending: 1 });
    } finally {
      await database.db.query('INSERT INTO schema_migrations (id) VALUES ($1)', [rows[0]!.id]);
    }
  });

  it('answers 503 with Retry-After when the database cannot be reached', async () => {
    const unreachable = createPool('postgres://nobody:nothing@127.0.0.1:9/none', 1);
    try {
      const response = await getHealth(testApp({ db: unreachable, catalog }));
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('5');
      expect(await response.json()).toEqual({ status: 'unavailable', database: 'unreachable' });
    } finally {
      await unreachable.end();
    }
  });
});

describe('scheduled jobs under an advisory lock', () => {
  it('two concurrent runs of one job from two pools (two instances): one runs, the other skips', async () => {
    const other = createPool(database.url, 2);
    try {
      let release!: () => void;
      const held = new Promise<void>((done) => (release = done));
      const runs: string[] = [];
      const first = withAdvisoryLock(database.db, 'close-campaigns', async () => {
        runs.push('first');
        await held;
        return 'done';
      });
      // The first run holds the lock until released; the second instance tries meanwhile.
      await new Promise((done) => setTimeout(done, 100));
      const second = await withAdvisoryLock(other, 'close-campaigns', () => Promise.resolve(runs.push('second')));
      const another = await withAdvisoryLock(other, 'reconciliation-nightly', () => Promise.resolve('another job'));
      release();
      expect(await first).toEqual({ ran: true, result: 'done' });
      expect(second).toEqual({ ran: false });
      expect(another).toEqual({ ran: true, result: 'another job' });
      expect(runs).toEqual(['first']);
      // Released at the end: the next run takes it.
      expect(await withAdvisoryLock(other, 'close-campaigns', () => Promise.resolve('later'))).toEqual({ ran: true, result: 'later' });
    } finally {
      await other.end();
    }
  });

  it('releases the lock when the job fails', async () => {
    await expect(withAdvisoryLock(database.db, 'failing', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await withAdvisoryLock(database.db, 'failing', () => Promise.resolve(1))).toEqual({ ran: true, result: 1 });
  });
});
