import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/server/app.ts';
import { adminApi, getRegistration, postRegistration, postRegistrationCancel, registrationApi } from '../../src/server/http/routes.ts';
import { freshDatabase, type TestDatabase } from '../support/database.ts';
import { jsonRequest, testApp, testCall, testCatalog, testEvent } from '../support/app.ts';

const ADMIN_TOKEN = 'a-long-enough-admin-token-0007';
const call = testCall();
const catalog = testCatalog(
  [call],
  [],
  [
    testEvent('webinar'),
    testEvent('small', { registration: { capacity: 2, opensAt: '2027-01-01T08:00:00.000Z', closesAt: '2027-02-09T11:00:00.000Z' } }),
    testEvent('crowded', { registration: { capacity: 10, opensAt: '2027-01-01T08:00:00.000Z', closesAt: '2027-02-09T11:00:00.000Z' } }),
    testEvent('later', { registration: { capacity: 10, opensAt: '2027-01-20T08:00:00.000Z', closesAt: '2027-02-09T11:00:00.000Z' } }),
    testEvent('over', { registration: { capacity: 10, opensAt: '2026-12-01T08:00:00.000Z', closesAt: '2027-01-10T11:00:00.000Z' } }),
    testEvent('history', { startsAt: '2021-02-17T23:00:00.000Z', endsAt: null, registration: null, onlineLink: null }),
    testEvent('in-person', {
      mode: 'in-person',
      place: { name: 'Centro civico', address: 'Via di Esempio 1, Marghera' },
      onlineLink: null,
    }),
    testEvent('training', { kind: 'path', onlineLink: null, mode: 'in-person', place: { name: 'Centro civico', address: 'Via 1' } }),
  ],
);

let database: TestDatabase;
let app: App;
let ip = 0;

beforeAll(async () => {
  database = await freshDatabase({ poolSize: 12 });
  app = testApp({ db: database.appDb, catalog, config: { adminToken: ADMIN_TOKEN } });
});
afterAll(() => database.close());
beforeEach(async () => {
  await database.db.query('TRUNCATE registrations, registration_events, rate_limits CASCADE');
});

interface Created {
  registrationId: string;
  status: 'confirmed' | 'waitlisted' | 'cancelled';
  position: number | null;
  token: string;
  managePath: string;
  event: { slug: string; title: string };
}

const person = (n: number | string, extra: Record<string, unknown> = {}) => ({
  name: `Persona ${n}`,
  email: `persona.${n}@example.org`,
  organisation: 'APS di esempio',
  consent: { privacy: true },
  ...extra,
});

function registerRaw(target: App, slug: string, body: unknown, kind: 'infodays' | 'paths' = 'infodays'): Promise<Response> {
  return postRegistration(target, jsonRequest(`/api/${kind}/${slug}/registrations`, body), { slug }, `198.18.1.${++ip % 250}`);
}

async function register(slug: string, body: unknown, kind: 'infodays' | 'paths' = 'infodays'): Promise<Created> {
  const response = await registerRaw(app, slug, body, kind);
  expect(response.status).toBe(201);
  return (await response.json()) as Created;
}

const status = async (token: string) => {
  const response = await getRegistration(app, { token });
  expect(response.status).toBe(200);
  return (await response.json()) as Created;
};

const cancel = (token: string, target: App = app) => postRegistrationCancel(target, { token });

const errorOf = async (response: Response) => ((await response.json()) as { error: { code: string; field?: string } }).error;

describe('capacity', () => {
  it('30 concurrent registrations for 10 places give exactly 10 confirmed and 20 waitlisted, positions 1 to 20', async () => {
    const answers = await Promise.all(Array.from({ length: 30 }, (_, n) => register('crowded', person(n))));
    const confirmed = answers.filter((answer) => answer.status === 'confirmed');
    const waitlisted = answers.filter((answer) => answer.status === 'waitlisted');
    expect(confirmed).toHaveLength(10);
    expect(waitlisted).toHaveLength(20);
    expect(waitlisted.map((answer) => answer.position).sort((a, b) => a! - b!)).toEqual(Array.from({ length: 20 }, (_, n) => n + 1));
    expect(confirmed.every((answer) => answer.position === null)).toBe(true);
    const { rows } = await database.db.query<{ status: string; count: number }>(
      `SELECT status, count(*)::int AS count FROM registrations WHERE event_slug = 'crowded' GROUP BY status ORDER BY status`,
    );
    expect(rows).toEqual([
      { status: 'confirmed', count: 10 },
      { status: 'waitlisted', count: 20 },
    ]);
  });

  it('registrations and cancellations racing never confirm more people than there are places', async () => {
    const first = await Promise.all(Array.from({ length: 12 }, (_, n) => register('crowded', person(`a${n}`))));
    const work = [
      ...first.slice(0, 6).map((answer) => cancel(answer.token)),
      ...Array.from({ length: 12 }, (_, n) => registerRaw(app, 'crowded', person(`b${n}`))),
    ];
    const responses = await Promise.all(work);
    expect(responses.map((response) => response.status).filter((code) => code >= 300)).toEqual([]);
    const { rows } = await database.db.query<{ status: string; count: number }>(
      `SELECT status, count(*)::int AS count FROM registrations WHERE event_slug = 'crowded' GROUP BY status ORDER BY status`,
    );
    // 24 registrations, 6 cancelled: 18 alive, of whom exactly 10 hold the places.
    expect(rows).toEqual([
      { status: 'cancelled', count: 6 },
      { status: 'confirmed', count: 10 },
      { status: 'waitlisted', count: 8 },
    ]);
  });

  it('no answer carries the online meeting link, confirmed or waitlisted: it travels only by e-mail (tests/integration/mail.test.ts)', async () => {
    const answers = [];
    for (const n of [1, 2, 3]) {
      const response = await registerRaw(app, 'small', person(n));
      const text = await response.text();
      expect(text).not.toContain('meet.example.org');
      answers.push(JSON.parse(text) as Created);
    }
    expect(answers.map((answer) => [answer.status, answer.position])).toEqual([
      ['confirmed', null],
      ['confirmed', null],
      ['waitlisted', 1],
    ]);
    for (const answer of answers) expect(JSON.stringify(await status(answer.token))).not.toContain('meet.example.org');
  });

  it('an in-person infoday answers without any link and the private link is a page of the site', async () => {
    const answer = await register('in-person', person(1, { locale: 'en' }));
    expect(answer.status).toBe('confirmed');
    expect(answer).not.toHaveProperty('onlineLink');
    expect(answer.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(answer.managePath).toBe(`/en/iscrizione/#${answer.token}`);
  });
});

describe('one registration per e-mail', () => {
  it('the same e-mail, in any case, on the same infoday answers 409 already_registered', async () => {
    await register('webinar', person(1));
    const again = await registerRaw(app, 'webinar', person(1, { email: 'PERSONA.1@Example.org', name: 'Altra persona' }));
    expect(again.status).toBe(409);
    expect(await errorOf(again)).toMatchObject({ code: 'already_registered', field: 'email' });
    expect((await database.db.query(`SELECT 1 FROM registrations WHERE event_slug = 'webinar'`)).rowCount).toBe(1);
  });

  it('the same e-mail may register for another infoday', async () => {
    await register('webinar', person(1));
    expect((await register('small', person(1))).status).toBe('confirmed');
  });

  it('concurrent duplicates register once', async () => {
    const responses = await Promise.all(Array.from({ length: 5 }, () => registerRaw(app, 'webinar', person('twin'))));
    expect(responses.map((response) => response.status).sort()).toEqual([201, 409, 409, 409, 409]);
  });

  it('after cancelling, the same e-mail may register again', async () => {
    const first = await register('webinar', person(1));
    expect((await cancel(first.token)).status).toBe(200);
    expect((await register('webinar', person(1))).status).toBe('confirmed');
  });
});

describe('cancellation', () => {
  it('cancelling a confirmed place promotes the first person waiting', async () => {
    const [a, , c, d] = [
      await register('small', person('a')),
      await register('small', person('b')),
      await register('small', person('c')),
      await register('small', person('d')),
    ];
    expect([c.status, c.position, d.status, d.position]).toEqual(['waitlisted', 1, 'waitlisted', 2]);

    const response = await cancel(a.token);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'cancelled', promoted: 1, position: null });
    expect(await status(c.token)).toMatchObject({ status: 'confirmed', position: null });
    expect(await status(d.token)).toMatchObject({ status: 'waitlisted', position: 1 });
  });

  it('cancelling a place on the waiting list promotes nobody and moves those behind it up', async () => {
    await register('small', person('a'));
    await register('small', person('b'));
    const c = await register('small', person('c'));
    const d = await register('small', person('d'));
    expect(await (await cancel(c.token)).json()).toMatchObject({ status: 'cancelled', promoted: 0 });
    expect(await status(d.token)).toMatchObject({ status: 'waitlisted', position: 1 });
  });

  it('erases the name, e-mail and organisation of whoever cancels, and cancelling twice answers the same', async () => {
    const a = await register('webinar', person('a'));
    expect((await cancel(a.token)).status).toBe(200);
    const again = await cancel(a.token);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ status: 'cancelled', promoted: 0 });
    const { rows } = await database.db.query('SELECT name, email, organisation, status FROM registrations WHERE id = $1', [
      a.registrationId,
    ]);
    expect(rows).toEqual([{ name: null, email: null, organisation: null, status: 'cancelled' }]);
  });

  it('stores only a hash of the private token', async () => {
    const a = await register('webinar', person('a'));
    const { rows } = await database.db.query<{ token_hash: string }>('SELECT token_hash FROM registrations WHERE id = $1', [
      a.registrationId,
    ]);
    expect(rows[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(rows)).not.toContain(a.token);
  });

  it('an unknown or malformed token answers 404 registration_not_found', async () => {
    for (const token of ['x'.repeat(43), 'short', '../../etc']) {
      for (const response of [await getRegistration(app, { token }), await cancel(token)]) {
        expect(response.status).toBe(404);
        expect((await errorOf(response)).code).toBe('registration_not_found');
      }
    }
  });

  it('after the event has started a registration can no longer be cancelled (409 registration_closed)', async () => {
    const a = await register('webinar', person('a'));
    const during = testApp({ db: database.appDb, catalog, now: () => new Date('2027-02-10T16:30:00Z') });
    const response = await cancel(a.token, during);
    expect(response.status).toBe(409);
    expect((await errorOf(response)).code).toBe('registration_closed');
  });

  it('the private-link function routes GET to the status and POST .../cancel to cancelling', async () => {
    const a = await register('webinar', person('a'));
    const get = await registrationApi(app, new Request(`http://localhost/api/registrations/${a.token}`), { token: a.token });
    expect(await get.json()).toMatchObject({ status: 'confirmed', event: { slug: 'webinar', title: 'Infoday webinar' } });
    const post = await registrationApi(app, new Request(`http://localhost/api/registrations/${a.token}/cancel`, { method: 'POST' }), {
      token: a.token,
    });
    expect(await post.json()).toMatchObject({ status: 'cancelled' });
    const wrong = await registrationApi(app, new Request(`http://localhost/api/registrations/${a.token}`, { method: 'DELETE' }), {
      token: a.token,
    });
    expect(wrong.status).toBe(405);
  });
});

describe('registration window', () => {
  it.each([
    ['before the window opens', 'later'],
    ['after the window closed', 'over'],
    ['on a historical infoday', 'history'],
  ])('%s answers 409 registration_closed', async (_case, slug) => {
    const response = await registerRaw(app, slug, person(1));
    expect(response.status).toBe(409);
    expect((await errorOf(response)).code).toBe('registration_closed');
  });

  it('opens at its first instant and is closed at its closing instant', async () => {
    const at = (instant: string) => testApp({ db: database.appDb, catalog, now: () => new Date(instant) });
    expect((await registerRaw(at('2027-01-20T08:00:00.000Z'), 'later', person(1))).status).toBe(201);
    expect((await registerRaw(at('2027-02-09T11:00:00.000Z'), 'later', person(2))).status).toBe(409);
  });
});

describe('requests', () => {
  it('an unknown infoday answers 404 infoday_not_found, an unknown path 404 path_not_found', async () => {
    expect(await errorOf(await registerRaw(app, 'nope', person(1)))).toMatchObject({ code: 'infoday_not_found' });
    expect(await errorOf(await registerRaw(app, 'webinar', person(1), 'paths'))).toMatchObject({ code: 'path_not_found' });
  });

  it.each([
    ['without consent', person(1, { consent: { privacy: false } }), 'consent_required', 'consent.privacy'],
    ['without the consent object', { name: 'A', email: 'a@example.org' }, 'consent_required', 'consent.privacy'],
    ['without a name', person(1, { name: '  ' }), 'invalid_body', 'name'],
    ['with a wrong e-mail', person(1, { email: 'not-an-address' }), 'invalid_body', 'email'],
  ])('%s answers 400 %s', async (_case, body, code, field) => {
    const response = await registerRaw(app, 'webinar', body);
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toMatchObject({ code, field });
  });

  it('a path registers organisations: the organisation is required, and then it works like an infoday', async () => {
    const missing = await registerRaw(app, 'training', person(1, { organisation: '' }), 'paths');
    expect(missing.status).toBe(400);
    expect(await errorOf(missing)).toMatchObject({ code: 'invalid_body', field: 'organisation' });
    const created = await register('training', person(1), 'paths');
    expect(created).toMatchObject({ status: 'confirmed', event: { kind: 'path', slug: 'training' } });
    expect(await errorOf(await registerRaw(app, 'training', person(1), 'paths'))).toMatchObject({ code: 'already_registered' });
  });

  it('100 registrations within a minute from one address (a room on one Wi-Fi) are all taken: 10 places, 90 waiting', async () => {
    const statuses: number[] = [];
    const answers: { status: string }[] = [];
    for (let n = 0; n < 100; n += 1) {
      const response = await postRegistration(
        app,
        jsonRequest('/api/infodays/crowded/registrations', person(`room${n}`)),
        { slug: 'crowded' },
        '203.0.113.9',
      );
      statuses.push(response.status);
      answers.push(await response.json());
    }
    expect(statuses).toEqual(Array(100).fill(201));
    expect(answers.filter((a) => a.status === 'confirmed')).toHaveLength(10);
    expect(answers.filter((a) => a.status === 'waitlisted')).toHaveLength(90);
  });

  it('the limit per address lies far above a room: the 301st registration of a minute from one address answers 429', async () => {
    const address = '203.0.113.77';
    const statuses = new Map<number, number>();
    for (let n = 0; n < 301; n += 1) {
      // Bodies that fail validation still count: the limit is taken before anything else.
      const response = await postRegistration(
        app,
        jsonRequest('/api/infodays/crowded/registrations', { name: `flood ${n}` }),
        { slug: 'crowded' },
        address,
      );
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    }
    expect(Object.fromEntries(statuses)).toEqual({ 400: 300, 429: 1 });
  });

  it('one e-mail address may try five times in ten minutes, from any address', async () => {
    const statuses = [];
    for (let n = 0; n < 6; n += 1) {
      const response = await postRegistration(
        app,
        jsonRequest('/api/infodays/webinar/registrations', person('same', { email: 'Same.Person@example.org' })),
        { slug: 'webinar' },
        `198.51.100.${n}`,
      );
      statuses.push(response.status);
    }
    expect(statuses).toEqual([201, 409, 409, 409, 409, 429]);
    expect((await errorOf(await registerRaw(app, 'webinar', person('same', { email: 'same.person@EXAMPLE.org' })))).code).toBe(
      'rate_limited',
    );
  });

  it('stores rate-limit keys as HMACs: no row holds or is the plain SHA-256 of the address', async () => {
    const { createHash } = await import('node:crypto');
    await registerRaw(app, 'crowded', person('keyed'));
    await postRegistration(app, jsonRequest('/api/infodays/crowded/registrations', person('keyed-2')), { slug: 'crowded' }, '203.0.113.9');
    const { rows } = await database.db.query<{ bucket: string }>('SELECT bucket FROM rate_limits');
    expect(rows.length).toBeGreaterThan(0);
    const plain = createHash('sha256').update('203.0.113.9').digest('hex').slice(0, 32);
    expect(rows.some((row) => row.bucket.includes('203.0.113.9') || row.bucket.includes(plain))).toBe(false);
  });

  it('deletes the rows of windows that are over as it writes new ones', async () => {
    await database.db.query(
      "INSERT INTO rate_limits (bucket, window_started_at, expires_at, hits) VALUES ('old:1', now() - interval '2 hours', now() - interval '1 hour', 3)",
    );
    await registerRaw(app, 'crowded', person('after-expiry'));
    const { rows } = await database.db.query("SELECT count(*)::int AS n FROM rate_limits WHERE bucket = 'old:1'");
    expect(rows[0]!.n).toBe(0);
  });
});

describe('admin export', () => {
  const admin = (path: string, token: string | null = ADMIN_TOKEN) =>
    new Request(`http://localhost${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  it('answers 401 without the bearer token and 404 for an unknown infoday', async () => {
    expect((await adminApi(app, admin('/api/admin/infodays/webinar/registrations.csv', null), { slug: 'webinar' })).status).toBe(401);
    expect(
      (await adminApi(app, admin('/api/admin/infodays/webinar/registrations.csv', 'wrong-token-wrong-token'), { slug: 'webinar' })).status,
    ).toBe(401);
    expect((await adminApi(app, admin('/api/admin/infodays/nope/registrations.csv'), { slug: 'nope' })).status).toBe(404);
  });

  it('lists every registration in order of arrival with status, waiting position and contact, as UTF-8 CSV with BOM', async () => {
    const a = await register('small', person('a'));
    await register('small', person('b'));
    await register('small', person('c'));
    await register('small', person('d'));
    await cancel(a.token);
    const response = await adminApi(app, admin('/api/admin/infodays/small/registrations.csv'), { slug: 'small' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(new Uint8Array(await response.arrayBuffer()));
    expect(
      text.startsWith(
        '\uFEFFregistration_id,created_at,status,waitlist_position,name,email,organisation,locale,promoted_at,cancelled_at\r\n',
      ),
    ).toBe(true);
    const lines = text
      .trimEnd()
      .split('\r\n')
      .slice(1)
      .map((line) => line.split(','));
    expect(lines.map((cells) => [cells[2], cells[3], cells[4], cells[5]])).toEqual([
      ['cancelled', '', '', ''],
      ['confirmed', '', 'Persona b', 'persona.b@example.org'],
      ['confirmed', '', 'Persona c', 'persona.c@example.org'],
      ['waitlisted', '1', 'Persona d', 'persona.d@example.org'],
    ]);
    expect(lines[2]![8]).not.toBe('');
  });

  it('exports a path under /api/admin/paths/{slug}/registrations.csv, defusing formulas', async () => {
    await register('training', person('a', { organisation: '=HYPERLINK("x")' }), 'paths');
    const response = await adminApi(app, admin('/api/admin/paths/training/registrations.csv'), { slug: 'training' });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain(`"'=HYPERLINK(""x"")"`);
  });
});
