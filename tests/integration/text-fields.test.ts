/**
 * Every text field a person types is refused with a 400 that names it when it holds a NUL or another
 * control character: PostgreSQL would refuse NUL with an error (a 500), and nothing is stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/server/app.ts';
import { postAdminForgetDonor, postPledge, postRegistration } from '../../src/server/http/routes.ts';
import { freshDatabase, type TestDatabase } from '../support/database.ts';
import { jsonRequest, pledgeBody, testApp, testCall, testCampaign, testCatalog, testEvent } from '../support/app.ts';

const ADMIN_TOKEN = 'a-long-enough-admin-token-0042';
const call = testCall();
const catalog = testCatalog([call], [testCampaign(call, 'open-one')], [testEvent('webinar'), testEvent('training', { kind: 'path' })]);

let database: TestDatabase;
let app: App;
let ip = 0;

beforeAll(async () => {
  database = await freshDatabase();
  app = testApp({ db: database.appDb, catalog, config: { adminToken: ADMIN_TOKEN } });
});
afterAll(() => database.close());

const rowCount = async () =>
  (await database.db.query<{ n: number }>('SELECT (SELECT count(*) FROM pledges) + (SELECT count(*) FROM registrations) AS n')).rows[0]!.n;

async function expectRefused(response: Response, field: string) {
  expect(response.status).toBe(400);
  const { error } = (await response.json()) as { error: { code: string; message: string; field?: string } };
  expect(error).toEqual({ code: 'invalid_body', message: expect.stringContaining(field), field });
}

const donor = { name: 'Ada Lovelace', email: 'ada@example.org', anonymous: false };
const person = { name: 'Persona', email: 'persona@example.org', organisation: 'APS di esempio', consent: { privacy: true } };

describe.each(['\u0000', '\u0007', '\u001b[31m', '\ud800'])('text with %j', (bad) => {
  it.each([
    { field: 'campaign', body: pledgeBody(`open${bad}-one`, 2500) },
    { field: 'donor.name', body: pledgeBody('open-one', 2500, { donor: { ...donor, name: `Ada${bad}` } }) },
    { field: 'donor.email', body: pledgeBody('open-one', 2500, { donor: { ...donor, email: `ada${bad}@example.org` } }) },
    { field: 'donor.taxCode', body: pledgeBody('open-one', 2500, { donor: { ...donor, taxCode: `RSSMRA80A01L736${bad}` } }) },
    { field: 'message', body: pledgeBody('open-one', 2500, { message: `Forza!${bad}` }) },
  ])('POST /api/pledges refuses it in $field', async ({ field, body }) => {
    const before = await rowCount();
    await expectRefused(await postPledge(app, jsonRequest('/api/pledges', body), `10.1.0.${++ip}`), field);
    expect(await rowCount()).toBe(before);
  });

  it.each([
    { kind: 'infodays', slug: 'webinar', field: 'name' },
    { kind: 'infodays', slug: 'webinar', field: 'email' },
    { kind: 'infodays', slug: 'webinar', field: 'organisation' },
    { kind: 'paths', slug: 'training', field: 'name' },
    { kind: 'paths', slug: 'training', field: 'organisation' },
  ])('POST /api/$kind/{slug}/registrations refuses it in $field', async ({ kind, slug, field }) => {
    const before = await rowCount();
    const value = field === 'email' ? `persona${bad}@example.org` : `${person[field as 'name']}${bad}`;
    // A different person each time: one e-mail address may try only a few registrations in ten minutes.
    const request = jsonRequest(`/api/${kind}/${slug}/registrations`, {
      ...person,
      email: `persona.${ip + 1}@example.org`,
      [field]: value,
    });
    await expectRefused(await postRegistration(app, request, { slug }, `10.2.0.${++ip}`), field);
    expect(await rowCount()).toBe(before);
  });

  it('POST /api/admin/donors/forget refuses it in email', async () => {
    const request = jsonRequest('/api/admin/donors/forget', { email: `ada${bad}@example.org` }, { authorization: `Bearer ${ADMIN_TOKEN}` });
    await expectRefused(await postAdminForgetDonor(app, request), 'email');
  });
});

describe('text that is fine', () => {
  it('keeps line breaks in a message and accents, apostrophes and emoji in a name', async () => {
    const body = pledgeBody('open-one', 2500, { donor: { ...donor, name: "Nicolò D'Angelo 🌱" }, message: 'Riga uno\nRiga due\r\n\tfine' });
    const response = await postPledge(app, jsonRequest('/api/pledges', body), `10.3.0.${++ip}`);
    expect(response.status).toBe(201);
    const { pledgeId } = (await response.json()) as { pledgeId: string };
    const { rows } = await database.db.query('SELECT donor_name, message FROM pledges WHERE id = $1', [pledgeId]);
    expect(rows).toEqual([{ donor_name: "Nicolò D'Angelo 🌱", message: 'Riga uno\nRiga due\r\n\tfine' }]);
  });

  it('refuses a line break in a name', async () => {
    const body = pledgeBody('open-one', 2500, { donor: { ...donor, name: 'Ada\nLovelace' } });
    await expectRefused(await postPledge(app, jsonRequest('/api/pledges', body), `10.3.0.${++ip}`), 'donor.name');
  });
});
