/**
 * The staff console against a real migrated PostgreSQL: sign-in links, sessions, CSRF, and that an
 * organisation member sees nothing of another organisation through any page or CSV.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { consoleApi } from '../../src/server/console/routes.ts';
import type { StaffMail } from '../../src/server/staff/mail.ts';
import { addAdministrator } from '../../src/server/staff/service.ts';
import { freshDatabase, type TestDatabase } from '../support/database.ts';
import { NOW, pledgeBody, testApp, testCall, testCampaign, testCatalog, testEvent, stripePayments } from '../support/app.ts';
import { confirmDemoPledge, createPledge } from '../../src/server/pledges/service.ts';
import { register } from '../../src/server/registrations/service.ts';
import type { App } from '../../src/server/app.ts';
import { startFakeStripe } from '../support/fake-stripe.ts';

const ORIGIN = 'http://localhost';
const call = testCall();
const catalog = testCatalog(
  [call],
  [
    testCampaign(call, 'orti-a', { organisations: ['org-a'] }),
    testCampaign(call, 'rive-b', { organisations: ['org-b'] }),
    testCampaign(call, 'rete-ab', { organisations: ['org-b', 'org-c'] }),
  ],
  [testEvent('infoday-1'), testEvent('path-1', { kind: 'path' })],
);

let database: TestDatabase;
let app: App;
let now: Date;
const outbox: StaffMail[] = [];
const mailer = (_tx: unknown, mail: StaffMail) => {
  outbox.push(mail);
  return Promise.resolve();
};

beforeAll(async () => {
  database = await freshDatabase();
  app = testApp({ db: database.appDb, catalog, now: () => now });
  now = NOW;
  await addAdministrator(database.db, { email: 'Sindaco@Comune.Venezia.it', name: 'Admin' }, NOW);
  // Money and registrations to look at, through the same services the public API uses.
  for (const [slug, email] of [
    ['orti-a', 'ada@example.org'],
    ['rive-b', 'bruno@example.org'],
  ] as const) {
    const pledge = await createPledge(app, pledgeBody(slug, 5000, { donor: { name: `Donor ${slug}`, email, anonymous: false } }), null);
    await confirmDemoPledge(app, pledge.pledgeId);
  }
  await register(app, 'infoday', 'infoday-1', { name: 'Carla', email: 'carla@example.org', consent: { privacy: true } });
});

afterAll(() => database.close());

beforeEach(async () => {
  now = NOW;
  outbox.length = 0;
  // The limits count in the database's own time, not the test's clock: each test starts with none.
  await database.db.query('DELETE FROM rate_limits');
});

interface Call {
  app?: App;
  cookie?: string | null;
  form?: Record<string, string | string[]>;
  origin?: string | null;
  ip?: string;
}

function request(method: 'GET' | 'POST', path: string, options: Call = {}): Promise<Response> {
  const headers = new Headers();
  if (options.cookie) headers.set('cookie', `__Host-civic-staff=${options.cookie}`);
  let body: string | undefined;
  if (method === 'POST') {
    if (options.origin !== null) headers.set('origin', options.origin ?? ORIGIN);
    headers.set('content-type', 'application/x-www-form-urlencoded');
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(options.form ?? {})) for (const item of [value].flat()) params.append(key, item);
    body = params.toString();
  }
  return consoleApi(options.app ?? app, new Request(`${ORIGIN}${path}`, { method, headers, ...(body !== undefined && { body }) }), {
    mailer,
    clientIp: options.ip ?? '198.51.100.23',
  });
}

const cookieOf = (response: Response) => /__Host-civic-staff=([^;]*)/.exec(response.headers.getSetCookie().join('\n'))?.[1] ?? null;
const csrfOf = async (response: Response) => /name="csrf" value="([^"]+)"/.exec(await response.text())?.[1] ?? '';
const tokenOf = (mail: StaffMail) => new URL(mail.link).searchParams.get('t')!;

async function linkFor(email: string, ip = '198.51.100.23'): Promise<string> {
  const answer = await request('POST', '/gestione/accesso/', { form: { email }, ip });
  expect(answer.status).toBe(303);
  const mail = outbox.at(-1);
  expect(mail?.to).toBe(email.toLowerCase());
  return tokenOf(mail!);
}

async function signIn(email: string): Promise<{ cookie: string; csrf: string }> {
  const token = await linkFor(email);
  const answer = await request('POST', '/gestione/accesso/conferma/', { form: { t: token } });
  expect(answer.status).toBe(303);
  const cookie = cookieOf(answer)!;
  const home = await request('GET', '/gestione/', { cookie });
  expect(home.status).toBe(200);
  return { cookie, csrf: await csrfOf(home) };
}

async function inviteMember(admin: { cookie: string; csrf: string }, email: string, organisations: string[]): Promise<string> {
  const answer = await request('POST', '/gestione/persone/invita/', {
    cookie: admin.cookie,
    form: { csrf: admin.csrf, email, name: 'Member', role: 'org_member', organisations },
  });
  expect(answer.status).toBe(303);
  const mail = outbox.at(-1)!;
  expect(mail.kind).toBe('staff-invitation');
  const confirm = await request('POST', '/gestione/accesso/conferma/', { form: { t: tokenOf(mail) } });
  expect(confirm.status).toBe(303);
  return cookieOf(confirm)!;
}

describe('sign-in by e-mail link', () => {
  it('answers an unknown address exactly as a known one, and sends it nothing', async () => {
    const unknown = await request('POST', '/gestione/accesso/', { form: { email: 'nobody@example.org' }, ip: '198.51.100.1' });
    const known = await request('POST', '/gestione/accesso/', { form: { email: 'sindaco@comune.venezia.it' }, ip: '198.51.100.1' });
    expect([unknown.status, unknown.headers.get('location')]).toEqual([known.status, known.headers.get('location')]);
    expect(await unknown.text()).toBe(await known.text());
    expect(outbox.map((mail) => mail.to)).toEqual(['sindaco@comune.venezia.it']);
    expect(outbox[0]!.link).toMatch(/^http:\/\/localhost\/gestione\/accesso\/conferma\/\?t=[A-Za-z0-9_-]{43}$/);
    expect(outbox[0]!.expiresAt.getTime() - NOW.getTime()).toBe(15 * 60_000);
  });

  it('stores only a hash of the link and of the session', async () => {
    const token = await linkFor('sindaco@comune.venezia.it');
    const { rows } = await database.db.query('SELECT token_hash FROM staff_sign_in_links');
    expect(rows.some((row) => row.token_hash === token)).toBe(false);
    const answer = await request('POST', '/gestione/accesso/conferma/', { form: { t: token } });
    const cookie = cookieOf(answer)!;
    const sessions = await database.db.query('SELECT token_hash FROM staff_sessions');
    expect(sessions.rows.some((row) => row.token_hash === cookie)).toBe(false);
  });

  it('opening the link does not spend it; confirming sets a Secure, HttpOnly, SameSite=Lax cookie', async () => {
    const token = await linkFor('sindaco@comune.venezia.it');
    const opened = await request('GET', `/gestione/accesso/conferma/?t=${token}`);
    expect(opened.status).toBe(200);
    expect(opened.headers.get('referrer-policy')).toBe('same-origin');
    const answer = await request('POST', '/gestione/accesso/conferma/', { form: { t: token } });
    expect(answer.status).toBe(303);
    expect(answer.headers.get('location')).toBe('/gestione/');
    const cookie = answer.headers.getSetCookie()[0]!;
    expect(cookie).toMatch(/^__Host-civic-staff=[A-Za-z0-9_-]{43}; /);
    for (const attribute of ['Path=/', 'HttpOnly', 'Secure', 'SameSite=Lax']) expect(cookie).toContain(attribute);
  });

  it('refuses a link used once already', async () => {
    const token = await linkFor('sindaco@comune.venezia.it');
    expect((await request('POST', '/gestione/accesso/conferma/', { form: { t: token } })).status).toBe(303);
    const again = await request('POST', '/gestione/accesso/conferma/', { form: { t: token } });
    expect(again.status).toBe(401);
    expect(cookieOf(again)).toBeNull();
  });

  it('refuses a link after 15 minutes', async () => {
    const token = await linkFor('sindaco@comune.venezia.it');
    now = new Date(NOW.getTime() + 15 * 60_000 + 1000);
    const late = await request('POST', '/gestione/accesso/conferma/', { form: { t: token } });
    expect(late.status).toBe(401);
    expect(cookieOf(late)).toBeNull();
  });

  it('refuses a made-up token', async () => {
    const answer = await request('POST', '/gestione/accesso/conferma/', { form: { t: 'A'.repeat(43) } });
    expect(answer.status).toBe(401);
  });

  it('limits how many links one connection may ask for', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++)
      statuses.push((await request('POST', '/gestione/accesso/', { form: { email: `x${i}@example.org` }, ip: '192.0.2.200' })).status);
    expect(statuses.slice(0, 10).every((status) => status === 303)).toBe(true);
    expect(statuses[10]).toBe(429);
  });

  it('sends a person without a session to the sign-in page', async () => {
    const answer = await request('GET', '/gestione/');
    expect(answer.status).toBe(303);
    expect(answer.headers.get('location')).toBe('/gestione/accesso/');
    const english = await request('GET', '/en/manage/campaigns/orti-a/donations.csv');
    expect(english.headers.get('location')).toBe('/en/manage/sign-in/');
  });
});

describe('sessions', () => {
  it('does not survive signing out', async () => {
    const admin = await signIn('sindaco@comune.venezia.it');
    const out = await request('POST', '/gestione/esci/', { cookie: admin.cookie, form: { csrf: admin.csrf } });
    expect(out.status).toBe(303);
    expect(out.headers.getSetCookie()[0]).toContain('Max-Age=0');
    const after = await request('GET', '/gestione/', { cookie: admin.cookie });
    expect(after.status).toBe(303);
    expect(after.headers.get('location')).toBe('/gestione/accesso/');
  });

  it('signing out everywhere ends the other sessions of that person too', async () => {
    const first = await signIn('sindaco@comune.venezia.it');
    const second = await signIn('sindaco@comune.venezia.it');
    expect((await request('POST', '/gestione/esci-ovunque/', { cookie: second.cookie, form: { csrf: second.csrf } })).status).toBe(303);
    expect((await request('GET', '/gestione/', { cookie: first.cookie })).status).toBe(303);
    expect((await request('GET', '/gestione/', { cookie: second.cookie })).status).toBe(303);
  });

  it('replaces the token after an hour, and the old one stops working', async () => {
    const admin = await signIn('sindaco@comune.venezia.it');
    now = new Date(NOW.getTime() + 61 * 60_000);
    const rotated = await request('GET', '/gestione/', { cookie: admin.cookie });
    expect(rotated.status).toBe(200);
    const fresh = cookieOf(rotated)!;
    expect(fresh).not.toBe(admin.cookie);
    expect((await request('GET', '/gestione/', { cookie: admin.cookie })).status).toBe(303);
    expect((await request('GET', '/gestione/', { cookie: fresh })).status).toBe(200);
  });

  it('ends 8 hours after sign-in, however active', async () => {
    const admin = await signIn('sindaco@comune.venezia.it');
    let cookie = admin.cookie;
    // Active every 59 minutes until 7 h 59 min: the session holds; one minute past 8 hours it is over.
    for (const minutes of [59, 118, 177, 236, 295, 354, 413, 472, 479]) {
      now = new Date(NOW.getTime() + minutes * 60_000);
      const answer = await request('GET', '/gestione/', { cookie });
      expect(answer.status).toBe(200);
      cookie = cookieOf(answer) ?? cookie;
    }
    now = new Date(NOW.getTime() + 481 * 60_000);
    expect((await request('GET', '/gestione/', { cookie })).status).toBe(303);
  });
});

describe('CSRF and Origin', () => {
  it('refuses a form without the CSRF token, with a wrong one, or from another origin', async () => {
    const admin = await signIn('sindaco@comune.venezia.it');
    const form = { email: 'ada@example.org' };
    expect((await request('POST', '/gestione/donatori/', { cookie: admin.cookie, form })).status).toBe(403);
    expect((await request('POST', '/gestione/donatori/', { cookie: admin.cookie, form: { ...form, csrf: 'x'.repeat(43) } })).status).toBe(
      403,
    );
    expect(
      (
        await request('POST', '/gestione/donatori/', {
          cookie: admin.cookie,
          form: { ...form, csrf: admin.csrf },
          origin: 'https://evil.example',
        })
      ).status,
    ).toBe(403);
    expect(
      (await request('POST', '/gestione/donatori/', { cookie: admin.cookie, form: { ...form, csrf: admin.csrf }, origin: null })).status,
    ).toBe(403);
    expect((await request('POST', '/gestione/esci/', { cookie: admin.cookie, form: {} })).status).toBe(403);
    // Nothing was erased by the refused forms.
    const { rows } = await database.db.query("SELECT count(*)::int AS n FROM pledges WHERE donor_email = 'ada@example.org'");
    expect(rows[0].n).toBe(1);
  });

  it("a session's CSRF token does not work with another session", async () => {
    const one = await signIn('sindaco@comune.venezia.it');
    const two = await signIn('sindaco@comune.venezia.it');
    expect(one.csrf).not.toBe(two.csrf);
    expect((await request('POST', '/gestione/esci/', { cookie: one.cookie, form: { csrf: two.csrf } })).status).toBe(403);
  });

  it('refuses the sign-in form from another origin', async () => {
    const answer = await request('POST', '/gestione/accesso/', {
      form: { email: 'sindaco@comune.venezia.it' },
      origin: 'https://evil.example',
    });
    expect(answer.status).toBe(403);
    expect(outbox).toHaveLength(0);
  });
});

describe('organisation members', () => {
  let member: string;

  beforeAll(async () => {
    now = NOW;
    await database.db.query('DELETE FROM rate_limits');
    const admin = await signIn('sindaco@comune.venezia.it');
    member = await inviteMember(admin, 'org-a@example.org', ['org-a']);
  });

  it('see only their own campaigns', async () => {
    const home = await (await request('GET', '/gestione/', { cookie: member })).text();
    expect(home).toContain('Campaign orti-a');
    expect(home).not.toContain('Campaign rive-b');
    expect(home).not.toContain('Campaign rete-ab');
    const own = await request('GET', '/gestione/campagne/orti-a/', { cookie: member });
    expect(own.status).toBe(200);
    expect(await own.text()).toContain('ada@example.org');
    const csv = await request('GET', '/gestione/campagne/orti-a/donazioni.csv', { cookie: member });
    expect(csv.status).toBe(200);
    expect(await csv.text()).toContain('ada@example.org');
  });

  const otherOrganisation: [string, string][] = [
    ['GET', '/gestione/campagne/rive-b/'],
    ['GET', '/gestione/campagne/rive-b/?q=bruno'],
    ['GET', '/gestione/campagne/rive-b/donazioni.csv'],
    ['GET', '/gestione/campagne/rete-ab/donazioni.csv'],
    ['GET', '/en/manage/campaigns/rive-b/'],
    ['GET', '/en/manage/campaigns/rive-b/donations.csv'],
    ['GET', '/gestione/riconciliazione/'],
    ['GET', '/gestione/iscrizioni/'],
    ['GET', '/gestione/iscrizioni/infoday/infoday-1/'],
    ['GET', '/gestione/iscrizioni/infoday/infoday-1/iscrizioni.csv'],
    ['GET', '/gestione/iscrizioni/path/path-1/iscrizioni.csv'],
    ['GET', '/en/manage/registrations/infoday/infoday-1/registrations.csv'],
    ['POST', '/gestione/iscrizioni/infoday/infoday-1/annulla/'],
    ['GET', '/gestione/donatori/'],
    ['POST', '/gestione/donatori/'],
    ['GET', '/gestione/email/'],
    ['GET', '/gestione/persone/'],
    ['POST', '/gestione/persone/invita/'],
    ['POST', '/gestione/persone/disattiva/'],
    ['GET', '/gestione/registro/'],
    ['POST', '/gestione/organizzazioni/org-b/onboarding/'],
    ['GET', '/gestione/organizzazioni/org-b/ricevute.csv'],
    ['GET', '/en/manage/organisations/org-c/receipts.csv'],
  ];

  it.each(otherOrganisation)('get 403 on %s %s', async (method, path) => {
    const home = await request('GET', '/gestione/', { cookie: member });
    const csrf = await csrfOf(home);
    const answer = await request(method as 'GET' | 'POST', path, {
      cookie: member,
      form: {
        csrf,
        email: 'bruno@example.org',
        registrationId: '00000000-0000-4000-8000-000000000000',
        personId: '00000000-0000-4000-8000-000000000000',
        name: 'x',
        role: 'admin',
      },
    });
    expect(answer.status).toBe(403);
    const text = await answer.text();
    expect(text).not.toContain('bruno@example.org');
    expect(text).not.toContain('carla@example.org');
  });

  it("download their own organisation's register of receipts", async () => {
    const csv = await request('GET', '/gestione/organizzazioni/org-a/ricevute.csv', { cookie: member });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="ricevute-org-a.csv"');
    const log = await database.db.query("SELECT actor FROM staff_audit_log WHERE action = 'export.receipts' AND subject = 'org-a'");
    expect(log.rows).toEqual([{ actor: 'org-a@example.org' }]);
  });

  it('the organisations page lists only theirs', async () => {
    const page = await (await request('GET', '/gestione/organizzazioni/', { cookie: member })).text();
    expect(page).toContain('org-a');
    expect(page).not.toContain('org-b');
  });
});

describe('administrators', () => {
  it('download a campaign’s donations and the download is in the audit log', async () => {
    const admin = await signIn('sindaco@comune.venezia.it');
    const csv = await request('GET', '/gestione/campagne/rive-b/donazioni.csv', { cookie: admin.cookie });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(await csv.text()).toContain('bruno@example.org');
    const log = await (await request('GET', '/gestione/registro/', { cookie: admin.cookie })).text();
    expect(log).toContain('export.donations');
    expect(log).toContain('198.51.100.0/24');
  });

  it('search a campaign’s donations', async () => {
    const admin = await signIn('sindaco@comune.venezia.it');
    const hit = await (await request('GET', '/gestione/campagne/orti-a/?q=ADA', { cookie: admin.cookie })).text();
    expect(hit).toContain('ada@example.org');
    const miss = await (await request('GET', '/gestione/campagne/orti-a/?q=zzz', { cookie: admin.cookie })).text();
    expect(miss).not.toContain('ada@example.org');
  });

  it('cancel a registration, recorded in the audit log', async () => {
    const admin = await signIn('sindaco@comune.venezia.it');
    const created = await register(app, 'infoday', 'infoday-1', { name: 'Dario', email: 'dario@example.org', consent: { privacy: true } });
    const answer = await request('POST', '/gestione/iscrizioni/infoday/infoday-1/annulla/', {
      cookie: admin.cookie,
      form: { csrf: admin.csrf, registrationId: created.registrationId },
    });
    expect(answer.status).toBe(303);
    const { rows } = await database.db.query('SELECT status, email FROM registrations WHERE id = $1', [created.registrationId]);
    expect(rows[0]).toEqual({ status: 'cancelled', email: null });
    const other = await request('POST', '/gestione/iscrizioni/path/path-1/annulla/', {
      cookie: admin.cookie,
      form: { csrf: admin.csrf, registrationId: created.registrationId },
    });
    expect(other.status).toBe(404);
    const log = await database.db.query("SELECT actor, subject FROM staff_audit_log WHERE action = 'registration.cancel'");
    expect(log.rows).toEqual([{ actor: 'sindaco@comune.venezia.it', subject: `infoday/infoday-1/${created.registrationId}` }]);
  });

  it('forget a donor through the same service as the bearer endpoint, without keeping the address in the log', async () => {
    const admin = await signIn('sindaco@comune.venezia.it');
    const pledge = await createPledge(
      app,
      pledgeBody('orti-a', 700, { donor: { name: 'Forget Me', email: 'forget@example.org', anonymous: false } }),
      null,
    );
    const answer = await request('POST', '/gestione/donatori/', {
      cookie: admin.cookie,
      form: { csrf: admin.csrf, email: 'forget@example.org' },
    });
    expect(answer.status).toBe(303);
    expect(answer.headers.get('location')).toBe('/gestione/donatori/?cancellate=1');
    const { rows } = await database.db.query('SELECT donor_email, erased_at FROM pledges WHERE id = $1', [pledge.pledgeId]);
    expect(rows[0].donor_email).toBeNull();
    const log = await database.db.query("SELECT subject, details::text AS details FROM staff_audit_log WHERE action = 'donor.forget'");
    expect(log.rows[0].details).toContain(pledge.pledgeId);
    expect(JSON.stringify(log.rows)).not.toContain('forget@example.org');
  });

  it('an invitation with an unknown organisation is refused and sends nothing', async () => {
    const admin = await signIn('sindaco@comune.venezia.it');
    outbox.length = 0;
    const answer = await request('POST', '/gestione/persone/invita/', {
      cookie: admin.cookie,
      form: { csrf: admin.csrf, email: 'x@example.org', name: 'X', role: 'org_member', organisations: 'nope' },
    });
    expect(answer.status).toBe(400);
    expect(outbox).toHaveLength(0);
  });

  it('a disabled person is signed out at once and cannot ask for a link', async () => {
    const admin = await signIn('sindaco@comune.venezia.it');
    const member = await inviteMember(admin, 'leaving@example.org', ['org-b']);
    const { rows } = await database.db.query("SELECT id FROM staff_people WHERE email = 'leaving@example.org'");
    expect(
      (await request('POST', '/gestione/persone/disattiva/', { cookie: admin.cookie, form: { csrf: admin.csrf, personId: rows[0].id } }))
        .status,
    ).toBe(303);
    expect((await request('GET', '/gestione/', { cookie: member })).status).toBe(303);
    outbox.length = 0;
    await request('POST', '/gestione/accesso/', { form: { email: 'leaving@example.org' }, ip: '192.0.2.9' });
    expect(outbox).toHaveLength(0);
  });

  it('an auditor reads everything and changes nothing', async () => {
    const admin = await signIn('sindaco@comune.venezia.it');
    await request('POST', '/gestione/persone/invita/', {
      cookie: admin.cookie,
      form: { csrf: admin.csrf, email: 'auditor@example.org', name: 'Auditor', role: 'auditor' },
    });
    const confirm = await request('POST', '/gestione/accesso/conferma/', { form: { t: tokenOf(outbox.at(-1)!) } });
    const auditor = cookieOf(confirm)!;
    const csrf = await csrfOf(await request('GET', '/gestione/', { cookie: auditor }));
    expect((await request('GET', '/gestione/campagne/rive-b/donazioni.csv', { cookie: auditor })).status).toBe(200);
    expect((await request('GET', '/gestione/riconciliazione/', { cookie: auditor })).status).toBe(200);
    expect((await request('POST', '/gestione/donatori/', { cookie: auditor, form: { csrf, email: 'bruno@example.org' } })).status).toBe(
      403,
    );
    expect((await request('GET', '/gestione/persone/', { cookie: auditor })).status).toBe(403);
  });

  it('an added role takes effect with a new session token at the next request', async () => {
    const admin = await signIn('sindaco@comune.venezia.it');
    const member = await inviteMember(admin, 'growing@example.org', ['org-a']);
    expect((await request('GET', '/gestione/campagne/rive-b/', { cookie: member })).status).toBe(403);
    now = new Date(NOW.getTime() + 60_000);
    await request('POST', '/gestione/persone/invita/', {
      cookie: admin.cookie,
      form: { csrf: admin.csrf, email: 'growing@example.org', name: 'Member', role: 'org_member', organisations: 'org-b' },
    });
    now = new Date(NOW.getTime() + 120_000);
    const answer = await request('GET', '/gestione/campagne/rive-b/', { cookie: member });
    expect(answer.status).toBe(200);
    expect(cookieOf(answer)).not.toBe(member);
    expect((await request('GET', '/gestione/', { cookie: member })).status).toBe(303);
  });
});

describe('e-mail that failed', () => {
  it('is listed for administrators with the address masked, and refused to organisation members', async () => {
    const { enqueue } = await import('../../src/server/mail/outbox.ts');
    await enqueue(
      database.db,
      {
        factKey: 'test:failed-1',
        kind: 'registration_cancelled',
        locale: 'it',
        recipient: 'lost.person@example.org',
        rendered: { subject: 's', text: 't', html: '<p>h</p>' },
      },
      NOW,
    );
    await database.db.query(
      "UPDATE mail_outbox SET status = 'failed', failed_at = $1, attempts = 9, last_error = '550 mailbox unavailable' WHERE fact_key = 'test:failed-1'",
      [NOW],
    );
    const admin = await signIn('sindaco@comune.venezia.it');
    const page = await (await request('GET', '/gestione/email/', { cookie: admin.cookie })).text();
    expect(page).toContain('registration_cancelled');
    expect(page).toContain('550 mailbox unavailable');
    expect(page).not.toContain('lost.person@example.org');
  });
});

describe('the bearer token keeps working for machines', () => {
  it('GET /api/admin/... still answers with ADMIN_TOKEN', async () => {
    const { adminApi } = await import('../../src/server/http/routes.ts');
    const machine = testApp({ db: database.db, catalog, config: { adminToken: 'a-very-long-admin-token' } });
    const answer = await adminApi(
      machine,
      new Request('http://localhost/api/admin/campaigns/orti-a/donations.csv', {
        headers: { authorization: 'Bearer a-very-long-admin-token' },
      }),
      { slug: 'orti-a' },
    );
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain('ada@example.org');
  });
});

describe('payout onboarding from the console (Stripe mode, fake Stripe API)', () => {
  it('an organisation member gets the onboarding link of their own organisation, and 403 for another', async () => {
    const stripe = await startFakeStripe();
    try {
      const stripeApp = testApp({
        db: database.db,
        catalog,
        now: () => now,
        config: { payments: stripePayments(stripe.apiBase) },
      });
      const admin = await signIn('sindaco@comune.venezia.it');
      const member = await inviteMember(admin, 'payee-a@example.org', ['org-a']);
      const csrf = await csrfOf(await request('GET', '/gestione/organizzazioni/', { app: stripeApp, cookie: member }));
      const own = await request('POST', '/gestione/organizzazioni/org-a/onboarding/', { app: stripeApp, cookie: member, form: { csrf } });
      expect(own.status).toBe(200);
      expect(await own.text()).toContain(stripe.accountLinks.at(-1)!.url);
      const other = await request('POST', '/gestione/organizzazioni/org-b/onboarding/', { app: stripeApp, cookie: member, form: { csrf } });
      expect(other.status).toBe(403);
      expect(stripe.accountLinks).toHaveLength(1);
      const listing = await (await request('GET', '/gestione/organizzazioni/', { app: stripeApp, cookie: member })).text();
      expect(listing).toContain('in registrazione');
      const log = await database.db.query("SELECT actor, subject FROM staff_audit_log WHERE action = 'organisation.onboarding_link'");
      expect(log.rows).toEqual([{ actor: 'payee-a@example.org', subject: 'org-a' }]);
    } finally {
      await stripe.close();
    }
  });
});
