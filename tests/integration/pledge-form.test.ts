/**
 * The donate form without JavaScript: `POST /donazione/modulo` (urlencoded, same-origin only) against a real
 * PostgreSQL, in demo mode and in Stripe mode against the fake Stripe API with its Checkout Sessions.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { getCampaignProgress } from '../../src/server/http/routes.ts';
import { pledgeFormStep, postPledgeForm } from '../../src/server/http/pledge-form.ts';
import type { App } from '../../src/server/app.ts';
import { testApp, testCall, testCampaign, testCatalog } from '../support/app.ts';
import { stripeEvent } from '../support/stripe-events.ts';
import { useStripeMode } from '../support/stripe-mode.ts';

const ORIGIN = 'http://localhost';
const WEBHOOK_SECRET = 'whsec_test_secret_for_integration';
const call = testCall();
const catalog = testCatalog([call], [testCampaign(call, 'orti', { suggestedAmountsCents: [1000, 2500, 5000] })]);

const mode = useStripeMode({ catalog, webhookSecret: WEBHOOK_SECRET, payee: 'org' });
// The same database in demo mode: the form's confirmation step stands in for Stripe.
let demo: App;
let ip = 0;
beforeAll(() => {
  demo = testApp({ db: mode.database.appDb, catalog });
});

const complete = {
  campaign: 'orti',
  locale: 'it',
  amount: '2500',
  otherEuros: '',
  name: 'Ada Lovelace',
  email: 'ada@example.org',
  taxCode: '',
  message: '',
  privacy: '1',
};

function formRequest(fields: Record<string, string>, headers: Record<string, string> = {}, path = '/donazione/modulo'): Request {
  return new Request(`${ORIGIN}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN, ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

const send = (app: App, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  postPledgeForm(app, formRequest(fields, headers), `203.0.113.${++ip % 250}`);
const pledges = async () =>
  (
    await mode.database.db.query<{ id: string; amount_cents: number; status: string; donor_email: string }>(
      'SELECT id, amount_cents, status, donor_email FROM pledges',
    )
  ).rows;

describe('POST /donazione/modulo refuses what is not a form from this site', () => {
  it('another Origin gets 403 and no pledge', async () => {
    const response = await send(demo, complete, { origin: 'https://evil.example' });
    expect(response.status).toBe(403);
    expect(await pledges()).toEqual([]);
  });

  it('a POST without Origin gets 403', async () => {
    const request = new Request(`${ORIGIN}/donazione/modulo`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(complete).toString(),
    });
    expect((await postPledgeForm(demo, request, '203.0.113.9')).status).toBe(403);
  });

  it('a JSON body gets 415 and no pledge', async () => {
    const response = await postPledgeForm(
      demo,
      new Request(`${ORIGIN}/donazione/modulo`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: ORIGIN },
        body: JSON.stringify(complete),
      }),
      '203.0.113.10',
    );
    expect(response.status).toBe(415);
    expect(await pledges()).toEqual([]);
  });
});

describe('POST /donazione/modulo with mistakes answers the form again, values kept, errors in the page language', () => {
  it('Italian: every field at fault named in our words, with the summary on top; what was typed is still there', async () => {
    const response = await send(demo, { ...complete, name: '', email: 'ada@', privacy: '', message: 'Forza <orti>!' });
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toContain('text/html');
    const html = await response.text();
    expect(html).toContain('<html lang="it"');
    expect(html).toContain('data-testid="error-summary"');
    expect(html).toContain('Scrivi il tuo nome, oppure scegli di donare in forma anonima.');
    expect(html).toContain('Scrivi un indirizzo e-mail valido: serve per la ricevuta.');
    expect(html).toContain('Per donare serve il consenso al trattamento dei dati personali.');
    expect(html).toContain('value="ada@"');
    expect(html).toContain('Forza &lt;orti&gt;!');
    expect(html).toContain('value="2500" id="importo-scelta" checked');
    expect(html).toContain('href="/donazione.css"');
    expect(html).not.toMatch(/Invalid|expected string|received/);
    expect(await pledges()).toEqual([]);
  });

  it('English, with English number format for the limits', async () => {
    const html = await (await send(demo, { ...complete, locale: 'en', amount: 'other', otherEuros: '1' })).text();
    expect(html).toContain('<html lang="en"');
    expect(html).toContain('The amount must be between €5 and €5,000.');
    expect(html).toContain('href="/en/privacy/"');
  });

  it('an unknown campaign gets a calm 404 page', async () => {
    const response = await send(demo, { ...complete, campaign: 'nessuna' });
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('Questa campagna non raccoglie donazioni su questa piattaforma.');
  });
});

describe('demo mode: form, confirmation step, result', () => {
  it('creates the pledge, shows the confirmation, confirms it through the ledger and shows the result', async () => {
    const response = await send(demo, { ...complete, amount: 'other', otherEuros: '12,50' });
    expect(response.status).toBe(303);
    const [pledge] = await pledges();
    expect(pledge).toMatchObject({ amount_cents: 1250, status: 'pending', donor_email: 'ada@example.org' });
    const step = response.headers.get('location')!;
    expect(step).toBe(`/donazione/conferma/${pledge!.id}`);

    const confirm = await pledgeFormStep(demo, new Request(`${ORIGIN}${step}`), pledge!.id);
    expect(confirm.status).toBe(200);
    const confirmHtml = await confirm.text();
    expect(confirmHtml).toContain('Pagamento di 12,50');
    expect(confirmHtml).toContain(`<form method="post" action="/donazione/conferma/${pledge!.id}">`);

    const crossSite = await pledgeFormStep(demo, formRequest({}, { origin: 'https://evil.example' }, step), pledge!.id);
    expect(crossSite.status).toBe(403);

    const confirmed = await pledgeFormStep(demo, formRequest({}, {}, step), pledge!.id);
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.get('location')).toBe(step);
    const progress = (await (await getCampaignProgress(demo, { slug: 'orti' })).json()) as { raisedCents: number; donors: number };
    expect([progress.raisedCents, progress.donors]).toEqual([1250, 1]);

    const result = await (await pledgeFormStep(demo, new Request(`${ORIGIN}${step}`), pledge!.id)).text();
    expect(result).toContain('data-status="succeeded"');
    expect(result).toContain('Grazie! La tua donazione di 12,50');
    expect(result).not.toContain('ada@example.org');

    // Confirming again changes nothing.
    await pledgeFormStep(demo, formRequest({}, {}, step), pledge!.id);
    const again = (await (await getCampaignProgress(demo, { slug: 'orti' })).json()) as { raisedCents: number };
    expect(again.raisedCents).toBe(1250);
  });
});

describe('Stripe mode: a Checkout Session for the same pledge, counted by the same webhooks', () => {
  it('answers 303 to Checkout with the amount fixed by the server and the pledge metadata; checkout.session.completed counts it once', async () => {
    const response = await send(mode.app, { ...complete, amount: '5000' });
    expect(response.status).toBe(303);
    const [pledge] = await pledges();
    const [session] = [...mode.stripe.checkoutSessions.values()];
    expect(response.headers.get('location')).toBe(session!.url);
    expect(session!.url).toMatch(/^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_test_/);
    expect(session).toMatchObject({
      amount_total: 5000,
      currency: 'eur',
      mode: 'payment',
      customer_email: 'ada@example.org',
      client_reference_id: pledge!.id,
      metadata: { pledgeId: pledge!.id, campaign: 'orti' },
      success_url: `${ORIGIN}/donazione/esito/?pledge=${pledge!.id}&campaign=orti`,
      cancel_url: `${ORIGIN}/campagne/orti/`,
      locale: 'it',
    });
    expect(mode.stripe.requests.find((r) => r.path === '/v1/checkout/sessions')?.idempotencyKey).toBe(`checkout-${pledge!.id}`);

    const { session: paid, paymentIntent } = mode.stripe.completeCheckoutSession(session!.id);
    expect(paymentIntent.metadata).toEqual({ pledgeId: pledge!.id, campaign: 'orti' });
    const first = await mode.deliver(stripeEvent('checkout.session.completed', paid));
    expect(await first.json()).toEqual({ received: true, outcome: 'processed' });
    // Stripe sends payment_intent.succeeded for the same payment too: it is the same ledger entry.
    const second = await mode.deliver(stripeEvent('payment_intent.succeeded', paymentIntent));
    expect(await second.json()).toEqual({ received: true, outcome: 'duplicate' });

    const progress = (await (await getCampaignProgress(mode.app, { slug: 'orti' })).json()) as { raisedCents: number; donors: number };
    expect([progress.raisedCents, progress.donors]).toEqual([5000, 1]);
    expect((await pledges())[0]).toMatchObject({ status: 'succeeded' });
  });

  it('an unpaid completed session (a delayed method) counts nothing yet', async () => {
    await send(mode.app, complete);
    const [session] = [...mode.stripe.checkoutSessions.values()];
    const unpaid = { ...session!, status: 'complete' as const, payment_status: 'unpaid' as const };
    const response = await mode.deliver(stripeEvent('checkout.session.completed', unpaid));
    expect(await response.json()).toEqual({ received: true, outcome: 'ignored' });
  });

  it('English donors get an English Checkout and come back to the English result page', async () => {
    await send(mode.app, { ...complete, locale: 'en' });
    const [session] = [...mode.stripe.checkoutSessions.values()];
    expect(session!.locale).toBe('en');
    expect(session!.success_url).toMatch(/^http:\/\/localhost\/en\/donazione\/esito\/\?pledge=.*&lang=en$/);
    expect(session!.cancel_url).toBe(`${ORIGIN}/en/campagne/orti/`);
  });
});
