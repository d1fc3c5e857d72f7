/**
 * E-mail end to end on the server side: facts queue messages in their transaction, the outbox sender
 * delivers them over SMTP to a real smtp-server in this process, each once, in the person's language.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/server/app.ts';
import { closeCampaigns } from '../../src/server/closing/service.ts';
import {
  adminApi,
  getRegistration,
  postDemoConfirm,
  postPledge,
  postRegistration,
  postRegistrationCancel,
  postRegistrationResend,
  postStripeWebhook,
} from '../../src/server/http/routes.ts';
import { enqueue } from '../../src/server/mail/outbox.ts';
import { drainOutbox, type WaitUntil } from '../../src/server/mail/sender.ts';
import { GIVE_UP_AFTER_MS } from '../../src/domain/mail-retry.ts';
import { freshDatabase, type TestDatabase } from '../support/database.ts';
import { NOW, jsonRequest, pledgeBody, testApp, testCall, testCampaign, testCatalog, testEvent, stripePayments } from '../support/app.ts';
import { startSmtpSink, type ReceivedMail, type SmtpSink } from '../support/smtp-sink.ts';
import { startFakeStripe, type FakeStripe } from '../support/fake-stripe.ts';
import { stripeEvent, webhookDelivery } from '../support/stripe-events.ts';
import { readyPayee } from '../support/payees.ts';
import { mailUnsubscribe } from '../../src/server/http/routes.ts';
import { receiptToken } from '../../src/server/receipts/link.ts';
import { donorReceipt } from '../../src/server/receipts/service.ts';

const SITE = 'https://crowdfunding.example.org';
const ADMIN_TOKEN = 'a-long-enough-admin-token-0014';
const WEBHOOK_SECRET = 'whsec_test_secret_for_integration';
const CLOSES = '2027-01-31T23:00:00.000Z';
const AFTER_CLOSING = new Date('2027-02-01T00:05:00Z');

const keepItAll = testCall({ id: 'keep-it-all' });
const allOrNothing = testCall({ id: 'all-or-nothing', fundingModel: 'all-or-nothing' });
const catalog = testCatalog(
  [keepItAll, allOrNothing],
  [
    testCampaign(keepItAll, 'orti', { title: 'Orti in città' }),
    testCampaign(keepItAll, 'riuscita', { title: 'Campagna riuscita', goalCents: 10_000, closesAt: CLOSES }),
    testCampaign(allOrNothing, 'mancata', { title: 'Campagna mancata', goalCents: 1_000_000, closesAt: CLOSES }),
  ],
  [
    testEvent('webinar', {
      title: 'Webinar sul bando',
      titleEn: 'Webinar on the call',
      registration: { capacity: 1, opensAt: '2027-01-01T08:00:00.000Z', closesAt: '2027-02-09T11:00:00.000Z' },
    }),
    testEvent('in-sede', {
      title: 'Incontro in sede',
      mode: 'in-person',
      place: { name: 'Centro civico', address: 'Via di Esempio 1' },
      onlineLink: null,
    }),
  ],
);

let database: TestDatabase;
let sink: SmtpSink;
let stripe: FakeStripe;
let app: App;
let ip = 0;
let pending: Promise<unknown>[] = [];
/** Keeps the send-after-commit work of the routes, so each test waits for it instead of racing it. */
const waitUntil: WaitUntil = (work) => pending.push(work);

function appAt(now: Date, overrides: { smtpUrl?: string; payments?: 'stripe' } = {}): App {
  return testApp({
    // As deployed: the application's role, which may only read and write rows.
    db: database.appDb,
    catalog,
    now: () => now,
    config: {
      adminToken: ADMIN_TOKEN,
      webhookSecret: WEBHOOK_SECRET,
      mail: { smtpUrl: overrides.smtpUrl ?? sink.url, from: '"Comune di Venezia" <crowdfunding@example.org>', siteUrl: SITE },
      ...(overrides.payments && { payments: stripePayments(stripe.apiBase) }),
    },
  });
}

beforeAll(async () => {
  database = await freshDatabase({ poolSize: 16 });
  sink = await startSmtpSink();
  stripe = await startFakeStripe();
  app = appAt(NOW);
});
afterAll(async () => {
  await Promise.allSettled(pending);
  await database.close();
  await sink.stop();
  await stripe.close();
});
beforeEach(async () => {
  await settle();
  await database.db.query(
    'TRUNCATE mail_outbox, registrations, registration_events, pledges, ledger_entries, campaign_totals, call_pools, campaign_outcomes, closing_refunds, payment_returns, stripe_events, rate_limits CASCADE',
  );
  sink.failWith(null);
  sink.clear();
  stripe.reset();
});

/** Waits for the routes' background sends, then drains what is still due. */
async function settle(target: App = app): Promise<void> {
  while (pending.length > 0) {
    const work = pending;
    pending = [];
    await Promise.allSettled(work);
  }
  await drainOutbox(target);
}

/** The messages that arrived, after everything due was sent; and a check that nothing else arrives. */
async function delivered(count: number, target: App = app): Promise<ReceivedMail[]> {
  await settle(target);
  const mails = await sink.waitFor(count);
  await settle(target);
  expect(mails.map((mail) => `${mail.to} ${mail.subject}`)).toHaveLength(count);
  return [...mails];
}

async function donate(
  slug: string,
  amountCents: number,
  donor: { email: string; locale?: 'it' | 'en'; name?: string; updates?: boolean },
  target: App = app,
): Promise<string> {
  const body = pledgeBody(slug, amountCents, {
    donor: { name: donor.name ?? 'Ada Lovelace', email: donor.email, anonymous: false },
    locale: donor.locale ?? 'it',
    consent: { privacy: true, ...(donor.updates !== undefined && { updates: donor.updates }) },
  });
  const created = await postPledge(target, jsonRequest('/api/pledges', body), `203.0.113.${++ip % 250}`);
  expect(created.status).toBe(201);
  const { pledgeId } = (await created.json()) as { pledgeId: string };
  if (target.config.payments.mode === 'demo') expect((await postDemoConfirm(target, { pledgeId }, waitUntil)).status).toBe(200);
  return pledgeId;
}

async function register(slug: string, person: { name: string; email: string; locale?: 'it' | 'en' }) {
  const response = await postRegistration(
    app,
    jsonRequest(`/api/infodays/${slug}/registrations`, { ...person, consent: { privacy: true }, locale: person.locale ?? 'it' }),
    { slug },
    `198.18.0.${++ip % 250}`,
    waitUntil,
  );
  expect(response.status).toBe(201);
  const text = await response.text();
  return { text, body: JSON.parse(text) as { registrationId: string; status: string; token: string; managePath: string } };
}

const outbox = async () =>
  (
    await database.db.query<{ kind: string; status: string; attempts: number; recipient: string | null; text_body: string | null }>(
      'SELECT kind, status, attempts, recipient, text_body FROM mail_outbox ORDER BY id',
    )
  ).rows;

describe('donation thank-you', () => {
  it('arrives once, in Italian, with the campaign, the amount, the threshold and the campaign link; a repeated confirmation sends nothing new', async () => {
    const pledgeId = await donate('orti', 2_500, { email: 'ada@example.org', name: 'Ada' });
    expect((await postDemoConfirm(app, { pledgeId }, waitUntil)).status).toBe(200);
    const [mail] = await delivered(1);
    expect(mail!.to).toBe('ada@example.org');
    expect(mail!.subject).toBe('Grazie per la tua donazione a «Orti in città»');
    expect(mail!.html).toContain('<html lang="it">');
    expect(mail!.text).toMatch(/Importo: 25,00\s€/);
    expect(mail!.text).toMatch(/Se i cittadini raggiungono 5\.000,00\s€ entro il 1 marzo 2027, il Comune di Venezia aggiunge/);
    expect(mail!.text).toContain('Gentile Ada,');
    expect(mail!.links).toContain(`${SITE}/campagne/orti/`);
    expect(mail!.html).not.toMatch(/<img|src=/);
    expect(await outbox()).toEqual([
      { kind: 'donation_thanks', status: 'sent', attempts: 1, recipient: 'ada@example.org', text_body: null },
    ]);
  });

  it('arrives in English for a donor who gave from the English site, with the English campaign link', async () => {
    await donate('orti', 1_000, { email: 'grace@example.org', locale: 'en', name: 'Grace' });
    const [mail] = await delivered(1);
    expect(mail!.subject).toBe('Thank you for your donation to “Orti in città”');
    expect(mail!.html).toContain('<html lang="en">');
    expect(mail!.text).toContain('€10.00');
    expect(mail!.links).toContain(`${SITE}/en/campagne/orti/`);
  });

  it('links the art. 83 receipt when the donor gave a tax code, and that link opens the PDF; without a tax code no link', async () => {
    const body = pledgeBody('orti', 3_000, {
      donor: { name: 'Ada Lovelace', email: 'ada@example.org', anonymous: false, taxCode: 'RSSMRA85T10A562S' },
    });
    const created = await postPledge(app, jsonRequest('/api/pledges', body), `203.0.113.${++ip % 250}`);
    const { pledgeId } = (await created.json()) as { pledgeId: string };
    expect((await postDemoConfirm(app, { pledgeId }, waitUntil)).status).toBe(200);
    await donate('orti', 1_000, { email: 'grace@example.org' });
    const mails = await delivered(2);
    const withTaxCode = mails.find((mail) => mail.to === 'ada@example.org')!;
    const receiptLink = withTaxCode.links.find((link) => link.includes('/api/receipts/'));
    expect(receiptLink).toBe(`${SITE}/api/receipts/${pledgeId}.pdf?token=${receiptToken(app.config.receiptSecret!, pledgeId)}`);
    const token = new URL(receiptLink!).searchParams.get('token');
    const { receipt, pdf } = await donorReceipt(app, pledgeId, token);
    expect(receipt.amountCents).toBe(3_000);
    expect(Buffer.from(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    expect(mails.find((mail) => mail.to === 'grace@example.org')!.links.some((link) => link.includes('/api/receipts/'))).toBe(false);
  });

  it('a replayed payment_intent.succeeded webhook queues and sends nothing new', async () => {
    const stripeApp = appAt(NOW, { payments: 'stripe' });
    await readyPayee(stripeApp, stripe, 'org');
    const created = await postPledge(stripeApp, jsonRequest('/api/pledges', pledgeBody('orti', 4_000, { locale: 'en' })), '203.0.113.77');
    const { pledgeId } = (await created.json()) as { pledgeId: string };
    const { rows } = await database.db.query('SELECT payment_intent_id FROM pledges WHERE id = $1', [pledgeId]);
    const paymentIntent = stripe.succeed(rows[0].payment_intent_id);
    const event = stripeEvent('payment_intent.succeeded', paymentIntent);
    for (let delivery = 0; delivery < 3; delivery++) {
      const { body, headers } = webhookDelivery(event, WEBHOOK_SECRET);
      expect(
        (
          await postStripeWebhook(
            stripeApp,
            new Request('http://localhost/api/stripe/webhook', { method: 'POST', headers, body }),
            waitUntil,
          )
        ).status,
      ).toBe(200);
    }
    // The same payment told by a new event (Stripe sends several kinds) is still one donation, one message.
    const again = stripeEvent('payment_intent.succeeded', paymentIntent);
    const { body, headers } = webhookDelivery(again, WEBHOOK_SECRET);
    await postStripeWebhook(stripeApp, new Request('http://localhost/api/stripe/webhook', { method: 'POST', headers, body }), waitUntil);
    const mails = await delivered(1, stripeApp);
    expect(mails[0]!.subject).toContain('Thank you');
    expect(mails[0]!.text).toContain('€40.00');
    expect((await outbox()).length).toBe(1);
  });
});

describe('registrations', () => {
  it('confirmed: the private link and the online meeting reach the address given, with the .ics; the HTTP answer carries no meeting link', async () => {
    const { text, body } = await register('webinar', { name: 'Grace Hopper', email: 'grace@example.org', locale: 'en' });
    expect(body.status).toBe('confirmed');
    expect(text).not.toContain('meet.example.org');
    const status = await getRegistration(app, { token: body.token });
    expect(await status.text()).not.toContain('meet.example.org');

    const [mail] = await delivered(1);
    expect(mail!.to).toBe('grace@example.org');
    expect(mail!.subject).toBe('Registration confirmed: Webinar on the call');
    expect(mail!.links).toContain(`${SITE}/en/iscrizione/#${body.token}`);
    expect(mail!.links).toContain('https://meet.example.org/webinar');
    const ics = mail!.attachments.find((file) => file.filename === 'webinar.ics');
    expect(ics?.contentType).toBe('text/calendar');
    expect(ics!.content).toContain('BEGIN:VEVENT');
    expect(ics!.content).toContain('DTSTART;TZID=Europe/Rome:20270210T170000');
    expect(ics!.content.replace(/\r\n /g, '')).toContain('https://meet.example.org/webinar');
  });

  it('waitlisted, then promoted when the confirmed person cancels: three messages, each once, each in its language, the link only to who has a place', async () => {
    const first = await register('webinar', { name: 'Ada', email: 'ada@example.org', locale: 'it' });
    const second = await register('webinar', { name: 'Grace', email: 'grace@example.org', locale: 'en' });
    expect(second.body.status).toBe('waitlisted');
    let mails = await delivered(2);
    const waitlisted = mails.find((mail) => mail.to === 'grace@example.org')!;
    expect(waitlisted.subject).toBe('On the waiting list: Webinar on the call');
    expect(waitlisted.text).toContain('number 1 on the waiting list');
    expect(waitlisted.links).toContain(`${SITE}/en/iscrizione/#${second.body.token}`);
    expect(waitlisted.text).not.toContain('meet.example.org');

    sink.clear();
    expect((await postRegistrationCancel(app, { token: first.body.token }, waitUntil)).status).toBe(200);
    // Cancelling again is idempotent: no second cancellation message, no second promotion.
    expect((await postRegistrationCancel(app, { token: first.body.token }, waitUntil)).status).toBe(200);
    mails = await delivered(2);
    const cancelled = mails.find((mail) => mail.to === 'ada@example.org')!;
    expect(cancelled.subject).toBe('Iscrizione annullata: Webinar sul bando');
    expect(cancelled.text).not.toContain('meet.example.org');
    const promoted = mails.find((mail) => mail.to === 'grace@example.org')!;
    expect(promoted.subject).toBe('A place is yours: Webinar on the call');
    expect(promoted.links).toContain('https://meet.example.org/webinar');
    expect(promoted.links).toContain(`${SITE}/en/iscrizione/#recupera`);
    expect(promoted.attachments.map((file) => file.filename)).toEqual(['webinar.ics']);
  });

  it('an in-person infoday: the place and the private link, no meeting link', async () => {
    const { body } = await register('in-sede', { name: 'Ada', email: 'ada@example.org' });
    const [mail] = await delivered(1);
    expect(mail!.subject).toBe('Iscrizione confermata: Incontro in sede');
    expect(mail!.text).toContain('Centro civico, Via di Esempio 1');
    expect(mail!.links).toContain(`${SITE}/iscrizione/#${body.token}`);
  });
});

describe('POST /api/registrations/resend', () => {
  const resend = (email: string, client = '192.0.2.10', form = false) =>
    postRegistrationResend(
      app,
      form
        ? new Request('http://localhost/api/registrations/resend', {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ email, locale: 'en' }),
          })
        : jsonRequest('/api/registrations/resend', { email, locale: 'it' }),
      client,
      waitUntil,
    );

  it('answers the same for a registered and an unknown address; only the registered one gets a new link, and the old link stops working', async () => {
    const { body } = await register('in-sede', { name: 'Ada', email: 'Ada@Example.org' });
    await delivered(1);
    sink.clear();
    const known = await resend('ada@example.org');
    const unknown = await resend('nobody@example.org');
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(await known.text()).toBe(await unknown.text());

    const [mail] = await delivered(1);
    expect(mail!.to).toBe('ada@example.org');
    expect(mail!.subject).toBe('I tuoi link privati di iscrizione');
    const link = mail!.links.find((href) => href.startsWith(`${SITE}/iscrizione/#`))!;
    const token = link.split('#')[1]!;
    expect(token).not.toBe(body.token);
    expect((await getRegistration(app, { token })).status).toBe(200);
    expect((await getRegistration(app, { token: body.token })).status).toBe(404);
  });

  it('a plain HTML form gets a small page in its language; the limit per address holds whatever the connection', async () => {
    const page = await resend('someone@example.org', '192.0.2.20', true);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('<html lang="en">');
    expect((await resend('someone@example.org', '192.0.2.21')).status).toBe(202);
    expect((await resend('someone@example.org', '192.0.2.22')).status).toBe(202);
    const limited = await resend('someone@example.org', '192.0.2.23');
    expect(limited.status).toBe(429);
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
  });
});

describe('campaign outcome and refunds', () => {
  it('succeeded: every donor hears once, in their language, with the city share granted; failed all-or-nothing: the refund is announced, then issued', async () => {
    await donate('riuscita', 6_000, { email: 'ada@example.org' });
    await donate('riuscita', 1_000, { email: 'ADA@example.org' });
    await donate('riuscita', 500, { email: 'grace@example.org', locale: 'en' });
    await donate('mancata', 2_000, { email: 'ada@example.org' });
    await delivered(4);
    sink.clear();

    const closing = appAt(AFTER_CLOSING);
    await closeCampaigns(closing);
    await closeCampaigns(closing);
    const mails = await delivered(4, closing);
    // Once per address whatever its case; to the spelling of the latest donation.
    const subjects = mails.map((mail) => `${mail.to.toLowerCase()}: ${mail.subject}`).sort();
    expect(subjects).toEqual([
      'ada@example.org: Rimborso emesso: Campagna mancata',
      'ada@example.org: «Campagna mancata» non ha raggiunto la soglia',
      'ada@example.org: «Campagna riuscita» ce l’ha fatta',
      'grace@example.org: “Campagna riuscita” made it',
    ]);
    const success = mails.find((mail) => mail.to === 'grace@example.org')!;
    expect(success.text).toContain('City’s share granted: €50.00');
    expect(success.links).toContain(`${SITE}/en/campagne/riuscita/`);
    const failed = mails.find((mail) => mail.subject.includes('non ha raggiunto'))!;
    expect(failed.text).toContain('La tua donazione ti viene restituita per intero');
    const refund = mails.find((mail) => mail.subject.startsWith('Rimborso'))!;
    expect(refund.text).toMatch(/rimborso di 20,00\s€/);
  });
});

describe('delivery', () => {
  async function queueMany(count: number, target: App = app) {
    for (let n = 0; n < count; n++) {
      await enqueue(
        database.db,
        {
          factKey: `test:${n}`,
          kind: 'registration_cancelled',
          locale: 'it',
          recipient: `person.${n}@example.org`,
          rendered: { subject: `Message ${n}`, text: `Text ${n}`, html: `<p>Text ${n}</p>` },
        },
        target.now(),
      );
    }
  }

  it('with the SMTP server down a message waits, then arrives once after it comes back', async () => {
    await sink.stop();
    await register('in-sede', { name: 'Ada', email: 'ada@example.org' });
    await settle();
    let [row] = await outbox();
    expect(row).toMatchObject({ status: 'queued', attempts: expect.any(Number) });
    expect(row!.attempts).toBeGreaterThanOrEqual(1);
    const { rows } = await database.db.query<{ next_attempt_at: Date; last_error: string }>(
      'SELECT next_attempt_at, last_error FROM mail_outbox',
    );
    expect(rows[0]!.next_attempt_at.getTime()).toBeGreaterThan(NOW.getTime());
    expect(rows[0]!.last_error).toMatch(/ECONNREFUSED|connect/i);

    // Nothing is due before the retry time, even with the server back.
    await sink.start();
    expect(await drainOutbox(app)).toEqual({ sent: 0, retried: 0, failed: 0 });
    const later = appAt(new Date(NOW.getTime() + 10 * 60_000));
    expect(await drainOutbox(later)).toEqual({ sent: 1, retried: 0, failed: 0 });
    await delivered(1, later);
    [row] = await outbox();
    expect(row!.status).toBe('sent');
  });

  it('a 4xx answer is retried; after 48 hours of failures the message is marked failed and listed for the admin, address masked', async () => {
    sink.failWith(451);
    await register('in-sede', { name: 'Ada', email: 'ada@example.org' });
    await settle();
    expect((await outbox())[0]!.status).toBe('queued');
    const tooLate = appAt(new Date(NOW.getTime() + GIVE_UP_AFTER_MS));
    expect(await drainOutbox(tooLate)).toEqual({ sent: 0, retried: 0, failed: 1 });
    const list = await adminApi(
      app,
      new Request(`http://localhost/api/admin/mail?status=failed`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }),
      {},
    );
    expect(list.status).toBe(200);
    const { messages } = (await list.json()) as { messages: Array<Record<string, unknown>> };
    expect(messages).toEqual([
      expect.objectContaining({
        kind: 'registration_confirmed',
        status: 'failed',
        recipient: 'a•••@example.org',
        lastError: expect.stringContaining('expired'),
      }),
    ]);
    expect(JSON.stringify(messages)).not.toContain('ada@example.org');
    expect(sink.received).toHaveLength(0);
    const unauthorised = await adminApi(app, new Request('http://localhost/api/admin/mail?status=failed'), {});
    expect(unauthorised.status).toBe(401);
    const bad = await adminApi(
      app,
      new Request('http://localhost/api/admin/mail?status=lost', { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }),
      {},
    );
    expect(bad.status).toBe(400);
  });

  it('a 5xx answer (mailbox does not exist) is permanent: failed at once, never retried', async () => {
    sink.failWith(550);
    await queueMany(1);
    expect(await drainOutbox(app)).toEqual({ sent: 0, retried: 0, failed: 1 });
    expect((await outbox())[0]).toMatchObject({ status: 'failed', text_body: null });
  });

  it('two senders running at once deliver each of 60 messages exactly once', async () => {
    await queueMany(60);
    const [one, two] = await Promise.all([drainOutbox(app, { batch: 5 }), drainOutbox(app, { batch: 5 })]);
    expect(one.sent + two.sent).toBe(60);
    const mails = await sink.waitFor(60);
    const subjects = mails.map((mail) => mail.subject);
    expect(new Set(subjects).size).toBe(60);
    expect(subjects).toHaveLength(60);
    expect((await outbox()).every((row) => row.status === 'sent')).toBe(true);
  });

  it('a sender that crashed after claiming leaves its messages to the next one once the lease is over', async () => {
    await queueMany(2);
    const { claimDue } = await import('../../src/server/mail/outbox.ts');
    const claimed = await claimDue(database.db, NOW, 10, 60_000);
    expect(claimed).toHaveLength(2);
    expect(await drainOutbox(app)).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(await drainOutbox(appAt(new Date(NOW.getTime() + 61_000)))).toEqual({ sent: 2, retried: 0, failed: 0 });
    await sink.waitFor(2);
  });
});

describe('forgetting a donor', () => {
  it('erases the address and content of their queued and sent messages; queued ones are never sent', async () => {
    await donate('orti', 2_500, { email: 'ada@example.org' });
    await delivered(1);
    await sink.stop();
    await donate('orti', 1_500, { email: 'ada@example.org' });
    await settle();
    await sink.start();
    const forget = await adminApi(
      app,
      jsonRequest('/api/admin/donors/forget', { email: 'ada@example.org' }, { authorization: `Bearer ${ADMIN_TOKEN}` }),
      {},
    );
    expect(await forget.json()).toMatchObject({ erased: 2, messagesErased: 2 });
    const { rows } = await database.db.query('SELECT status, recipient, subject, text_body, html_body FROM mail_outbox ORDER BY id');
    expect(rows).toEqual([
      { status: 'sent', recipient: null, subject: null, text_body: null, html_body: null },
      { status: 'cancelled', recipient: null, subject: null, text_body: null, html_body: null },
    ]);
    expect(await drainOutbox(appAt(new Date(NOW.getTime() + 3_600_000)))).toEqual({ sent: 0, retried: 0, failed: 0 });
  });
});

describe('campaign updates', () => {
  const sendUpdate = (body: Record<string, unknown>) =>
    adminApi(app, jsonRequest('/api/admin/campaigns/orti/updates', body, { authorization: `Bearer ${ADMIN_TOKEN}` }), { slug: 'orti' });
  const update = {
    id: 'lavori-iniziati',
    title: 'Lavori iniziati',
    summary: 'Le prime aiuole.',
    titleEn: 'Work has started',
    summaryEn: 'The first flower beds.',
  };

  it('go only to donors who ticked the consent, once per update, in their language, with a one-click unsubscribe that needs no sign-in', async () => {
    await donate('orti', 1_000, { email: 'ada@example.org', updates: true });
    await donate('orti', 1_000, { email: 'grace@example.org', locale: 'en', updates: true });
    await donate('orti', 1_000, { email: 'silent@example.org' });
    await delivered(3);
    sink.clear();

    const first = await sendUpdate(update);
    expect(await first.json()).toEqual({ queued: 2, subscribers: 2 });
    expect(await (await sendUpdate(update)).json()).toEqual({ queued: 0, subscribers: 2 });
    const mails = await delivered(2);
    expect(mails.map((mail) => mail.to).sort()).toEqual(['ada@example.org', 'grace@example.org']);
    const english = mails.find((mail) => mail.to === 'grace@example.org')!;
    expect(english.subject).toBe('News from “Orti in città”: Work has started');
    expect(english.links).toContain(`${SITE}/en/notizie/lavori-iniziati/`);
    const rawHeader = (name: string) =>
      english.raw.headerLines
        .find((line) => line.key === name)
        ?.line.replace(/^[^:]+:\s*/, '')
        .replace(/\r?\n\s+/g, '') ?? '';
    const header = rawHeader('list-unsubscribe');
    const url = /<([^>]+)>/.exec(header)![1]!;
    expect(url).toMatch(new RegExp(`^${SITE}/api/mail/unsubscribe\\?token=[A-Za-z0-9_-]{32}$`));
    expect(english.links).toContain(url);
    expect(rawHeader('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');

    // Opening the link (or a mail scanner fetching it) only shows the button; the one-click POST unsubscribes.
    const path = url.slice(SITE.length);
    const page = await mailUnsubscribe(app, new Request(`http://localhost${path}`));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form method="post"');
    const oneClick = await mailUnsubscribe(
      app,
      new Request(`http://localhost${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      }),
    );
    expect(oneClick.status).toBe(200);

    sink.clear();
    expect(await (await sendUpdate({ ...update, id: 'aiuole-finite', title: 'Aiuole finite' })).json()).toEqual({
      queued: 1,
      subscribers: 1,
    });
    const [last] = await delivered(1);
    expect(last!.to).toBe('ada@example.org');
    expect(last!.subject).toBe('Novità da «Orti in città»: Aiuole finite');
  });

  it('the consent is unticked unless given, and an unknown token changes nothing', async () => {
    await donate('orti', 1_000, { email: 'ada@example.org' });
    const { rows } = await database.db.query('SELECT updates_consent, updates_token FROM pledges');
    expect(rows).toEqual([{ updates_consent: false, updates_token: null }]);
    const unknown = await mailUnsubscribe(
      app,
      new Request('http://localhost/api/mail/unsubscribe?token=' + 'x'.repeat(32), { method: 'POST' }),
    );
    expect(unknown.status).toBe(200);
    const bad = await sendUpdate({ id: 'Not An Id', title: 'x', summary: 'y' });
    expect(bad.status).toBe(400);
  });
});
