/**
 * Stripe's Payment Element, loaded from js.stripe.com only when the donor reaches the payment step
 * (`@stripe/stripe-js/pure` does not inject the script on import).
 */
import type { PledgeCreated } from './api.ts';

export type PaymentResult =
  | { kind: 'succeeded' }
  | { kind: 'processing' }
  | { kind: 'shown_error'; message: string }
  | { kind: 'unexpected_error' };

export interface StripePayment {
  confirm(pledgeId: string): Promise<PaymentResult>;
  destroy(): void;
}

export async function mountStripePayment(pledge: Extract<PledgeCreated, { mode: 'stripe' }>, container: HTMLElement): Promise<StripePayment> {
  const { loadStripe } = await import('@stripe/stripe-js/pure');
  const stripe = await loadStripe(pledge.publishableKey);
  if (!stripe) throw new Error('Stripe.js did not load');
  const elements = stripe.elements({ clientSecret: pledge.clientSecret, locale: 'it' });
  const element = elements.create('payment');
  element.mount(container);
  return {
    async confirm(pledgeId) {
      const returnUrl = new URL(window.location.href);
      returnUrl.searchParams.set('pledge', pledgeId);
      const { error, paymentIntent } = await stripe.confirmPayment({
        elements,
        confirmParams: { return_url: returnUrl.toString() },
        redirect: 'if_required',
      });
      if (error) {
        // Stripe's own words are right for what the donor can fix; anything else gets a calm message.
        return error.type === 'card_error' || error.type === 'validation_error'
          ? { kind: 'shown_error', message: error.message ?? '' }
          : { kind: 'unexpected_error' };
      }
      if (paymentIntent?.status === 'succeeded') return { kind: 'succeeded' };
      if (paymentIntent?.status === 'processing') return { kind: 'processing' };
      return { kind: 'unexpected_error' };
    },
    destroy: () => element.destroy(),
  };
}
