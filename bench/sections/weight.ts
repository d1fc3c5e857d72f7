/**
 * Page weight as Chromium loads it from `npm start`'s server: every same-origin response body,
 * sorted by kind, compressed here with gzip (zlib level 6, what servers use on the fly) and brotli
 * (quality 11, what a CDN uses for static files). Scripts and styles inlined in the HTML count as
 * JavaScript and CSS, not HTML. "before" is the page loaded and scrolled to the end (every
 * client:visible island hydrated); "after" is what the donor's browser fetches once they fill the
 * donate form and proceed to pay.
 */
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Browser, Page, Response } from 'playwright-core';
import { launchBrowser } from '../../tests/support/browser.ts';
import type { SitePage } from '../lib/site.ts';
import type { Budget, SectionResult } from '../lib/report.ts';
import { kb } from '../lib/stats.ts';
import { BUDGETS } from '../../tests/support/budgets.ts';

const KINDS = ['js', 'css', 'html', 'font', 'data', 'other', 'image'] as const;
type Kind = (typeof KINDS)[number];

interface Size {
  raw: number;
  gzip: number;
  brotli: number;
}
type Weights = Record<Kind, Size>;

const empty = (): Weights => Object.fromEntries(KINDS.map((kind) => [kind, { raw: 0, gzip: 0, brotli: 0 }])) as Weights;

function add(weights: Weights, kind: Kind, body: Buffer | string): number {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  if (bytes.length === 0) return 0;
  const size = weights[kind];
  size.raw += bytes.length;
  // Images are already compressed: nobody gzips them.
  size.gzip += kind === 'image' ? bytes.length : gzipSync(bytes).length;
  size.brotli += kind === 'image' ? bytes.length : brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  return kind === 'image' ? bytes.length : gzipSync(bytes).length;
}

const withoutImages = (weights: Weights, key: keyof Size) =>
  KINDS.filter((kind) => kind !== 'image').reduce((sum, kind) => sum + weights[kind][key], 0);

/** Splits a document into its markup, its inline scripts and its inline styles; returns the inline scripts' gzip size. */
function addDocument(weights: Weights, html: string): number {
  let markup = html;
  let inlineJs = 0;
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const attributes = match[1] ?? '';
    const isData = /type\s*=\s*["']?(application\/(ld\+)?json|importmap)/i.test(attributes);
    if (isData || /\bsrc\s*=/.test(attributes)) continue;
    inlineJs += add(weights, 'js', match[2] ?? '');
    markup = markup.replace(match[2] ?? '', '');
  }
  for (const match of html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/gi)) {
    add(weights, 'css', match[1] ?? '');
    markup = markup.replace(match[1] ?? '', '');
  }
  add(weights, 'html', markup);
  return inlineJs;
}

function kindOf(response: Response): Kind {
  const type = response.request().resourceType();
  const contentType = response.headers()['content-type'] ?? '';
  if (type === 'document') return 'html';
  if (type === 'script' || /javascript/.test(contentType)) return 'js';
  if (type === 'stylesheet' || /text\/css/.test(contentType)) return 'css';
  if (type === 'font' || /font/.test(contentType)) return 'font';
  if (type === 'image' || /^image\//.test(contentType)) return 'image';
  if (type === 'fetch' || type === 'xhr' || /json/.test(contentType)) return 'data';
  return 'other';
}

interface PageWeight {
  name: string;
  path: string | null;
  before?: Weights;
  after?: Weights;
  proceeded?: string;
  external: string[];
  requests: { url: string; kind: Kind; bytes: number; gzip: number; phase: 'before' | 'after' }[];
}

async function scrollToEnd(page: Page): Promise<void> {
  await page.evaluate(async () => {
    for (let y = 0; y <= document.documentElement.scrollHeight; y += 300) {
      window.scrollTo(0, y);
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
  });
}

/** Requests of each page still waiting for their answer: the page has settled when none is, for a while. */
const inFlight = new WeakMap<Page, Set<unknown>>();

function track(page: Page): void {
  const pending = new Set<unknown>();
  inFlight.set(page, pending);
  page.on('request', (request) => pending.add(request));
  page.on('requestfinished', (request) => pending.delete(request));
  page.on('requestfailed', (request) => pending.delete(request));
}

async function settle(page: Page, timeoutMs = 60_000): Promise<void> {
  const pending = inFlight.get(page)!;
  const until = Date.now() + timeoutMs;
  let quietSince = Date.now();
  while (Date.now() < until) {
    if (pending.size > 0) quietSince = Date.now();
    else if (Date.now() - quietSince >= 750) return;
    await page.waitForTimeout(100);
  }
}

const NO_FORM = 'no donate form on this page';

/** Fills the donate form with a valid donation and submits it; says what happened. */
async function proceedToPay(page: Page): Promise<string> {
  const form = page.locator('astro-island form').first();
  if ((await form.count()) === 0) return NO_FORM;
  const pledge = page
    .waitForResponse((r) => new URL(r.url()).pathname === '/api/pledges' && r.request().method() === 'POST', { timeout: 30_000 })
    .catch(() => null);
  const radios = form.locator('input[type=radio]');
  if ((await radios.count()) > 0 && (await form.locator('input[type=radio]:checked').count()) === 0) await radios.first().check();
  const act = (action: Promise<unknown>) => action.catch(() => undefined);
  const inputs = await form.locator('input:visible').all();
  for (const input of inputs) {
    const { type, autocomplete, inputMode, value } = await input.evaluate((el) => {
      const field = el as HTMLInputElement;
      return { type: field.type, autocomplete: field.autocomplete, inputMode: field.inputMode, value: field.value };
    });
    if (type === 'email' || autocomplete === 'email') await act(input.fill('ada.lovelace@example.org', { timeout: 2_000 }));
    else if ((inputMode === 'decimal' || type === 'number') && !value) await act(input.fill('25', { timeout: 2_000 }));
    // Only the name: optional text fields such as the tax code must stay empty to be valid.
    else if (type === 'text' && autocomplete === 'name' && !value) await act(input.fill('Ada Lovelace', { timeout: 2_000 }));
  }
  // A form that hydrates at the donor's first touch (client:interaction) has started loading with the first
  // field filled: wait for it, as the donor's eyes would, before pressing the button.
  await page
    .waitForFunction(() => !document.querySelector('astro-island[client="interaction"][ssr]'), null, { timeout: 30_000 })
    .catch(() => undefined);
  const submit = () => form.locator('button[type=submit], button:not([type])').first().click({ timeout: 5_000 });
  await submit();
  // Boxes are ticked only when the form asks for them (consent), so options such as "anonymous" stay as they are.
  const early = await Promise.race([pledge, page.waitForTimeout(3_000).then(() => 'waiting' as const)]);
  if (early === 'waiting') {
    for (const box of await form.locator('input[type=checkbox][aria-invalid=true]').all()) await act(box.check({ timeout: 2_000 }));
    if (process.env['BENCH_DEBUG']) await page.screenshot({ path: '/tmp/bench-before-submit.png', fullPage: true });
    await submit();
  }
  const answer = await pledge;
  if (process.env['BENCH_DEBUG']) await page.screenshot({ path: `/tmp/bench-after-submit.png`, fullPage: true });
  if (!answer) return 'the form sent no pledge (its fields may have changed)';
  const body = (await answer.json().catch(() => ({}))) as { mode?: string };
  await settle(page);
  return answer.status() === 201 ? `pledge created (${body.mode ?? '?'} mode)` : `pledge refused with HTTP ${answer.status()}`;
}

async function measure(browser: Browser, origin: string, target: SitePage): Promise<PageWeight> {
  const result: PageWeight = { name: target.name, path: target.path, external: [], requests: [] };
  if (!target.path) return result;
  const context = await browser.newContext({
    viewport: { width: 412, height: 823 },
    deviceScaleFactor: 1.75,
    isMobile: true,
    hasTouch: true,
  });
  try {
    const page = await context.newPage();
    track(page);
    await page.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.origin === origin) return route.continue();
      // Nothing leaves the machine: third-party scripts (Stripe.js) are listed, not fetched.
      result.external.push(url.href);
      return route.abort();
    });
    let phase: 'before' | 'after' = 'before';
    const bodies: Promise<void>[] = [];
    const weights = { before: empty(), after: empty() };
    page.on('response', (response) => {
      if (new URL(response.url()).origin !== origin || response.status() === 204 || (response.status() >= 300 && response.status() < 400))
        return;
      const at = phase;
      bodies.push(
        response
          .body()
          .then((body) => {
            const kind = kindOf(response);
            const url = response.url().slice(origin.length);
            if (kind === 'html') {
              const inline = addDocument(weights[at], body.toString('utf8'));
              if (inline > 0) result.requests.push({ url: `${url} (inline scripts)`, kind: 'js', bytes: 0, gzip: inline, phase: at });
            }
            const gzip = kind === 'html' ? 0 : add(weights[at], kind, body);
            result.requests.push({ url, kind, bytes: body.length, gzip, phase: at });
          })
          .catch(() => undefined),
      );
    });
    await page.goto(origin + target.path, { waitUntil: 'load' });
    await settle(page);
    await scrollToEnd(page);
    await settle(page);
    await Promise.all(bodies.splice(0));
    phase = 'after';
    result.proceeded = await proceedToPay(page);
    await Promise.all(bodies.splice(0));
    result.before = weights.before;
    result.after = weights.after;
    return result;
  } finally {
    await context.close();
  }
}

export async function weightSection(origin: string, pages: SitePage[]): Promise<SectionResult> {
  const browser = await launchBrowser();
  const measured: PageWeight[] = [];
  try {
    for (const target of pages) measured.push(await measure(browser, origin, target));
  } finally {
    await browser.close();
  }
  const row = (page: PageWeight, when: 'before' | 'after'): (string | number)[] => {
    const weights = page[when];
    if (!weights) return [page.name, when, 'not present', '', '', '', '', '', '', ''];
    const cell = (kind: Kind) => `${kb(weights[kind].gzip)} / ${kb(weights[kind].brotli)}`;
    return [
      page.name,
      when,
      cell('js'),
      cell('css'),
      cell('html'),
      cell('font'),
      cell('data'),
      kb(weights.image.raw),
      `${kb(withoutImages(weights, 'gzip'))} / ${kb(withoutImages(weights, 'brotli'))}`,
      kb(withoutImages(weights, 'raw')),
    ];
  };
  const campaign = measured.find((page) => page.name === 'campaign page');
  const budgets: Budget[] = [];
  const check = (key: 'campaignJs' | 'campaignTotal' | 'homeJs' | 'listJs' | 'donateEmbedJs' | 'progressEmbedJs', bytes: number) => {
    const budget = BUDGETS[key];
    budgets.push({ key, name: budget.name, limit: kb(budget.limit), value: kb(bytes), pass: bytes <= budget.limit });
  };
  const before = (name: string) => measured.find((page) => page.name === name)?.before;
  if (campaign?.before) {
    check('campaignJs', campaign.before.js.gzip);
    check('campaignTotal', withoutImages(campaign.before, 'gzip'));
  }
  for (const [name, key] of [
    ['home', 'homeJs'],
    ['campaigns list', 'listJs'],
    ['embed: donate', 'donateEmbedJs'],
    ['embed: progress', 'progressEmbedJs'],
  ] as const) {
    const weights = before(name);
    if (weights) check(key, weights.js.gzip);
  }
  const jsOf = (page: PageWeight | undefined) =>
    page?.requests
      .filter((r) => r.kind === 'js' && r.phase === 'before')
      .sort((a, b) => b.gzip - a.gzip)
      .map((r) => `${r.url.replace(/^\/_astro\//, '')} ${kb(r.gzip)}`)
      .join(', ');
  const externals = [...new Set(measured.flatMap((page) => page.external.map((url) => new URL(url).origin)))];
  return {
    id: 'weight',
    title: '2. Page weight (Chromium, mobile viewport, Stripe mode against a local fake API)',
    tables: [
      {
        caption:
          'gzip / brotli per kind; "after" is only what proceeding to pay adds; images are listed as transferred and left out of the total',
        head: ['page', 'when', 'JS', 'CSS', 'HTML', 'fonts', 'API data', 'images', 'total without images', 'uncompressed'],
        rows: measured.flatMap((page) =>
          page.before && page.proceeded !== NO_FORM ? [row(page, 'before'), row(page, 'after')] : [row(page, 'before')],
        ),
      },
    ],
    notes: [
      ...measured
        .filter((page) => page.path)
        .map((page) => `${page.name} (${page.path}): ${page.proceeded === NO_FORM ? NO_FORM : `proceeding to pay: ${page.proceeded}`}.`),
      ...measured.filter((page) => !page.path).map((page) => `${page.name}: not present in this build.`),
      ...(campaign?.before ? [`Campaign page JavaScript before paying, gzip each: ${jsOf(campaign)}.`] : []),
      ...(externals.length > 0 ? [`Requested from outside the site and not counted (blocked offline): ${externals.join(', ')}.`] : []),
    ],
    budgets,
    data: { pages: measured },
  };
}
