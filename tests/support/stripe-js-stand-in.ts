/**
 * A stand-in for Stripe.js in the browser, served in place of https://js.stripe.com/** by `page.route`.
 * It behaves like Stripe.js as far as the widget sees it: `Stripe(key)`, `elements({clientSecret})`,
 * `create('payment').mount(el)`, `confirmPayment({elements, confirmParams, redirect: 'if_required'})`.
 * The "card" typed into its input decides what the bank does, like Stripe's test cards; the bank is
 * the test, reached through an exposed function that moves the PaymentIntent at the fake Stripe API.
 */
import type { Page } from 'playwright-core';
import type { FakePaymentIntent, FakeStripe } from './fake-stripe.ts';

export const CARDS = {
  succeeds: '4242424242424242',
  declined: '4000000000000002',
  /** 3-D Secure with a redirect: the donor leaves the page and comes back to the return URL. */
  redirects: '4000002760003184',
  /** A delayed method such as SEPA Direct Debit: `processing` for days. */
  processing: 'sepa',
} as const;

export const DECLINED_MESSAGE = 'La tua carta è stata rifiutata.';

type Outcome = 'succeeded' | 'declined' | 'processing';

const STAND_IN = `(() => {
  const cards = ${JSON.stringify(CARDS)};
  window.__standIn = { confirmCalls: 0, mounted: 0 };
  function Stripe(publishableKey) {
    if (!/^pk_test_/.test(publishableKey)) throw new Error('stand-in: unexpected key ' + publishableKey);
    return {
      elements(options) {
        const clientSecret = options.clientSecret;
        let input = null;
        return {
          _clientSecret: clientSecret,
          _value: () => (input ? input.value.replace(/\\s/g, '') : ''),
          create(type) {
            if (type !== 'payment') throw new Error('stand-in: only the Payment Element');
            return {
              mount(target) {
                const container = typeof target === 'string' ? document.querySelector(target) : target;
                const label = document.createElement('label');
                label.textContent = 'Numero della carta ';
                input = document.createElement('input');
                input.name = 'stand-in-card';
                input.autocomplete = 'cc-number';
                label.appendChild(input);
                container.appendChild(label);
                window.__standIn.mounted++;
              },
              destroy() { input?.closest('label')?.remove(); input = null; },
              on() {},
            };
          },
        };
      },
      async confirmPayment({ elements, confirmParams, redirect }) {
        window.__standIn.confirmCalls++;
        const card = elements._value();
        const clientSecret = elements._clientSecret;
        const id = clientSecret.split('_secret_')[0];
        if (card === '') return { error: { type: 'validation_error', code: 'incomplete_number', message: 'Il numero della carta è incompleto.' } };
        if (card === cards.declined) {
          await window.__standInBank(clientSecret, 'declined');
          return { error: { type: 'card_error', code: 'card_declined', decline_code: 'generic_decline', message: ${JSON.stringify(DECLINED_MESSAGE)} } };
        }
        if (card === cards.processing) {
          await window.__standInBank(clientSecret, 'processing');
          return { paymentIntent: { id, object: 'payment_intent', status: 'processing' } };
        }
        if (card === cards.redirects) {
          await window.__standInBank(clientSecret, 'succeeded');
          const back = new URL(confirmParams.return_url);
          back.searchParams.set('payment_intent', id);
          back.searchParams.set('payment_intent_client_secret', clientSecret);
          back.searchParams.set('redirect_status', 'succeeded');
          window.location.assign(back.toString());
          return new Promise(() => {});
        }
        if (card === cards.succeeds) {
          await window.__standInBank(clientSecret, 'succeeded');
          return { paymentIntent: { id, object: 'payment_intent', status: 'succeeded' } };
        }
        return { error: { type: 'card_error', code: 'invalid_number', message: 'Il numero della carta non è valido.' } };
      },
    };
  }
  Stripe.version = 'endive';
  window.Stripe = Stripe;
})();`;

export interface StandIn {
  /** PaymentIntents the "bank" has moved, in order, as the fake Stripe API now holds them. */
  readonly settled: FakePaymentIntent[];
}

/** Serves the stand-in for Stripe.js on this page and plays the bank against the fake Stripe API. */
export async function installStripeStandIn(page: Page, stripe: FakeStripe): Promise<StandIn> {
  const settled: FakePaymentIntent[] = [];
  await page.exposeFunction('__standInBank', (clientSecret: string, outcome: Outcome) => {
    const id = clientSecret.split('_secret_')[0]!;
    const intent = stripe.paymentIntents.get(id);
    if (!intent || intent.client_secret !== clientSecret) throw new Error(`stand-in: no PaymentIntent for ${clientSecret}`);
    const moved =
      outcome === 'succeeded'
        ? stripe.succeed(id)
        : outcome === 'declined'
          ? stripe.fail(id)
          : Object.assign(intent, { status: 'processing' as const });
    settled.push(structuredClone(moved));
  });
  await page.route('https://js.stripe.com/**', (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: STAND_IN }));
  return { settled };
}

/** As if js.stripe.com could not be reached (offline, blocked by a content blocker). */
export async function blockStripeJs(page: Page): Promise<void> {
  await page.route('https://js.stripe.com/**', (route) => route.abort('internetdisconnected'));
}
