/**
 * Stripe's Payment Element, loaded from js.stripe.com only when the donor reaches the payment step
 * (`@stripe/stripe-js/pure` does not inject the script on import; the import itself is a separate chunk).
 */
import type { PledgeCreated } from './api.ts';
import type { Locale } from './i18n.ts';

export type PaymentResult =
  { kind: 'succeeded' } | { kind: 'processing' } | { kind: 'shown_error'; message: string } | { kind: 'unexpected_error' };

export interface StripePayment {
  confirm(): Promise<PaymentResult>;
  destroy(): void;
}

export interface PaymentOptions {
  locale: Locale;
  /** Where Stripe sends the donor back after 3-D Secure or a redirect-based method. */
  returnUrl: string;
  /** CSS colour of the buttons and focus rings, e.g. an embedding site's accent. */
  accent?: string | undefined;
}

/**
 * The result page, which reads the pledge's status from the API once Stripe sends the donor back; inside an
 * embed it is the embed's own result page, since only /embed/ pages may be framed by other sites.
 */
export function resultUrl(origin: string, pledgeId: string, campaign: string, locale: Locale, embedded = false): string {
  const url = new URL(embedded ? '/embed/esito/' : locale === 'en' ? '/en/donazione/esito/' : '/donazione/esito/', origin);
  url.searchParams.set('pledge', pledgeId);
  url.searchParams.set('campaign', campaign);
  if (locale !== 'it') url.searchParams.set('lang', locale);
  return url.toString();
}

export async function mountStripePayment(
  pledge: Extract<PledgeCreated, { mode: 'stripe' }>,
  container: HTMLElement,
  options: PaymentOptions,
): Promise<StripePayment> {
  const { loadStripe } = await import('@stripe/stripe-js/pure');
  const stripe = await loadStripe(pledge.publishableKey, { locale: options.locale });
  if (!stripe) throw new Error('Stripe.js did not load');
  const elements = stripe.elements({
    clientSecret: pledge.clientSecret,
    locale: options.locale,
    ...(options.accent && { appearance: { variables: { colorPrimary: options.accent } } }),
  });
  const element = elements.create('payment');
  element.mount(container);
  return {
    async confirm() {
      const { error, paymentIntent } = await stripe.confirmPayment({
        elements,
        confirmParams: { return_url: options.returnUrl },
        redirect: 'if_required',
      });
      if (error) {
        // Stripe's own words are right for what the donor can fix; anything else gets a calm message.
        return error.type === 'card_error' || error.type === 'validation_error'
          ? { kind: 'shown_error', message: error.message ?? '' }
          : { kind: 'unexpected_error' };
      }
      if (paymentIntent.status === 'succeeded') return { kind: 'succeeded' };
      if (paymentIntent.status === 'processing') return { kind: 'processing' };
      return { kind: 'unexpected_error' };
    },
    destroy: () => element.destroy(),
  };
}
