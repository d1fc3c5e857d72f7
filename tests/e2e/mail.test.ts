/**
 * Every message's HTML part, rendered in Chromium, passes the same accessibility rules as the site (axe,
 * WCAG 2.1 AA), in both languages; and the local mailbox serves its pages only from the local server.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext } from 'playwright-core';
import { renderMessage, type EventInfo, type MessageData } from '../../src/server/mail/templates/messages.ts';
import { launchBrowser } from '../support/browser.ts';

const SITE = 'https://crowdfunding.example.org';
const campaign = { title: 'Orti in città', url: `${SITE}/campagne/orti/` };
const event: EventInfo = {
  kind: 'infoday',
  title: 'Webinar',
  startsAt: '2027-02-10T16:00:00.000Z',
  endsAt: null,
  mode: 'online',
  place: null,
  url: `${SITE}/infoday/webinar/`,
};
const manageUrl = `${SITE}/iscrizione/#${'A'.repeat(43)}`;
const messages: MessageData[] = [
  {
    kind: 'donation_thanks',
    donorName: 'Ada',
    amountCents: 2500,
    campaign: {
      ...campaign,
      thresholdCents: 500_000,
      entitledCents: 500_000,
      closesAt: '2027-03-01T00:00:00.000Z',
      fundingModel: 'all-or-nothing',
    },
    receiptUrl: `${SITE}/r/1`,
  },
  {
    kind: 'registration_confirmed',
    name: 'Ada',
    event,
    manageUrl,
    onlineLink: 'https://meet.example.org/x',
    calendarUrl: `${SITE}/infoday/webinar.ics`,
  },
  {
    kind: 'registration_waitlisted',
    name: 'Ada',
    event: { ...event, mode: 'in-person', place: 'Centro civico, Via 1' },
    position: 2,
    manageUrl,
  },
  {
    kind: 'registration_promoted',
    name: 'Ada',
    event,
    onlineLink: 'https://meet.example.org/x',
    recoverUrl: `${SITE}/iscrizione/#recupera`,
  },
  { kind: 'registration_cancelled', event },
  { kind: 'registration_links', links: [{ event, status: 'waitlisted', manageUrl }] },
  { kind: 'campaign_succeeded', campaign, raisedCents: 600_000, grantedCents: 500_000 },
  { kind: 'campaign_failed', campaign, raisedCents: 100_000, refundOnItsWay: true },
  { kind: 'refund_issued', campaign, amountCents: 2500 },
  {
    kind: 'campaign_update',
    campaign,
    update: { title: 'Lavori iniziati', summary: 'Le prime aiuole.', url: `${SITE}/notizie/x/` },
    unsubscribeUrl: `${SITE}/api/mail/unsubscribe?token=t`,
  },
  { kind: 'staff_sign_in', link: `${SITE}/gestione/accesso/#t`, expiresAt: '2027-01-15T10:15:00.000Z' },
  { kind: 'staff_invitation', link: `${SITE}/gestione/invito/#t`, expiresAt: '2027-01-17T10:00:00.000Z', invitedBy: 'Ada', role: 'admin' },
];

let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  browser = await launchBrowser();
  context = await browser.newContext();
});
afterAll(async () => {
  await browser?.close();
});

describe('the HTML part of every message passes axe (WCAG 2.1 AA) in Chromium', () => {
  it.each(messages.flatMap((data) => (['it', 'en'] as const).map((locale) => [`${data.kind} (${locale})`, data, locale] as const)))(
    '%s',
    async (_name, data, locale) => {
      const page = await context.newPage();
      // Offline: anything the message tried to load from elsewhere would be counted here.
      const requests: string[] = [];
      page.on('request', (request) => requests.push(request.url()));
      await page.setContent(renderMessage(data, locale, SITE).html, { waitUntil: 'load' });
      const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
      expect(requests).toEqual([]);
      await page.close();
    },
  );
});

describe('the local mailbox', () => {
  it('is served by the local server at /_mail/ and is not part of the build', async () => {
    const response = await fetch(`${inject('siteUrl')}/_mail/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-robots-tag')).toBe('noindex');
    expect(await response.text()).toContain('<h1>Local mailbox</h1>');
    expect(existsSync(join(process.cwd(), 'dist/_mail'))).toBe(false);
  });
});
