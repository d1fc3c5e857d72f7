/**
 * The donate widget in Stripe mode, in Chromium, against the served site (own build, PostgreSQL, fake
 * Stripe API) with Stripe.js replaced by a stand-in that behaves like it (tests/support/stripe-js-stand-in.ts).
 */
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { hydrated } from '../support/islands.ts';
import { BUDGETS } from '../support/budgets.ts';
import { kb, weighJs } from '../support/js-weight.ts';
import { blockStripeJs, CARDS, DECLINED_MESSAGE, installStripeStandIn, type StandIn } from '../support/stripe-js-stand-in.ts';
import { startStripeSite, STRIPE_SITE_KEYS, type StripeSite } from '../support/stripe-site.ts';
import { donorReceiptUrl } from '../../src/server/receipts/link.ts';
import { extractText, getDocumentProxy } from 'unpdf';
import { stripeEvent } from '../support/stripe-events.ts';

const ORTI = 'esempio-orti-condivisi-marghera';
const NONNI = 'esempio-nonni-in-rete-lido';
const COMPITI = 'esempio-compiti-insieme-favaro';
/** The organisations that receive the donations of the three campaigns (content/campaigns/*.md). */
const PAYEES = ['esempio-cooperativa-filo-verde', 'esempio-volontari-della-laguna', 'esempio-ponti-di-quartiere'];

let site: StripeSite;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let cspViolations: string[];

beforeAll(async () => {
  [site, browser] = await Promise.all([startStripeSite(), launchBrowser()]);
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await site?.close();
});
beforeEach(async () => {
  site.stripe.reset();
  // The reset forgot the connected accounts: the payees of the example campaigns onboard again.
  await site.db.query('DELETE FROM connected_accounts');
  await site.readyPayees(PAYEES);
  context = await browser.newContext({ locale: 'it-IT' });
  page = await context.newPage();
  cspViolations = [];
  page.on('console', (message) => {
    if (/Content.Security.Policy|Refused to/i.test(message.text())) cspViolations.push(message.text());
  });
});
afterEach(async () => {
  await context.close();
  expect(cspViolations).toEqual([]);
});

const paymentIntentCreations = () =>
  site.stripe.requests.filter((r) => r.method === 'POST' && r.path === '/v1/payment_intents' && r.status === 200);
const pledgesOf = async (campaign: string) =>
  (await site.db.query<{ status: string }>('SELECT status FROM pledges WHERE campaign = $1 ORDER BY created_at', [campaign])).rows.map(
    (row) => row.status,
  );

async function fillForm(campaign: string, donor = { name: 'Ada Lovelace', email: 'ada@example.org' }) {
  if (!page.url().includes(`/${campaign}/`)) await page.goto(`${site.url}/campagne/${campaign}/`);
  await hydrated(page, '.donate');
  const form = page.locator('.donate');
  await form.getByLabel('Nome e cognome').fill(donor.name);
  await form.getByLabel('E-mail (per la ricevuta)').fill(donor.email);
  await form.getByRole('checkbox', { name: /informativa sulla privacy/ }).check();
}

async function proceedToPayment() {
  await page.getByRole('button', { name: 'Continua' }).click();
  await page.getByRole('heading', { name: /Pagamento di 25\s€/ }).waitFor();
  await page.locator('input[name="stand-in-card"]').waitFor();
}

async function pay(card: string) {
  await page.locator('input[name="stand-in-card"]').fill(card);
  await page.getByRole('button', { name: 'Dona ora' }).click();
}

describe('donating with Stripe', () => {
  let standIn: StandIn;
  beforeEach(async () => {
    standIn = await installStripeStandIn(page, site.stripe);
  });

  it('loads no Stripe code until the donor proceeds, then succeeds, thanks, and the progress moves after the signed webhook', async () => {
    const stripeRequests: string[] = [];
    page.on('request', (request) => {
      if (request.url().startsWith('https://js.stripe.com/')) stripeRequests.push(request.url());
    });
    await fillForm(ORTI);
    await expect.poll(() => page.getByTestId('raised').textContent(), { timeout: 10_000 }).toMatch(/^0\s€\sraccolti dai cittadini/);
    expect(stripeRequests).toEqual([]);
    expect(await page.locator('.demo-banner').count()).toBe(0);

    await proceedToPayment();
    expect(stripeRequests).toEqual(['https://js.stripe.com/endive/stripe.js']);
    // Focus follows the step, so a screen reader hears where the donor is.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toMatch(/Pagamento di 25\s€/);

    const [creation] = paymentIntentCreations();
    expect(paymentIntentCreations()).toHaveLength(1);
    const [pledge] = (await site.db.query<{ id: string }>('SELECT id FROM pledges WHERE campaign = $1', [ORTI])).rows;
    expect(creation!.body).toMatchObject({
      amount: '2500',
      currency: 'eur',
      receipt_email: 'ada@example.org',
      metadata: { pledgeId: pledge!.id, campaign: ORTI },
    });
    expect(creation!.idempotencyKey).toBe(`pledge-${pledge!.id}`);

    await pay(CARDS.succeeds);
    await page.getByRole('heading', { name: 'Grazie!' }).waitFor();
    expect(await page.getByRole('status').filter({ hasText: 'registrata' }).textContent()).toMatch(/25\s€ è stata registrata/);
    const summary = page.getByTestId('donation-summary');
    expect(await summary.textContent()).toContain('Stripe invia la ricevuta del pagamento a ada@example.org');
    expect(await summary.getByRole('button', { name: 'Stampa il riepilogo' }).isVisible()).toBe(true);

    // The money counts when Stripe says so, through the signed webhook, not when the browser does.
    expect(await page.getByTestId('donors').textContent()).toMatch(/^0\sdonazioni$/);
    expect(standIn.settled.map((pi) => pi.status)).toEqual(['succeeded']);
    expect((await site.deliver(stripeEvent('payment_intent.succeeded', standIn.settled[0]!))).status).toBe(200);
    await expect.poll(() => page.getByTestId('raised').textContent(), { timeout: 20_000 }).toMatch(/^25\s€\sraccolti dai cittadini/);
    expect(await page.getByTestId('donors').textContent()).toMatch(/^1\sdonazione$/);
    await expect.poll(() => summary.textContent(), { timeout: 10_000 }).toContain('confermata');
    expect(await pledgesOf(ORTI)).toEqual(['succeeded']);
  });

  it('a donor with a tax code pays and downloads the art. 83 receipt the organisation issues, as a PDF naming both tax codes and the amount', async () => {
    await fillForm(ORTI, { name: 'Grace Hopper', email: 'grace@example.org' });
    await page
      .locator('.donate')
      .getByLabel(/Codice fiscale/)
      .fill('rssmra85t10a562s');
    await proceedToPayment();
    await pay(CARDS.succeeds);
    await page.getByRole('heading', { name: 'Grazie!' }).waitFor();
    expect((await site.deliver(stripeEvent('payment_intent.succeeded', standIn.settled[0]!))).status).toBe(200);
    // Earlier tests gave to the same campaign: this donation is the one its PaymentIntent names.
    const pledgeId = standIn.settled[0]!.metadata['pledgeId']!;
    // The link the thank-you e-mail carries, opened by the donor's browser.
    const link = donorReceiptUrl({ receiptSecret: STRIPE_SITE_KEYS.receiptSecret }, pledgeId, site.url)!;
    const download = await page.evaluate(async (url) => {
      const response = await fetch(url);
      return {
        status: response.status,
        type: response.headers.get('content-type'),
        bytes: [...new Uint8Array(await response.arrayBuffer())],
      };
    }, link);
    expect(download).toMatchObject({ status: 200, type: 'application/pdf' });
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(download.bytes)), { mergePages: true });
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('Codice fiscale: 11111111115'); // the example organisation's invented, valid-format code
    expect(flat).toContain('RSSMRA85T10A562S');
    expect(flat).toMatch(/25,00\s€/);
    expect(flat).toContain('euro venticinque/00');
    expect(flat).toContain('Grace Hopper');
    const tampered = await page.evaluate(async (url) => (await fetch(url.replace(/token=.*/, `token=${'A'.repeat(43)}`))).status, link);
    expect(tampered).toBe(404);
  });

  it('while the organisation’s payment account is not ready, says donations open soon, charges nothing and shows the other ways to give', async () => {
    await site.db.query("DELETE FROM connected_accounts WHERE organisation = 'esempio-cooperativa-filo-verde'");
    await fillForm(ORTI);
    await page.getByRole('button', { name: 'Continua' }).click();
    const alert = page.locator('.donate .donate__message[role="alert"]');
    await expect
      .poll(() => alert.textContent(), { timeout: 10_000 })
      .toMatch(/si aprono a breve.*Non è stato addebitato nulla\. Puoi donare anche così: Puoi donare anche con un bonifico/);
    expect(site.stripe.paymentIntents.size).toBe(0);
    expect(await page.locator('input[name="stand-in-card"]').count()).toBe(0);
    const axe = await new AxeBuilder({ page }).include('.donate').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);
  });

  it('shows a declined card in Stripe words, and the retry pays the same pledge with no duplicate', async () => {
    await fillForm(NONNI);
    await proceedToPayment();
    await pay(CARDS.declined);
    const alert = page.locator('.donate [role="alert"]');
    await expect.poll(() => alert.textContent(), { timeout: 10_000 }).toBe(DECLINED_MESSAGE);
    expect(await page.getByRole('button', { name: 'Dona ora' }).isEnabled()).toBe(true);

    await pay(CARDS.succeeds);
    await page.getByRole('heading', { name: 'Grazie!' }).waitFor();
    expect(standIn.settled.map((pi) => pi.status)).toEqual(['requires_payment_method', 'succeeded']);
    expect(new Set(standIn.settled.map((pi) => pi.id)).size).toBe(1);
    expect(paymentIntentCreations()).toHaveLength(1);
    await site.deliver(stripeEvent('payment_intent.succeeded', standIn.settled[1]!));
    await expect.poll(() => pledgesOf(NONNI), { timeout: 10_000 }).toEqual(['succeeded']);
  });

  it('creates one pledge and one PaymentIntent however fast the donor clicks twice, and confirms once', async () => {
    await fillForm(COMPITI);
    await page.getByRole('button', { name: 'Continua' }).dblclick();
    await page.locator('input[name="stand-in-card"]').waitFor();
    await page.locator('input[name="stand-in-card"]').fill(CARDS.succeeds);
    await page.getByRole('button', { name: 'Dona ora' }).dblclick();
    await page.getByRole('heading', { name: 'Grazie!' }).waitFor();
    expect(paymentIntentCreations()).toHaveLength(1);
    expect(await pledgesOf(COMPITI)).toHaveLength(1);
    expect(await page.evaluate(() => (window as unknown as { __standIn: { confirmCalls: number } }).__standIn.confirmCalls)).toBe(1);
  });

  it('brings the donor back from a redirect to the result page, which reads the pledge until the webhook confirms it', async () => {
    await fillForm(ORTI, { name: 'Grace Hopper', email: 'grace@example.org' });
    await proceedToPayment();
    await pay(CARDS.redirects);
    await page.waitForURL(/\/donazione\/esito\/\?pledge=.+&redirect_status=succeeded/);
    const result = page.locator('.result');
    await expect.poll(() => result.getAttribute('data-status'), { timeout: 10_000 }).toBe('pending');
    expect(await result.getByRole('status').textContent()).toMatch(/in lavorazione/);
    await site.deliver(stripeEvent('payment_intent.succeeded', standIn.settled[0]!));
    await expect.poll(() => result.getAttribute('data-status'), { timeout: 20_000 }).toBe('succeeded');
    expect(await result.getByRole('status').textContent()).toMatch(/Grazie! La tua donazione di 25\s€ è confermata/);
    expect(await page.getByTestId('donation-summary').textContent()).toContain('Orti condivisi');
  });

  it('says a delayed method (SEPA) is being processed', async () => {
    await fillForm(NONNI);
    await proceedToPayment();
    await pay(CARDS.processing);
    await page.getByRole('heading', { name: 'Grazie!' }).waitFor();
    expect(await page.locator('.donate [role="status"]').first().textContent()).toMatch(/in lavorazione/);
  });

  it('announces field errors, moves focus to the first one, and shows Stripe validation errors as Stripe gives them', async () => {
    await page.goto(`${site.url}/campagne/${ORTI}/`);
    await hydrated(page, '.donate');
    await page.getByRole('button', { name: 'Continua' }).click();
    await expect.poll(() => page.locator('.donate [role="alert"]').textContent(), { timeout: 10_000 }).toBe('Controlla i campi segnalati.');
    await expect
      .poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.labels?.[0]?.textContent), { timeout: 10_000 })
      .toBe('Nome e cognome');
    const axe = await new AxeBuilder({ page }).include('.donate').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);
    await fillForm(ORTI);
    await proceedToPayment();
    await page.getByRole('button', { name: 'Dona ora' }).click();
    await expect
      .poll(() => page.locator('.donate [role="alert"]').textContent(), { timeout: 10_000 })
      .toBe('Il numero della carta è incompleto.');
    expect(paymentIntentCreations()).toHaveLength(1);
  });
});

describe('giving without JavaScript in Stripe mode', () => {
  it('the form posts to the server, which sends the donor to a Checkout Session for the same pledge (amount fixed by the server, same metadata), counted by the webhook', async () => {
    const noJs = await browser.newContext({ locale: 'it-IT', javaScriptEnabled: false });
    try {
      const donor = await noJs.newPage();
      donor.on('console', (message) => {
        if (/Content.Security.Policy|Refused to/i.test(message.text())) cspViolations.push(message.text());
      });
      // Stripe's hosted page is third party and offline here: a stand-in answers for it and records the visit.
      const visited: string[] = [];
      await donor.route('https://checkout.stripe.com/**', (route) => {
        visited.push(route.request().url());
        return route.fulfill({
          status: 200,
          contentType: 'text/html',
          body: '<!doctype html><html lang="en"><title>Checkout</title><h1>Stripe Checkout</h1></html>',
        });
      });
      const progressOf = async () =>
        ((await (await fetch(`${site.url}/api/campaigns/${NONNI}/progress`)).json()) as { raisedCents: number }).raisedCents;
      const before = await progressOf();
      await donor.goto(`${site.url}/campagne/${NONNI}/`);
      const form = donor.locator('#dona form');
      await form.getByRole('radio', { name: 'Altro importo' }).check();
      await form.getByLabel('Importo in euro').fill('42');
      await form.getByLabel('Nome e cognome').fill('Grace Hopper');
      await form.getByLabel('E-mail (per la ricevuta)').fill('grace@example.org');
      await form.getByRole('checkbox', { name: /informativa sulla privacy/ }).check();
      await form.getByRole('button', { name: 'Continua' }).click();
      await donor.waitForURL(/^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_test_/);

      const sessionId = new URL(visited[0]!).pathname.split('/').pop()!;
      const session = site.stripe.checkoutSessions.get(sessionId)!;
      const { rows } = await site.db.query<{ id: string; amount_cents: number; status: string }>(
        'SELECT id, amount_cents, status FROM pledges WHERE campaign = $1 ORDER BY created_at DESC LIMIT 1',
        [NONNI],
      );
      const pledge = rows[0]!;
      expect([pledge.amount_cents, pledge.status]).toEqual([4200, 'pending']);
      expect(session).toMatchObject({
        amount_total: 4200,
        currency: 'eur',
        mode: 'payment',
        client_reference_id: pledge.id,
        metadata: { pledgeId: pledge.id, campaign: NONNI },
      });
      expect(session.success_url).toBe(`${site.url}/donazione/esito/?pledge=${pledge.id}&campaign=${NONNI}`);
      expect(paymentIntentCreations()).toEqual([]);

      const { session: paid, paymentIntent } = site.stripe.completeCheckoutSession(sessionId);
      expect(paymentIntent.metadata).toEqual({ pledgeId: pledge.id, campaign: NONNI });
      expect((await site.deliver(stripeEvent('checkout.session.completed', paid))).status).toBe(200);
      const after = await site.db.query<{ status: string }>('SELECT status FROM pledges WHERE id = $1', [pledge.id]);
      expect(after.rows[0]?.status).toBe('succeeded');
      expect((await progressOf()) - before).toBe(4200);
    } finally {
      await noJs.close();
    }
  });
});

describe('weight of the JavaScript shipped', () => {
  beforeEach(async () => {
    await installStripeStandIn(page, site.stripe);
  });

  it.each([
    { page: 'campaign page', path: `/campagne/${ORTI}/`, budgetBefore: BUDGETS.campaignJs.limit },
    { page: 'donate embed', path: `/embed/${ORTI}/donate/`, budgetBefore: BUDGETS.donateEmbedJs.limit },
  ])('the $page ships no Stripe code and stays within its budget until the donor proceeds', async ({ page: name, path, budgetBefore }) => {
    const weight = weighJs(page, site.url);
    await page.goto(`${site.url}${path}`);
    // Every island a reader can reach in view once, so that "before" is all the page ever loads without paying
    // (the embed code, in a closed <details>, loads only for an organisation that opens it; the donate form at
    // the donor's first touch, which is where proceeding starts).
    const reachable = 'astro-island:not(details:not([open]) astro-island)';
    for (const island of await page.locator(`${reachable} > :first-child`).all()) await island.scrollIntoViewIfNeeded();
    await page.waitForLoadState('networkidle');
    expect(await page.locator(`${reachable}[ssr]:not([client="interaction"])`).count()).toBe(0);
    const before = weight.gzipBytes();
    const filesBefore = [...weight.files.keys()];
    expect(filesBefore.some((file) => /pure|stripe/i.test(file))).toBe(false);
    expect(before, [...weight.files].map(([file, bytes]) => `${file} ${kb(bytes)}`).join(', ')).toBeLessThan(budgetBefore);

    await fillForm(ORTI);
    await proceedToPayment();
    await page.waitForLoadState('networkidle');
    const after = weight.gzipBytes();
    const added = [...weight.files.keys()].filter((file) => !filesBefore.includes(file));
    expect(added.some((file) => /pure/.test(file))).toBe(true);
    const addedSizes = added.map((file) => `${file} ${kb(weight.files.get(file)!)}`).join(', ');
    console.log(
      `JS (gzip) ${name}: ${kb(before)} before proceeding, ${kb(after)} after (${addedSizes}), plus Stripe.js from js.stripe.com`,
    );
  });

  it('the progress embed stays small', async () => {
    const weight = weighJs(page, site.url);
    await page.goto(`${site.url}/embed/${ORTI}/progress/`);
    await page.getByTestId('raised').waitFor();
    await page.waitForLoadState('networkidle');
    expect(weight.gzipBytes()).toBeLessThan(BUDGETS.progressEmbedJs.limit);
    console.log(`JS (gzip) progress embed: ${kb(weight.gzipBytes())}`);
  });
});

describe('when Stripe.js cannot load', () => {
  it('says so calmly, charges nothing, and offers the other ways to give the campaign lists', async () => {
    await blockStripeJs(page);
    await fillForm(ORTI);
    await page.getByRole('button', { name: 'Continua' }).click();
    const alert = page.locator('.donate__unavailable');
    await alert.waitFor();
    expect(await alert.getAttribute('role')).toBe('alert');
    expect(await alert.textContent()).toMatch(/Il modulo di pagamento sicuro non si è caricato.*Non è stato addebitato nulla/);
    expect(await alert.textContent()).toMatch(/Puoi donare anche così: Puoi donare anche con un bonifico/);
    expect(site.stripe.paymentIntents.size).toBe(1);
    expect([...site.stripe.paymentIntents.values()].map((pi) => pi.status)).toEqual(['requires_payment_method']);
  });
});
