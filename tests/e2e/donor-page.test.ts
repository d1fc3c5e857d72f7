/**
 * The donor's campaign page in Chromium at a phone's 390 px and a desktop's 1280 px: the summary and «Dona»
 * in the first screen, a menu that works without JavaScript, a form whose errors follow what is typed, a
 * donation completed with JavaScript turned off (demo mode), and language switches that always land.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import { hydrated } from '../support/islands.ts';

const siteUrl = inject('siteUrl');
const CAMPAIGN = 'esempio-orti-condivisi-marghera';
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function withPage<T>(
  options: { viewport: { width: number; height: number }; javaScriptEnabled?: boolean },
  work: (page: Page) => Promise<T>,
): Promise<T> {
  const context: BrowserContext = await browser.newContext({ ...options, locale: 'it-IT' });
  try {
    const page = await context.newPage();
    if (options.javaScriptEnabled === false) noScript.add(page);
    // A step that cannot happen fails here, naming itself, well before the test's own time limit.
    page.setDefaultTimeout(15_000);
    return await work(page);
  } finally {
    await context.close();
  }
}

const plain = (text: string | null) =>
  (text ?? '')
    .replace(/[\u00a0\u202f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/**
 * axe's violations for what the page shows now. axe runs as a script, so a page without JavaScript is checked
 * as a copy: the same HTML served at the same address to a page that may run axe (the answer to a POST
 * cannot be fetched again).
 */
async function axe(page: Page): Promise<string[]> {
  let target = page;
  let copy: BrowserContext | undefined;
  if (scriptsOff(page)) {
    const html = await page.content();
    const url = page.url();
    copy = await browser.newContext({ viewport: page.viewportSize() ?? PHONE });
    target = await copy.newPage();
    await target.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
    await target.goto(url);
  }
  try {
    const result = await new AxeBuilder({ page: target }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  } finally {
    await copy?.close();
  }
}

const noScript = new WeakSet<Page>();
const scriptsOff = (page: Page) => noScript.has(page);

async function progressOf(slug: string): Promise<{ raisedCents: number; donors: number }> {
  return (await (await fetch(`${siteUrl}/api/campaigns/${slug}/progress`)).json()) as { raisedCents: number; donors: number };
}

describe('the first screen', () => {
  it.each([
    ['with JavaScript', true],
    ['without JavaScript', false],
  ])(
    'on a 390 px phone (%s) the title, the raised figure, the bar with its labelled threshold and «Dona» are all in the first screen',
    async (_, javaScriptEnabled) => {
      await withPage({ viewport: PHONE, javaScriptEnabled }, async (page) => {
        await page.goto(`${siteUrl}/campagne/${CAMPAIGN}/`, { waitUntil: 'networkidle' });
        const inFirstScreen = async (selector: string) => {
          const box = await page.locator(selector).first().boundingBox();
          expect(box, selector).not.toBeNull();
          return box!.y >= 0 && box!.y + box!.height <= PHONE.height;
        };
        for (const selector of [
          'h1',
          '[data-testid="raised"]',
          '.progress__bar',
          '.progress__threshold-label',
          '.progress__legend',
          'a[href="#dona"]',
        ]) {
          expect(await inFirstScreen(selector), selector).toBe(true);
        }
        expect(plain(await page.getByTestId('raised').textContent())).toMatch(/^[\d.]+(,\d\d)? € raccolti dai cittadini su [\d.]+ €$/);
        expect(plain(await page.locator('.progress__threshold-label').textContent())).toMatch(/^Soglia [\d.]+ €$/);
        // The summary comes before the story.
        const summaryY = (await page.locator('.campaign-head__summary').boundingBox())!.y;
        const leadY = (await page.locator('.lead').boundingBox())!.y;
        expect(summaryY).toBeLessThan(leadY);
        // The full navigation is folded behind the menu button.
        expect(await page.locator('.main-nav').isVisible()).toBe(false);
        expect(await page.getByText('Menu', { exact: true }).isVisible()).toBe(true);
      });
    },
  );

  it('on a 1280 px desktop the summary and «Dona» sit beside the title, in the first screen, with the full navigation', async () => {
    await withPage({ viewport: DESKTOP }, async (page) => {
      await page.goto(`${siteUrl}/campagne/${CAMPAIGN}/`, { waitUntil: 'networkidle' });
      const give = (await page.locator('a[href="#dona"]').boundingBox())!;
      expect(give.y + give.height).toBeLessThanOrEqual(DESKTOP.height);
      const title = (await page.locator('h1').boundingBox())!;
      expect((await page.locator('.campaign-head__summary').boundingBox())!.x).toBeGreaterThan(title.x + title.width / 2);
      expect(await page.locator('.main-nav').isVisible()).toBe(true);
      expect(await page.locator('.nav-menu').isVisible()).toBe(false);
      expect(await axe(page)).toEqual([]);
    });
  });

  it('«Dona» leads to the form, and the phone menu opens with the keyboard without JavaScript', async () => {
    await withPage({ viewport: PHONE, javaScriptEnabled: false }, async (page) => {
      await page.goto(`${siteUrl}/campagne/${CAMPAIGN}/`);
      await page.locator('.nav-menu__button').focus();
      await page.keyboard.press('Enter');
      const link = page.locator('.nav-menu__panel').getByRole('link', { name: 'Trasparenza' });
      expect(await link.isVisible()).toBe(true);
      expect(await page.getByRole('navigation', { name: 'Menu principale' }).count()).toBeLessThanOrEqual(1);
      expect(await axe(page)).toEqual([]);
      await page.keyboard.press('Enter');
      await page.getByRole('link', { name: 'Dona', exact: true }).click();
      expect(page.url()).toMatch(/#dona$/);
      const form = (await page.locator('#dona form').boundingBox())!;
      expect(form.y).toBeLessThan(PHONE.height);
    });
  });
});

describe('the form tells the truth', () => {
  it.each([
    ['390 px phone', PHONE],
    ['1280 px desktop', DESKTOP],
  ])(
    'on a %s errors appear when a field is left wrong, follow each keystroke and disappear, with the summary, once the fields are right',
    async (_, viewport) => {
      await withPage({ viewport }, async (page) => {
        await page.goto(`${siteUrl}/campagne/${CAMPAIGN}/`);
        await hydrated(page, '.donate');
        const donate = page.locator('section.donate');
        const name = donate.getByLabel('Nome e cognome');
        const email = donate.getByLabel('E-mail (per la ricevuta)');
        const privacy = donate.getByRole('checkbox', { name: /informativa sulla privacy/ });
        const errors = async () => (await donate.locator('.donate__error').allTextContents()).map(plain);
        const summary = donate.getByTestId('error-summary');

        // Typing into an untouched field scolds nobody; leaving it wrong does.
        await email.fill('ada@');
        expect(await errors()).toEqual([]);
        await email.blur();
        expect(await errors()).toEqual(['Scrivi un indirizzo e-mail valido: serve per la ricevuta.']);
        await email.fill('ada@example.org');
        expect(await errors()).toEqual([]);
        await email.fill('');

        await donate.getByRole('button', { name: 'Continua' }).click();
        expect(await errors()).toEqual([
          'Scrivi il tuo nome, oppure scegli di donare in forma anonima.',
          'Scrivi un indirizzo e-mail valido: serve per la ricevuta.',
          'Per donare serve il consenso al trattamento dei dati personali.',
        ]);
        expect(await summary.locator('li').count()).toBe(3);
        expect(await axe(page)).toEqual([]);

        await name.fill('Ada Lovelace');
        expect(await errors()).toHaveLength(2);
        expect(await summary.locator('li').count()).toBe(2);
        await email.fill('ada@example');
        expect(await errors()).toHaveLength(2);
        await email.fill('ada@example.org');
        expect(await errors()).toEqual(['Per donare serve il consenso al trattamento dei dati personali.']);
        await privacy.check();
        expect(await errors()).toEqual([]);
        expect(await summary.count()).toBe(0);
        expect(plain(await donate.locator('.donate__message').textContent())).toBe('');
        expect(await name.getAttribute('aria-invalid')).toBe('false');

        // The controls wear the site's font and Bootstrap Italia's size.
        const font = await donate.getByRole('button', { name: 'Continua' }).evaluate((el) => getComputedStyle(el).fontFamily);
        expect(font).toContain('Titillium Web');
        const box = (await privacy.boundingBox())!;
        expect(box.width).toBeGreaterThanOrEqual(23);
      });
    },
  );
});

describe('giving without JavaScript (demo mode)', () => {
  it('a mistake answers the form again with what was typed; then the donor confirms the demo payment and the ledger counts it', async () => {
    await withPage({ viewport: PHONE, javaScriptEnabled: false }, async (page) => {
      const before = await progressOf(CAMPAIGN);
      await page.goto(`${siteUrl}/campagne/${CAMPAIGN}/`);
      const form = page.locator('#dona form');
      await form.getByRole('radio', { name: 'Altro importo' }).check();
      await form.getByLabel('Importo in euro').fill('17,50');
      await form.getByLabel('Nome e cognome').fill('Grace Hopper');
      await form.getByLabel('E-mail (per la ricevuta)').fill('grace@example');
      await form.getByRole('button', { name: 'Continua' }).click();

      await page.waitForURL(`${siteUrl}/donazione/modulo`);
      expect(await page.getByTestId('error-summary').textContent()).toContain('Scrivi un indirizzo e-mail valido');
      expect(await page.getByTestId('error-summary').textContent()).toContain('Per donare serve il consenso');
      expect(await page.getByLabel('Nome e cognome').inputValue()).toBe('Grace Hopper');
      expect(await page.getByLabel('Importo in euro').inputValue()).toBe('17,50');
      expect(await axe(page)).toEqual([]);

      await page.getByLabel('E-mail (per la ricevuta)').fill('grace@example.org');
      await page.getByRole('checkbox', { name: /informativa sulla privacy/ }).check();
      await page.getByRole('button', { name: 'Continua' }).click();

      await page.waitForURL(/\/donazione\/conferma\/[0-9a-f-]{36}$/);
      expect(plain(await page.getByRole('heading', { level: 2 }).textContent())).toBe('Pagamento di 17,50 €');
      expect(await axe(page)).toEqual([]);
      await page.getByRole('button', { name: 'Simula il pagamento' }).click();

      await page.getByRole('status').waitFor();
      expect(plain(await page.getByRole('status').textContent())).toBe('Grazie! La tua donazione di 17,50 € è confermata.');
      expect(await axe(page)).toEqual([]);
      const after = await progressOf(CAMPAIGN);
      expect(after.raisedCents - before.raisedCents).toBe(1750);
      expect(after.donors - before.donors).toBe(1);

      await page.getByRole('link', { name: 'Torna alla campagna' }).click();
      expect(page.url()).toBe(`${siteUrl}/campagne/${CAMPAIGN}/`);
    });
  });
});

describe('the infoday page', () => {
  it('shows the places left, live from the registration API', async () => {
    const slug = 'esempio-2026-12-10-webinar-campagna';
    const api = (await (await fetch(`${siteUrl}/api/infodays/${slug}/places`)).json()) as { capacity: number; placesLeft: number };
    await withPage({ viewport: PHONE }, async (page) => {
      await page.goto(`${siteUrl}/infoday/${slug}/`);
      const places = page.getByTestId('places');
      await places.scrollIntoViewIfNeeded();
      await page.locator(`[data-testid="places"][data-left="${api.placesLeft}"]`).waitFor();
      expect(plain(await places.textContent())).toBe(`${api.capacity} posti: ne restano ${api.placesLeft}`);
    });
  });
});

describe('language switches', () => {
  it('every built page’s language switch leads to a page that exists (200)', async () => {
    const dist = join(process.cwd(), 'dist');
    const pages: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name === 'index.html') pages.push(path);
      }
    };
    walk(dist);
    const targets = new Map<string, string>();
    for (const page of pages) {
      const href = /class="lang-switch" href="([^"]+)"/.exec(readFileSync(page, 'utf8'))?.[1];
      if (href) targets.set(href, page.slice(dist.length));
    }
    expect(targets.size).toBeGreaterThan(50);
    expect([...targets.keys()]).toContain('/en/donazione/esito/');
    const broken: string[] = [];
    for (const [href, from] of targets) {
      const response = await fetch(siteUrl + href.replaceAll('&amp;', '&'), { redirect: 'manual' });
      if (response.status !== 200) broken.push(`${from} -> ${href}: ${response.status}`);
    }
    expect(broken).toEqual([]);
  });

  it('the English donate widget links the English privacy page', async () => {
    await withPage({ viewport: DESKTOP, javaScriptEnabled: false }, async (page) => {
      await page.goto(`${siteUrl}/en/campagne/${CAMPAIGN}/`);
      expect(await page.locator('#dona').getByRole('link', { name: 'privacy notice' }).getAttribute('href')).toBe('/en/privacy/');
    });
  });
});
