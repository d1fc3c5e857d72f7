/**
 * The staff console in Chromium against the served site: its pages work without JavaScript, pass axe,
 * and the __Host- Secure session cookie is accepted on http://localhost.
 */
import { AxeBuilder } from '@axe-core/playwright';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createPool } from '../../src/server/db/pool.ts';
import { addAdministrator, hashToken, newToken } from '../../src/server/staff/service.ts';
import { launchBrowser } from '../support/browser.ts';
import { E2E_NOW } from '../support/e2e-clock.ts';

const site = inject('siteUrl');
const databaseUrl = inject('siteDatabaseUrl');

let browser: Browser;
let db: pg.Pool;

interface OpenCampaign {
  slug: string;
  organisations: string[];
  state: string;
}

let campaigns: OpenCampaign[];

beforeAll(async () => {
  browser = await launchBrowser();
  db = createPool(databaseUrl, 2);
  await addAdministrator(db, { email: 'amministrazione@comune.venezia.it', name: 'Amministrazione' }, new Date());
  campaigns = (await (await fetch(`${site}/open-data/campaigns.json`)).json()).campaigns;
  // Pay the bundling of the console function once, outside any test's time limit.
  await fetch(`${site}/gestione/accesso/`);
}, 170_000);

afterAll(async () => {
  await browser?.close();
  await db?.end();
});

/**
 * A sign-in link as the outbox would carry it: the token, its hash stored. The server's clock runs from
 * the suite's instant (E2E_NOW), so the link expires an hour after that instant, not after today's.
 */
async function issueLink(email: string, locale: 'it' | 'en' = 'it'): Promise<string> {
  const token = newToken();
  await db.query(
    `INSERT INTO staff_sign_in_links (token_hash, person_id, purpose, expires_at)
     SELECT $1, id, 'sign_in', $3 FROM staff_people WHERE email = $2`,
    [hashToken(token), email, new Date(Date.parse(E2E_NOW) + 60 * 60_000)],
  );
  return `${site}${locale === 'en' ? '/en/manage/sign-in/confirm/' : '/gestione/accesso/conferma/'}?t=${token}`;
}

async function axeViolations(page: Page) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

// Under @netlify/dev every function call starts a fresh worker that loads the console's modules again:
// seconds per page on a shared two-core machine. The time limits below are for that, not for the console.
const SLOW = 300_000;

/** A browser without JavaScript: the console must not need any. */
async function noScript(): Promise<BrowserContext> {
  return contextWith({ javaScriptEnabled: false });
}

/**
 * For axe, which runs as a script in the page: the console's own policy (script-src falling back to
 * default-src 'none') still keeps any page script from running.
 */
function withAxe(): Promise<BrowserContext> {
  return contextWith({ javaScriptEnabled: true });
}

async function contextWith(options: { javaScriptEnabled: boolean }): Promise<BrowserContext> {
  const context = await browser.newContext({ ...options, acceptDownloads: true });
  context.setDefaultTimeout(120_000);
  context.setDefaultNavigationTimeout(120_000);
  return context;
}

describe('staff console', () => {
  it(
    'the sign-in page works without JavaScript and answers the same for any address',
    async () => {
      const context = await noScript();
      const page = await context.newPage();
      await page.goto(`${site}/gestione/accesso/`);
      await page.getByLabel('Indirizzo e-mail').fill('nessuno@example.org');
      await page.getByRole('button', { name: 'Inviami il link' }).click();
      await page.waitForURL(`${site}/gestione/accesso/inviato/`);
      expect(await page.locator('h1').textContent()).toBe('Controlla la posta');
      await context.close();
    },
    SLOW,
  );

  it(
    'a link signs in once: Chromium keeps the __Host- Secure cookie on http://localhost, and every page passes axe',
    async () => {
      const context = await withAxe();
      const page = await context.newPage();
      const link = await issueLink('amministrazione@comune.venezia.it');
      await page.goto(link);
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole('button', { name: 'Entra' }).click();
      await page.waitForURL(`${site}/gestione/`);
      // No script of the page may run: the console's policy forbids every one.
      expect(await page.evaluate(() => document.querySelectorAll('script').length)).toBe(0);
      const cookies = await context.cookies();
      const session = cookies.find((cookie) => cookie.name === '__Host-civic-staff');
      expect(session).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Lax', path: '/' });

      const open = campaigns.find((campaign) => campaign.state === 'open')!;
      const pages = [
        '/gestione/accesso/',
        '/gestione/accesso/inviato/',
        '/gestione/',
        `/gestione/campagne/${open.slug}/`,
        '/gestione/riconciliazione/',
        '/gestione/iscrizioni/',
        '/gestione/donatori/',
        '/gestione/organizzazioni/',
        '/gestione/email/',
        '/gestione/persone/',
        '/gestione/registro/',
        '/en/manage/',
        '/en/manage/people/',
      ];
      for (const path of pages) {
        const answer = await page.goto(`${site}${path}`);
        expect(answer?.status(), path).toBe(200);
        expect(await axeViolations(page), path).toEqual([]);
      }

      // The link was spent: a second use is refused.
      await page.goto(link);
      const [refused] = await Promise.all([
        page.waitForResponse((answer) => answer.request().method() === 'POST'),
        page.getByRole('button', { name: 'Entra' }).click(),
      ]);
      expect(refused.status()).toBe(401);
      expect(await page.locator('main').textContent()).toContain('non vale più');

      // Signing out ends the session in this browser.
      await page.goto(`${site}/gestione/`);
      await page.getByRole('button', { name: 'Esci', exact: true }).click();
      await page.waitForURL(`${site}/gestione/accesso/`);
      await page.goto(`${site}/gestione/persone/`);
      expect(page.url()).toBe(`${site}/gestione/accesso/`);
      await context.close();
    },
    SLOW,
  );

  it(
    "an administrator downloads a campaign's donations as CSV",
    async () => {
      const open = campaigns.find((campaign) => campaign.state === 'open')!;
      const pledge = await fetch(`${site}/api/pledges`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          campaign: open.slug,
          amountCents: 2500,
          donor: { name: 'Giulia Console', email: 'giulia.console@example.org', anonymous: false },
          consent: { privacy: true },
        }),
      });
      expect(pledge.status).toBe(201);
      const { pledgeId } = await pledge.json();
      expect((await fetch(`${site}/api/pledges/${pledgeId}/demo-confirm`, { method: 'POST' })).status).toBe(200);

      const context = await noScript();
      const page = await context.newPage();
      await page.goto(await issueLink('amministrazione@comune.venezia.it'));
      await page.getByRole('button', { name: 'Entra' }).click();
      await page.waitForURL(`${site}/gestione/`);
      await page.locator(`a[href="/gestione/campagne/${open.slug}/"]`).click();
      await page.waitForURL(`${site}/gestione/campagne/${open.slug}/`);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Scarica le donazioni (CSV)' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe(`donazioni-${open.slug}.csv`);
      const csv = await readFile(await download.path(), 'utf8');
      expect(csv.split('\r\n')[0]).toContain('pledge_id');
      expect(csv).toContain(pledgeId);
      expect(csv).toContain('giulia.console@example.org');
      await context.close();
    },
    SLOW,
  );
});
