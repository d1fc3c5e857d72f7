/**
 * Registering for an infoday and a path in Chromium against the built site, its functions and PostgreSQL:
 * the form, the confirmation, the e-mail with the private link and the meeting link read from the local
 * mailbox (/_mail/), the private link's page, cancelling, and the .ics files.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import ICAL from 'ical.js';
import pg from 'pg';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Catalog, CatalogEvent } from '../../src/content/catalog.ts';
import { launchBrowser } from '../support/browser.ts';
import { E2E_NOW } from '../support/e2e-clock.ts';
import { hydrated } from '../support/islands.ts';

const siteUrl = inject('siteUrl');
// The first call of a function bundles it: on two shared cores that can take seconds.
const eventually = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 20_000 });
/** Messages leave right after their fact; should that attempt miss, the scheduled sender runs as Netlify would. */
const runMailSender = () => fetch(`${siteUrl}/.netlify/functions/mail-send`, { method: 'POST' });
const catalog = JSON.parse(readFileSync(new URL('../../src/generated/catalog.json', import.meta.url), 'utf8')) as Catalog;

/** An event of the example content whose registration window holds the suite's instant (tests/support/e2e-clock.ts). */
function openForRegistration(
  events: Record<string, CatalogEvent>,
  what: string,
  where: (event: CatalogEvent) => boolean = () => true,
): CatalogEvent {
  const now = new Date(E2E_NOW);
  const open = Object.values(events).filter(
    (event) =>
      event.registration && new Date(event.registration.opensAt) <= now && now < new Date(event.registration.closesAt) && where(event),
  );
  if (!open[0])
    throw new Error(`these tests need ${what} in content/ whose registration window is open now (${now.toISOString()}); none is`);
  return open.sort((a, b) => a.slug.localeCompare(b.slug))[0]!;
}

const webinar = openForRegistration(
  catalog.infodays,
  'an online infoday with its link',
  (event) => event.mode === 'online' && event.onlineLink !== null,
);
const path = openForRegistration(catalog.paths, 'a path');

let browser: Browser;
let context: BrowserContext;
let db: pg.Pool;

beforeAll(async () => {
  browser = await launchBrowser();
  context = await browser.newContext({ acceptDownloads: true });
  db = new pg.Pool({ connectionString: inject('siteDatabaseUrl'), max: 2 });
});

afterAll(async () => {
  await db?.end();
  await browser?.close();
});

async function open(pathname: string): Promise<Page> {
  const page = await context.newPage();
  const response = await page.goto(siteUrl + pathname, { waitUntil: 'networkidle' });
  expect(response?.status(), pathname).toBe(200);
  return page;
}

async function axe(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

function parseCalendar(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  return calendar.getAllSubcomponents('vevent').map((component) => new ICAL.Event(component));
}

describe('an infoday', () => {
  const email = `e2e-${randomUUID()}@example.org`;
  let privateLink = '';

  it('registers in the browser: a double click registers once, the confirmation shows the place and the private link, never the link to join', async () => {
    const page = await open(`/infoday/${webinar.slug}/`);
    const posts: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().includes('/registrations')) posts.push(request.url());
    });
    await hydrated(page, '.registration form');
    const section = page.locator('#registrazione');
    await section.getByLabel('Nome e cognome').fill('Ada Lovelace');
    await section.getByLabel('E-mail').fill(email);
    await section.getByLabel('Organizzazione (facoltativo)').fill('APS di prova');
    await section.getByRole('checkbox').check();
    await section.getByRole('button', { name: 'Iscriviti' }).dblclick();

    await eventually(() => section.locator('[data-step="done"]').getAttribute('data-status')).toBe('confirmed');
    await eventually(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Iscrizione confermata');
    expect(posts).toEqual([`${siteUrl}/api/infodays/${webinar.slug}/registrations`]);
    expect(await section.getByRole('status').first().textContent()).toContain('Hai un posto');
    expect(await page.content()).not.toContain(webinar.onlineLink!);
    expect(await section.getByText('Il link per partecipare arriva solo per e-mail').count()).toBe(1);
    expect(await section.getByRole('heading', { name: 'Conserva questo link' }).count()).toBe(1);
    privateLink = (await section.locator('[data-private-link]').getAttribute('href'))!;
    expect(privateLink).toMatch(new RegExp(`^${siteUrl}/iscrizione/#[A-Za-z0-9_-]{43}$`));
    expect(await axe(page)).toEqual([]);

    const { rows } = await db.query('SELECT status, name, organisation FROM registrations WHERE event_slug = $1 AND email = $2', [
      webinar.slug,
      email,
    ]);
    expect(rows).toEqual([{ status: 'confirmed', name: 'Ada Lovelace', organisation: 'APS di prova' }]);
    await page.close();
  });

  it('registering the same e-mail again is refused, and the refusal is announced', async () => {
    const page = await open(`/infoday/${webinar.slug}/`);
    await hydrated(page, '.registration form');
    const section = page.locator('#registrazione');
    await section.getByLabel('Nome e cognome').fill('Ada Lovelace');
    await section.getByLabel('E-mail').fill(email.toUpperCase());
    await section.getByRole('checkbox').check();
    await section.getByRole('button', { name: 'Iscriviti' }).click();
    await eventually(() => section.getByRole('alert').textContent()).toContain('già iscritto');
    await page.close();
  });

  it('downloads the .ics from the page link: it parses, carries the infoday at its time in Rome and no online link', async () => {
    const page = await open(`/infoday/${webinar.slug}/`);
    const link = page.getByRole('link', { name: 'Scarica l’evento (.ics)' });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe(`${webinar.slug}.ics`);
    const text = readFileSync(await download.path(), 'utf8');
    expect(text).not.toContain(webinar.onlineLink!);
    const [event] = parseCalendar(text);
    expect(event!.uid).toMatch(new RegExp(`^infoday-${webinar.slug}@`));
    expect(event!.summary).toBe(webinar.title);
    expect(event!.startDate.zone?.tzid).toBe('Europe/Rome');
    expect(event!.startDate.toJSDate().toISOString()).toBe(webinar.startsAt);
    expect(event!.endDate.toJSDate().toISOString()).toBe(webinar.endsAt);

    const served = await fetch(`${siteUrl}/infoday/${webinar.slug}.ics`);
    expect(served.headers.get('content-type')).toMatch(/^text\/calendar/);
    for (const name of ['Aggiungi a Google Calendar', 'Aggiungi a Outlook']) {
      expect(await page.getByRole('link', { name }).getAttribute('href')).toMatch(
        /^https:\/\/(calendar\.google\.com|outlook\.live\.com)\//,
      );
    }
    await page.close();
  });

  it('the confirmation e-mail arrives in the local mailbox with the link to join and the .ics; its private link opens the registration, which cancels', async () => {
    const page = await context.newPage();
    const subject = `Iscrizione confermata: ${webinar.title}`;
    // The outbox sender runs on a short timer, as under `npm start`: the message arrives within seconds.
    await eventually(async () => {
      await runMailSender();
      await page.goto(`${siteUrl}/_mail/`);
      return page.getByRole('row').filter({ hasText: email }).filter({ hasText: subject }).count();
    }).toBe(1);
    expect(await axe(page)).toEqual([]);
    await page.getByRole('row').filter({ hasText: email }).getByRole('link', { name: subject }).click();
    await page.getByRole('heading', { name: subject, level: 1 }).waitFor();
    const links = await page.locator('[data-mail-link]').evaluateAll((anchors) => anchors.map((a) => a.getAttribute('href')));
    expect(links).toContain(webinar.onlineLink);
    expect(links).toContain(privateLink);
    expect(await page.getByText(`${webinar.slug}.ics (text/calendar`).count()).toBe(1);

    await page.locator(`[data-mail-link][href="${privateLink}"]`).click();
    await page.waitForURL(privateLink);
    const island = page.locator('.registration');
    await eventually(() => island.getAttribute('data-status')).toBe('confirmed');
    expect(await page.content()).not.toContain(webinar.onlineLink!);
    expect(await island.getByText('Il link per partecipare arriva solo per e-mail').count()).toBe(1);
    expect(await axe(page)).toEqual([]);

    await page.getByRole('button', { name: 'Annulla l’iscrizione' }).click();
    await page.getByRole('button', { name: 'Sì, annulla' }).click();
    await eventually(() => island.getAttribute('data-status')).toBe('cancelled');
    const { rows } = await db.query(
      `SELECT status, email FROM registrations WHERE event_slug = $1 AND status = 'cancelled' AND cancelled_at IS NOT NULL`,
      [webinar.slug],
    );
    expect(rows).toContainEqual({ status: 'cancelled', email: null });

    // And the cancellation is confirmed by e-mail too.
    await eventually(async () => {
      await runMailSender();
      const messages = (await (await fetch(`${siteUrl}/_mail/messages.json`)).json()) as Array<{ to: string; subject: string }>;
      return messages
        .filter((message) => message.to === email)
        .map((message) => message.subject)
        .sort();
    }).toEqual([subject, `Iscrizione annullata: ${webinar.title}`].sort());
    await page.close();
  });

  it('a lost private link is sent again from the plain form of the private link page, without JavaScript', async () => {
    const other = `e2e-${randomUUID()}@example.org`;
    const registered = await fetch(`${siteUrl}/api/infodays/${webinar.slug}/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Grace Hopper', email: other, consent: { privacy: true }, locale: 'it' }),
    });
    expect(registered.status).toBe(201);
    const noScript = await browser.newContext({ javaScriptEnabled: false });
    const page = await noScript.newPage();
    await page.goto(`${siteUrl}/iscrizione/`);
    await page.getByLabel('Indirizzo e-mail').fill(other);
    await page.getByRole('button', { name: 'Inviami il link' }).click();
    await page.getByRole('heading', { name: 'Controlla la tua casella' }).waitFor();
    await eventually(async () => {
      await runMailSender();
      const messages = (await (await fetch(`${siteUrl}/_mail/messages.json`)).json()) as Array<{
        to: string;
        subject: string;
        links: string[];
      }>;
      return messages
        .find((message) => message.to === other && message.subject === 'I tuoi link privati di iscrizione')
        ?.links.some((link) => link.startsWith(`${siteUrl}/iscrizione/#`));
    }).toBe(true);
    await noScript.close();
  });
});

describe('a path, in English', () => {
  it('asks for the organisation, announces the errors, then registers it', async () => {
    const page = await open(`/en/percorsi/${path.slug}/`);
    await hydrated(page, '.registration form');
    const section = page.locator('#registrazione');
    await section.getByRole('button', { name: 'Register' }).click();
    expect(await section.getByRole('alert').textContent()).toBe('Check the fields marked.');
    await eventually(() => page.evaluate(() => document.activeElement?.getAttribute('autocomplete'))).toBe('name');
    await section.getByLabel('Full name').fill('Grace Hopper');
    await section.getByLabel('E-mail').fill(`e2e-${randomUUID()}@example.org`);
    await section.getByRole('checkbox').check();
    await section.getByRole('button', { name: 'Register' }).click();
    await eventually(() => page.evaluate(() => document.activeElement?.getAttribute('autocomplete'))).toBe('organization');
    expect(await section.getByText('Write the name of your organisation: the path is for organisations.').count()).toBe(1);
    await section.getByLabel('Organisation').fill('Example cooperative');
    await section.getByRole('button', { name: 'Register' }).click();
    await eventually(() => section.locator('[data-step="done"]').getAttribute('data-status')).toBe('confirmed');
    expect(await section.locator('[data-private-link]').getAttribute('href')).toMatch(/\/en\/iscrizione\/#/);
    expect(await axe(page)).toEqual([]);
    await page.close();
  });

  it('the .ics of a path keeps every session at its local time in Rome, across a change of daylight-saving time', async () => {
    // The example path straddles 28 March 2027: 17:30 in Rome is 16:30 UTC before the change, 15:30 UTC after.
    const slug = 'esempio-2027-raccontare-i-risultati';
    const text = await (await fetch(`${siteUrl}/en/percorsi/${slug}.ics`)).text();
    const events = parseCalendar(text);
    const page = readFileSync(join(process.cwd(), 'dist/en/percorsi', slug, 'index.html'), 'utf8');
    const sessionStarts = [...page.matchAll(/<td><time datetime="([^"]+)"/g)].map((match) => match[1]);
    expect(sessionStarts).toHaveLength(3);
    expect(events.map((event) => event.startDate.toJSDate().toISOString())).toEqual(sessionStarts);
    expect(events.map((event) => event.startDate.toJSDate().toISOString())).toEqual([
      '2027-03-25T16:30:00.000Z',
      '2027-04-01T15:30:00.000Z',
      '2027-04-08T15:30:00.000Z',
    ]);
    expect(events.map((event) => `${event.startDate.hour}:${event.startDate.minute}`)).toEqual(['17:30', '17:30', '17:30']);
    expect(events.map((event) => event.summary)).toEqual([
      "Example training: reporting and telling the results: Accounting for the money: income, spending and the City's share",
      'Example training: reporting and telling the results: Telling the results: updates, photos and the figures that matter',
      'Example training: reporting and telling the results: After the campaign: keeping donors close',
    ]);
  });
});

describe('the online link stays private', () => {
  it('appears in no file of the built site', () => {
    const secrets = [...Object.values(catalog.infodays), ...Object.values(catalog.paths)].flatMap((event) =>
      event.onlineLink ? [event.onlineLink] : [],
    );
    expect(secrets.length).toBeGreaterThan(0);
    const found: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const file = join(dir, name);
        if (statSync(file).isDirectory()) walk(file);
        else if (/\.(html|ics|js|json|xml|txt|css)$/.test(name)) {
          const text = readFileSync(file, 'utf8');
          for (const secret of secrets) if (text.includes(secret)) found.push(`${file}: ${secret}`);
        }
      }
    };
    walk(join(process.cwd(), 'dist'));
    expect(found).toEqual([]);
  });
});
