/**
 * The embeds as an organisation uses them: the snippet copied from the campaign page, pasted into a page
 * of another origin, showing live progress and taking a donation (demo mode: the e2e site has no keys).
 */
import AxeBuilder from '@axe-core/playwright';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { hydrated } from '../support/islands.ts';

const SLUG = 'esempio-compiti-insieme-favaro';
const siteUrl = inject('siteUrl');
const eventually = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 10_000 });

let browser: Browser;
let context: BrowserContext;
let page: Page;
let host: Server;
let hostUrl: string;
/** The HTML the "organisation's site" serves, set by each test. */
let hostPage = '';

beforeAll(async () => {
  browser = await launchBrowser();
  host = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(hostPage));
  await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
  // 127.0.0.1 against the site's localhost: another origin, as an organisation's own website is.
  hostUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}/`;
  expect(new URL(hostUrl).origin).not.toBe(new URL(siteUrl).origin);
});
afterAll(async () => {
  await browser?.close();
  host?.closeAllConnections();
  await new Promise((resolve) => host?.close(resolve));
});
beforeEach(async () => {
  context = await browser.newContext({ locale: 'it-IT' });
  page = await context.newPage();
});
afterEach(async () => {
  await context.close();
});

/** The code an organisation copies from "Incorpora sul tuo sito", with its choices made. */
async function copySnippet(choices: { widget: 'Avanzamento della raccolta' | 'Modulo per donare'; english?: boolean }) {
  await page.goto(`${siteUrl}/campagne/${SLUG}/`);
  const section = page.locator('section.embed-code');
  // Closed until asked for: nothing of it loads before.
  await section.locator('summary').click();
  await hydrated(page, '.embed-code__body');
  await section.getByRole('radio', { name: choices.widget }).check();
  if (choices.english) await section.getByRole('radio', { name: 'English' }).check();
  // The preview is a second page with its own scripts: it loads only when asked for.
  expect(await section.locator('iframe').count()).toBe(0);
  await section.getByTestId('embed-preview-show').click();
  await section.getByTestId('embed-preview').waitFor();
  return (await section.getByTestId('embed-code').inputValue()).trim();
}

function pasteIntoHostPage(snippet: string, extra = '') {
  hostPage = `<!doctype html><html lang="it"><head><meta charset="utf-8"><title>Associazione di esempio</title></head>
    <body><h1>Il nostro progetto</h1>${snippet}${extra}</body></html>`;
}

const embedFrame = () => page.frameLocator('iframe[data-civic-embed]');
const frameHeight = () =>
  page.locator('iframe[data-civic-embed]').evaluate((frame) => (frame as HTMLIFrameElement).getBoundingClientRect().height);

// Two cores shared by several engineers: a browser, a host page, an iframe and the server take their time.
describe('the embed snippet on another site', { timeout: 120_000 }, () => {
  it('shows live progress, fits its content, and takes a donation in demo mode', async () => {
    const snippet = await copySnippet({ widget: 'Modulo per donare' });
    const axe = await new AxeBuilder({ page })
      .include('section.embed-code')
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);
    expect(snippet).toContain(`${siteUrl}/embed/${SLUG}/donate/`);
    expect(snippet).toContain(`${siteUrl}/embed/resize.js`);
    pasteIntoHostPage(snippet);
    await page.goto(hostUrl);

    const frame = embedFrame();
    const raised = frame.getByTestId('raised');
    await raised.waitFor();
    // The figures are in the HTML from the build; the live count is the API's.
    const { donors } = (await (await fetch(`${siteUrl}/api/campaigns/${SLUG}/progress`)).json()) as { donors: number };
    const donations = frame.getByTestId('donors');
    expect(await frame.locator('.embed__demo').textContent()).toMatch(/Modalità dimostrativa/);

    // The host's iframe takes the height the embedded page reports, not the snippet's starting guess.
    const contentHeight = async () => frame.locator('html').evaluate((html) => Math.ceil(html.getBoundingClientRect().height));
    await eventually(async () => Math.abs((await frameHeight()) - (await contentHeight()))).toBeLessThanOrEqual(1);

    await hydrated(frame, '.donate');
    await frame.getByLabel('Nome e cognome').fill('Lina Bo Bardi');
    await frame.getByLabel('E-mail (per la ricevuta)').fill('lina@example.org');
    await frame.getByRole('checkbox', { name: /informativa sulla privacy/ }).check();
    const heightOfForm = await frameHeight();
    await frame.getByRole('button', { name: 'Continua' }).click();
    await frame.getByRole('button', { name: 'Simula il pagamento' }).click();
    await frame.getByRole('heading', { name: 'Grazie!' }).waitFor();
    await eventually(() => donations.textContent()).toMatch(new RegExp(`^${donors + 1}\\sdonazion`));
    await eventually(async () => Math.abs((await frameHeight()) - (await contentHeight()))).toBeLessThanOrEqual(1);
    expect(await frameHeight()).not.toBe(heightOfForm);
  });

  it('speaks English when the snippet asks for it', async () => {
    pasteIntoHostPage(await copySnippet({ widget: 'Modulo per donare', english: true }));
    await page.goto(hostUrl);
    await embedFrame().getByRole('heading', { name: 'Give to this campaign' }).waitFor();
    expect(await embedFrame().locator('html').getAttribute('lang')).toBe('en');
    await eventually(() => embedFrame().getByTestId('raised').textContent()).toMatch(/^€[\d,.]+\sraised by citizens of €/);
  });

  it('ignores resize messages that do not come from the embedded page', async () => {
    pasteIntoHostPage(await copySnippet({ widget: 'Avanzamento della raccolta' }));
    await page.goto(hostUrl);
    await embedFrame().getByTestId('raised').waitFor();
    const contentHeight = () =>
      embedFrame()
        .locator('html')
        .evaluate((html) => Math.ceil(html.getBoundingClientRect().height));
    await eventually(async () => Math.abs((await frameHeight()) - (await contentHeight()))).toBeLessThanOrEqual(1);
    const fitted = await frameHeight();
    await page.evaluate(() => window.postMessage({ type: 'civic-embed:resize', height: 3000 }, '*'));
    await page.waitForTimeout(300);
    expect(await frameHeight()).toBe(fitted);
  });

  it('frames only the embed pages: any other page of the site refuses to be framed by another site', async () => {
    pasteIntoHostPage(
      await copySnippet({ widget: 'Avanzamento della raccolta' }),
      `<iframe name="campaign-page" title="pagina della campagna" src="${siteUrl}/campagne/${SLUG}/"></iframe>`,
    );
    await page.goto(hostUrl);
    await embedFrame().getByTestId('raised').waitFor();
    const campaignFrame = page.frame({ name: 'campaign-page' })!;
    // Chromium replaces a frame whose page refuses to be framed with its own error page.
    await eventually(() => Promise.resolve(campaignFrame.url())).toMatch(/^chrome-error:/);
    expect(await campaignFrame.locator('.site-header').count()).toBe(0);
  });

  it('can be used with the keyboard alone and passes axe', async () => {
    await page.goto(`${siteUrl}/embed/${SLUG}/donate/`);
    await hydrated(page, '.donate');
    const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);

    const focused = () =>
      page.evaluate(() => document.activeElement?.closest('label')?.textContent?.trim() ?? document.activeElement?.textContent?.trim());
    // The amounts are one radio group: Tab enters it at the chosen amount, arrows move within it.
    await page.locator('.donate input[type="radio"]:checked').focus();
    expect(await focused()).toMatch(/^25\s€/);
    await page.keyboard.press('ArrowRight');
    expect(await focused()).toMatch(/^50\s€/);
    // Then the field for another amount (always there, so the form works without JavaScript), then anonymity.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('otherEuros');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Dona in forma anonima');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Ada Lovelace');
    await page.keyboard.press('Tab');
    await page.keyboard.type('ada@example.org');
    for (let i = 0; i < 10 && !/informativa/.test((await focused()) ?? ''); i++) await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await page.keyboard.press('Enter');
    // Focus moves to the new step's heading, so a screen reader announces it.
    await eventually(focused).toMatch(/^Pagamento di 50\s€/);
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Simula il pagamento');
    await page.keyboard.press('Enter');
    await eventually(focused).toBe('Grazie!');
  });
});
