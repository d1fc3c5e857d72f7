/**
 * The staff console end to end with real e-mail: an administrator asks for a sign-in link, reads it in
 * the local mailbox (the outbox delivers over SMTP to smtp-server, kept as .eml), downloads a campaign's
 * donations, invites an organisation member, who signs in from their own e-mail and sees only their campaigns.
 */
import { readFile } from 'node:fs/promises';
import { simpleParser } from 'mailparser';
import pg from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createPool } from '../../src/server/db/pool.ts';
import { addAdministrator } from '../../src/server/staff/service.ts';
import { launchBrowser } from '../support/browser.ts';

const site = inject('siteUrl');

let browser: Browser;
let db: pg.Pool;

interface Stored {
  id: string;
  to: string;
  subject: string;
  links: string[];
}

interface OpenCampaign {
  slug: string;
  organisations: string[];
  state: string;
}

beforeAll(async () => {
  browser = await launchBrowser();
  db = createPool(inject('siteDatabaseUrl'), 2);
  await addAdministrator(db, { email: 'ufficio.crowdfunding@comune.venezia.it', name: 'Ufficio crowdfunding' }, new Date());
}, 170_000);

afterAll(async () => {
  await browser?.close();
  await db?.end();
});

/** Waits for the message to `address` carrying a console sign-in link, reads its .eml and answers the link. */
async function signInLinkFor(address: string, seen: Set<string>): Promise<string> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    const messages = (await (await fetch(`${site}/_mail/messages.json`)).json()) as Stored[];
    const message = messages.find(
      (m) => m.to.includes(address) && !seen.has(m.id) && m.links.some((link) => link.includes('/gestione/accesso/conferma/')),
    );
    if (message) {
      seen.add(message.id);
      const eml = await simpleParser(Buffer.from(await (await fetch(`${site}/_mail/${message.id}/eml`)).arrayBuffer()));
      const link = /https?:\/\/\S+\/gestione\/accesso\/conferma\/\?t=[A-Za-z0-9_-]{43}/.exec(eml.text ?? '')?.[0];
      expect(link, 'the link in the text part of the .eml').toBeDefined();
      return link!;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`no sign-in message reached ${address}`);
}

async function context(): Promise<BrowserContext> {
  const created = await browser.newContext({ javaScriptEnabled: false, acceptDownloads: true });
  created.setDefaultTimeout(60_000);
  created.setDefaultNavigationTimeout(60_000);
  return created;
}

async function signInFromMailbox(page: Page, address: string, seen: Set<string>): Promise<void> {
  await page.goto(await signInLinkFor(address, seen));
  await page.getByRole('button', { name: 'Entra' }).click();
  await page.waitForURL(`${site}/gestione/`);
}

describe('staff console with the local mailbox', () => {
  it('an administrator signs in from the e-mail, downloads donations, invites an organisation member who sees only their campaigns', async () => {
    const seen = new Set<string>();
    const campaigns = ((await (await fetch(`${site}/open-data/campaigns.json`)).json()) as { campaigns: OpenCampaign[] }).campaigns;
    const open = campaigns.find((campaign) => campaign.state === 'open')!;
    const organisation = open.organisations[0]!;
    const foreign = campaigns.find((campaign) => !campaign.organisations.includes(organisation))!;

    const admin = await context();
    const page = await admin.newPage();
    await page.goto(`${site}/gestione/accesso/`);
    await page.getByLabel('Indirizzo e-mail').fill('ufficio.crowdfunding@comune.venezia.it');
    await page.getByRole('button', { name: 'Inviami il link' }).click();
    await page.waitForURL(`${site}/gestione/accesso/inviato/`);
    await signInFromMailbox(page, 'ufficio.crowdfunding@comune.venezia.it', seen);

    await page.locator(`a[href="/gestione/campagne/${open.slug}/"]`).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Scarica le donazioni (CSV)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`donazioni-${open.slug}.csv`);
    expect((await readFile(await download.path(), 'utf8')).split('\r\n')[0]).toContain('pledge_id');

    await page.getByRole('link', { name: 'Persone' }).click();
    await page.getByLabel('E-mail').fill('referente@associazione.example.org');
    await page.getByLabel('Nome').fill('Referente');
    await page.getByLabel('Ruolo').selectOption('org_member');
    await page.locator(`input[name="organisations"][value="${organisation}"]`).check();
    await page.getByRole('button', { name: 'Invia l’invito' }).click();
    await expect.poll(() => page.locator('[role="status"]').textContent()).toBe('Invito inviato.');
    await admin.close();

    const member = await context();
    const memberPage = await member.newPage();
    await signInFromMailbox(memberPage, 'referente@associazione.example.org', seen);
    const listed = await memberPage.locator('main table a').evaluateAll((links) => links.map((link) => link.getAttribute('href')));
    expect(listed).toContain(`/gestione/campagne/${open.slug}/`);
    for (const href of listed) {
      const slug = href!.split('/')[3]!;
      expect(campaigns.find((campaign) => campaign.slug === slug)?.organisations ?? [organisation]).toContain(organisation);
    }
    expect(listed).not.toContain(`/gestione/campagne/${foreign.slug}/`);
    const refused = await memberPage.goto(`${site}/gestione/campagne/${foreign.slug}/`);
    expect(refused?.status()).toBe(403);
    const refusedCsv = await memberPage.request.get(`${site}/gestione/campagne/${foreign.slug}/donazioni.csv`);
    expect(refusedCsv.status()).toBe(403);
    await member.close();
  }, 300_000);
});
