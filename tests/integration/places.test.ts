/** `GET /api/infodays/{slug}/places`: the places left, live, as counts only. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/server/app.ts';
import { getPlaces, postRegistration, postRegistrationCancel } from '../../src/server/http/routes.ts';
import { freshDatabase, type TestDatabase } from '../support/database.ts';
import { jsonRequest, testApp, testCall, testCatalog, testEvent } from '../support/app.ts';

const catalog = testCatalog(
  [testCall()],
  [],
  [
    testEvent('small', { registration: { capacity: 2, opensAt: '2027-01-01T08:00:00.000Z', closesAt: '2027-02-09T11:00:00.000Z' } }),
    testEvent('history', { startsAt: '2021-02-17T23:00:00.000Z', endsAt: null, registration: null, onlineLink: null }),
  ],
);

let database: TestDatabase;
let app: App;
let ip = 0;

beforeAll(async () => {
  database = await freshDatabase({ poolSize: 4 });
  app = testApp({ db: database.appDb, catalog });
});
afterAll(() => database.close());
beforeEach(async () => {
  await database.db.query('TRUNCATE registrations, registration_events, rate_limits CASCADE');
});

const places = async (slug: string) => {
  const response = await getPlaces(app, new Request(`http://localhost/api/infodays/${slug}/places`), { slug });
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, headers: response.headers };
};

const register = async (n: number) => {
  const body = { name: `Persona ${n}`, email: `persona.${n}@example.org`, consent: { privacy: true } };
  const response = await postRegistration(
    app,
    jsonRequest('/api/infodays/small/registrations', body),
    { slug: 'small' },
    `192.0.2.${++ip}`,
  );
  return (await response.json()) as { token: string; status: string };
};

describe('GET /api/infodays/{slug}/places', () => {
  it('counts down as people register, then counts the waiting list; a cancellation frees a place for the first waiting', async () => {
    expect((await places('small')).body).toEqual({ capacity: 2, confirmed: 0, placesLeft: 2, waitlisted: 0 });
    const first = await register(1);
    expect((await places('small')).body).toEqual({ capacity: 2, confirmed: 1, placesLeft: 1, waitlisted: 0 });
    await register(2);
    await register(3);
    expect((await places('small')).body).toEqual({ capacity: 2, confirmed: 2, placesLeft: 0, waitlisted: 1 });
    await postRegistrationCancel(app, { token: first.token });
    expect((await places('small')).body).toEqual({ capacity: 2, confirmed: 2, placesLeft: 0, waitlisted: 0 });
  });

  it('tells counts only: no name, e-mail or token, and may be cached for a few seconds', async () => {
    await register(7);
    const answer = await places('small');
    expect(JSON.stringify(answer.body)).not.toMatch(/persona|example\.org|token/i);
    expect(answer.headers.get('netlify-cdn-cache-control')).toContain('max-age=5');
  });

  it('an event without registration or an unknown one answers 404', async () => {
    expect((await places('history')).status).toBe(404);
    expect((await places('nessuno')).status).toBe(404);
  });
});
