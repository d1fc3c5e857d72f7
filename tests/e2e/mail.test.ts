/**
 * Every message's HTML part, rendered in Chromium, passes the same accessibility rules as the site (axe,
 * WCAG 2.1 AA), in both languages; and the local mailbox serves its pages only from the local server.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext } from 'playwright-core';
import { renderMessage, type MessageData } from '../../src/server/mail/templates/messages.ts';
import { MAIL_SAMPLES, SITE } from '../support/mail-samples.ts';
import { launchBrowser } from '../support/browser.ts';

// The waitlisted message here is for an event in person, so the place's block is checked too.
const messages: MessageData[] = MAIL_SAMPLES.map((data) =>
  data.kind === 'registration_waitlisted' ? { ...data, event: { ...data.event, mode: 'in-person', place: 'Centro civico, Via 1' } } : data,
);

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
