/**
 * The public site as visitors get it: built, served with its functions, driven in Chromium.
 * Every page type in both languages, links, keyboard, search, language switcher, filters without
 * JavaScript, and pages that stay true when viewed after the build.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import sharp from 'sharp';

const siteUrl = inject('siteUrl');
const OPEN_CAMPAIGN = '/campagne/esempio-nonni-in-rete-lido/';

/** One page of each type (Italian paths; the English ones are the same after /en). */
const PAGE_TYPES: [string, string][] = [
  ['home', '/'],
  ['campaign list', '/campagne/'],
  ['filtered campaign list', '/campagne/quartiere/marghera/'],
  ['open campaign with gallery and budget', OPEN_CAMPAIGN],
  ['upcoming campaign', '/campagne/esempio-rive-pulite-burano/'],
  ['historical campaign', '/campagne/cortincampo/'],
  ['organisation list', '/organizzazioni/'],
  ['organisation', '/organizzazioni/esempio-volontari-della-laguna/'],
  ['call list', '/avvisi/'],
  ['historical call', '/avvisi/2021/'],
  ['example call', '/avvisi/esempio-2026/'],
  ['infoday list', '/infoday/'],
  ['infoday', '/infoday/esempio-2026-12-10-webinar-campagna/'],
  ['historical infoday', '/infoday/2021-02-18-webinar-avviso-2021/'],
  ['path list', '/percorsi/'],
  ['path', '/percorsi/esempio-2026-preparare-la-campagna/'],
  ['update list', '/notizie/'],
  ['update', '/notizie/2021-09-20-online-le-prime-campagne/'],
  ['what is civic crowdfunding', '/cos-e-il-crowdfunding-civico/'],
  ['how to give', '/come-donare/'],
  ['faq', '/faq/'],
  ['transparency', '/trasparenza/'],
  ['privacy', '/privacy/'],
  ['accessibility statement', '/accessibilita/'],
  ['search', '/cerca/'],
];

const inLocale = (locale: 'it' | 'en', path: string) => (locale === 'it' ? path : `/en${path}`);

let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  browser = await launchBrowser();
  context = await browser.newContext();
});

afterAll(async () => {
  await browser?.close();
});

async function open(path: string, on: BrowserContext = context): Promise<Page> {
  const page = await on.newPage();
  const response = await page.goto(siteUrl + path, { waitUntil: 'networkidle' });
  expect(response?.status(), path).toBeLessThan(400);
  return page;
}

describe.each(['it', 'en'] as const)('every page type in %s', (locale) => {
  it.each(PAGE_TYPES)('%s has no WCAG 2.1 AA violation and the right language', async (_name, path) => {
    const page = await open(inLocale(locale, path));
    expect(await page.getAttribute('html', 'lang')).toBe(locale);
    expect(await page.locator('main h1').count()).toBe(1);
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    await page.close();
  });

  it('a page that does not exist answers 404 with an accessible page in the same language', async () => {
    const page = await context.newPage();
    const response = await page.goto(siteUrl + inLocale(locale, '/pagina-che-non-esiste/'));
    expect(response?.status()).toBe(404);
    expect(await page.getAttribute('html', 'lang')).toBe(locale);
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(results.violations.map((v) => v.id)).toEqual([]);
    await page.close();
  });
});

it('every internal link from / and /en/ leads somewhere (no 404)', async () => {
  const MAX_URLS = 400;
  const seen = new Set<string>(['/', '/en/']);
  const queue = ['/', '/en/'];
  const broken: string[] = [];
  while (queue.length > 0 && seen.size <= MAX_URLS) {
    const path = queue.shift()!;
    const response = await fetch(siteUrl + path, { redirect: 'follow' });
    if (response.status >= 400) {
      broken.push(`${path} -> ${response.status}`);
      continue;
    }
    if (!(response.headers.get('content-type') ?? '').includes('text/html')) continue;
    const html = await response.text();
    for (const [, href] of html.matchAll(/<a\s[^>]*href="([^"]+)"/g)) {
      if (!href!.startsWith('/') || href!.startsWith('//')) continue;
      const target = href!.replace(/&amp;/g, '&').split('#')[0]!;
      if (target && !seen.has(target)) {
        seen.add(target);
        queue.push(target);
      }
    }
  }
  expect(broken).toEqual([]);
  // The crawl reached both languages and the content pages, not just the home pages.
  expect(seen.size).toBeGreaterThan(100);
  expect(seen.has('/en/campagne/esempio-nonni-in-rete-lido/')).toBe(true);
  expect(seen.has('/materiali/esempio-2026/lista-di-controllo-campagna.txt')).toBe(true);
}, 180_000);

it('the keyboard reaches the donate widget from the top of a campaign page, past the skip link', async () => {
  const page = await open(OPEN_CAMPAIGN);
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.className)).toBe('skip-link');
  let inWidget = false;
  for (let presses = 0; presses < 80 && !inWidget; presses += 1) {
    await page.keyboard.press('Tab');
    inWidget = await page.evaluate(() => Boolean(document.activeElement?.closest('.donate form')));
  }
  expect(inWidget).toBe(true);
  // The widget hydrates when scrolled into view; whatever it does with the focus then, the focus stays in it
  // and the next Tab is on one of its fields.
  await page.locator('astro-island:not([ssr]) .donate').waitFor();
  expect(await page.evaluate(() => Boolean(document.activeElement?.closest('.donate')))).toBe(true);
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.closest('.donate form') && document.activeElement.tagName)).toBe('INPUT');
  await page.close();
});

it('the skip link moves the focus to the main content', async () => {
  const page = await open('/en/come-donare/');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('contenuto');
  await page.close();
});

describe('search (Pagefind)', () => {
  it.each([
    ['it', 'referto', '/campagne/esempio-nonni-in-rete-lido/'],
    ['en', 'wheelchair', '/en/campagne/esempio-orti-condivisi-marghera/'],
  ] as const)('in %s finds a campaign by the word «%s» of its body', async (locale, word, expected) => {
    const page = await open(inLocale(locale, '/cerca/'));
    await page.getByRole('searchbox').fill(word);
    await page.getByRole('button', { name: locale === 'it' ? 'Cerca' : 'Search' }).click();
    const results = page.locator('[data-search-results] a');
    await results.first().waitFor();
    expect(await results.evaluateAll((links) => links.map((link) => new URL((link as HTMLAnchorElement).href).pathname))).toContain(
      expected,
    );
    expect(await page.locator('[data-search-status]').textContent()).toContain(word);
    await page.close();
  });
});

describe('the language switcher', () => {
  it.each([
    ['/campagne/cortincampo/', '/en/campagne/cortincampo/', 'en'],
    ['/en/avvisi/2024/', '/avvisi/2024/', 'it'],
    ['/', '/en/', 'en'],
  ])('on %s leads to %s, the same page in the other language', async (from, to, lang) => {
    const page = await open(from);
    await page.locator('.lang-switch').click();
    await page.waitForURL(siteUrl + to);
    expect(await page.getAttribute('html', 'lang')).toBe(lang);
    await page.close();
  });
});

describe('English pages', () => {
  it('format money and dates for English readers and mark text available only in Italian', async () => {
    const page = await open('/en/campagne/esempio-nonni-in-rete-lido/');
    const facts = await page.locator('.facts').textContent();
    expect(facts).toContain('Goal€8,000Opens');
    expect(facts).toContain('16 November 2026');
    await page.close();
    const untranslated = await open('/en/campagne/esempio-rive-pulite-burano/');
    expect(await untranslated.locator('.italian-only').textContent()).toBe('(available in Italian only)');
    expect(await untranslated.locator('main h1').getAttribute('lang')).toBe('it');
    await untranslated.close();
  });
});

describe('without JavaScript', () => {
  let noJs: BrowserContext;
  beforeAll(async () => {
    noJs = await browser.newContext({ javaScriptEnabled: false });
  });
  afterAll(async () => noJs?.close());

  const visibleCampaigns = (page: Page) => page.locator('[data-cards] > li:visible h3').allTextContents();

  it('the filters are links to server-rendered pages', async () => {
    const page = await open('/campagne/', noJs);
    expect((await visibleCampaigns(page)).length).toBe(8);
    await page.getByRole('link', { name: 'Marghera', exact: true }).click();
    await page.waitForURL(`${siteUrl}/campagne/quartiere/marghera/`);
    expect(await visibleCampaigns(page)).toEqual(['Orti condivisi a Marghera']);
    await page.getByRole('link', { name: 'Edizioni passate' }).click();
    await page.waitForURL(`${siteUrl}/campagne/stato/storiche/`);
    expect((await visibleCampaigns(page)).length).toBe(4);
    await page.close();
  });

  it('a campaign page reads completely: body, budget, facts and the progress text', async () => {
    const page = await open(OPEN_CAMPAIGN, noJs);
    expect(await page.locator('article').textContent()).toContain('Compriamo sei tablet ricondizionati');
    expect(await page.locator('table').first().textContent()).toContain('8.000,00');
    expect(await page.locator('.facts').textContent()).toContain('Lido-Pellestrina');
    // The summary's figures are in the HTML: no «loading» without a figure.
    expect((await page.getByTestId('raised').textContent())?.replace(/\s+/g, ' ')).toBe('0 € raccolti dai cittadini su 8.000 €');
    expect(await page.getByTestId('threshold').textContent()).toContain('Soglia');
    expect(await page.locator('.progress').textContent()).not.toContain('caricamento');
    expect(await page.locator('a[href="#dona"]').textContent()).toBe('Dona');
    await page.close();
  });
});

describe('with JavaScript', () => {
  it('the home page shows the live progress of each open campaign', async () => {
    const page = await open('/');
    const card = page.locator('[data-campaign="esempio-nonni-in-rete-lido"]');
    await card.scrollIntoViewIfNeeded();
    await card.locator('[data-testid="raised"]').waitFor();
    expect(await card.locator('.progress').getAttribute('data-state')).toBe('open');
    await page.close();
  });

  it('the filters combine on one page and the address keeps them', async () => {
    const page = await open('/campagne/');
    await page.getByRole('link', { name: 'Aperte', exact: true }).click();
    await page.getByRole('link', { name: 'Lido-Pellestrina', exact: true }).click();
    expect(page.url()).toBe(`${siteUrl}/campagne/?stato=aperte&quartiere=lido-pellestrina`);
    const visible = await page.locator('[data-cards] > li:visible h3').allTextContents();
    expect(visible).toEqual(['Nonni in rete al Lido e a Pellestrina']);
    expect(await page.locator('[data-count]').textContent()).toBe('1 campagna');
    await page.close();
  });

  it('a campaign built as open reads as closed when viewed after its closing, and leaves the "open" filter', async () => {
    const later = await browser.newContext();
    await later.clock.install({ time: new Date('2027-07-01T12:00:00+02:00') });
    const page = await open('/campagne/stato/aperte/', later);
    const card = page.locator('[data-campaign="esempio-nonni-in-rete-lido"]');
    await expect.poll(() => card.isVisible()).toBe(false);
    await page.goto(`${siteUrl}${OPEN_CAMPAIGN}`, { waitUntil: 'networkidle' });
    await expect.poll(() => page.locator('main [data-live-phase]').first().textContent()).toBe('Raccolta chiusa');
    await later.close();
  });

  it('a passed infoday reads as over when viewed after it', async () => {
    const later = await browser.newContext();
    await later.clock.install({ time: new Date('2027-02-01T12:00:00+01:00') });
    const page = await open('/en/infoday/esempio-2026-12-10-webinar-campagna/', later);
    await expect.poll(() => page.locator('main [data-live-phase]').first().textContent()).toBe('Meeting over');
    expect(await page.locator('#registrazione').count()).toBe(1);
    await later.close();
  });
});

describe('sharing and discovery', () => {
  it('pictures are resized on request (/.netlify/images): every size the pages offer answers a picture of that width', async () => {
    const page = await open(OPEN_CAMPAIGN);
    // The cover is above the fold and eager: the browser has shown it.
    expect(await page.locator('img.campaign__cover').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    const offered = new Set<string>();
    for (const path of ['/', OPEN_CAMPAIGN]) {
      const on = path === OPEN_CAMPAIGN ? page : await open(path);
      const sets = await on.locator('img[srcset]').evaluateAll((images) => images.map((img) => img.getAttribute('srcset') ?? ''));
      for (const set of sets) for (const candidate of set.split(',')) offered.add(candidate.trim());
      if (on !== page) await on.close();
    }
    expect(offered.size).toBeGreaterThan(2);
    for (const candidate of offered) {
      const [url, descriptor] = candidate.split(/\s+/);
      expect(url).toMatch(/^\/\.netlify\/images\?url=%2F_astro%2F/);
      const answer = await fetch(siteUrl + url!);
      expect(answer.status, url).toBe(200);
      expect(answer.headers.get('content-type'), url).toBe('image/webp');
      const { format, width } = await sharp(Buffer.from(await answer.arrayBuffer())).metadata();
      expect(`${width}w`, url).toBe(descriptor);
      expect(format).toBe('webp');
    }
    await page.close();
  });

  it('a campaign page has its title, description, canonical URL, alternates and its own Open Graph image', async () => {
    const page = await open('/en/campagne/esempio-orti-condivisi-marghera/');
    const meta = (selector: string, attribute = 'content') => page.locator(selector).getAttribute(attribute);
    expect(await page.title()).toContain('Shared vegetable gardens in Marghera');
    expect(await meta('meta[name="description"]')).toContain('raised beds');
    expect(await meta('link[rel="canonical"]', 'href')).toMatch(/\/en\/campagne\/esempio-orti-condivisi-marghera\/$/);
    expect(await meta('link[hreflang="it"]', 'href')).toMatch(/\/campagne\/esempio-orti-condivisi-marghera\/$/);
    const image = await meta('meta[property="og:image"]');
    expect(image).toMatch(/^https?:\/\/[^/]+\/en\/og\/campagne\/esempio-orti-condivisi-marghera\.png\?v=[0-9a-f]{16}$/);
    expect(await meta('meta[name="twitter:card"]')).toBe('summary_large_image');
    // Drawn on request by functions/og-image.ts: the version the build put in the URL is the one the function
    // draws from the catalog, so the answer may be kept for a year.
    const { pathname, search } = new URL(image!);
    const png = await fetch(siteUrl + pathname + search);
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toContain('image/png');
    expect(png.headers.get('cache-control')).toContain('immutable');
    const bytes = Buffer.from(await png.arrayBuffer());
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([1200, 630]);
    await page.close();
  });

  it.each([
    ['/sitemap-index.xml', '<sitemapindex'],
    ['/robots.txt', 'Sitemap:'],
    ['/campagne/rss.xml', '<rss'],
    ['/en/notizie/rss.xml', 'The first four civic crowdfunding campaigns go online'],
  ])('%s is served', async (path, text) => {
    const response = await fetch(siteUrl + path);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain(text);
  });
});
