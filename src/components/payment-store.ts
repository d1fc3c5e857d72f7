/**
 * The Stripe payment step's model: Stripe's Payment Element loading, ready, paying or unavailable, the
 * message of a refused card, and one confirmation at a time. Mounting the element is the view's (it owns the
 * DOM); the model receives it as `mount` and keeps what came of it.
 */
import { createStore } from './store.ts';
import type { StripePayment } from './stripe-payment.ts';

export type PaymentPhase = 'loading' | 'ready' | 'paying' | 'unavailable';

export function createPaymentModel(genericError: string) {
  const state = createStore<{ phase: PaymentPhase; message: string; attempt: number }>({ phase: 'loading', message: '', attempt: 0 });
  let payment: StripePayment | null = null;

  return {
    state,
    /** Mounts the element; the returned function, called when the step goes away, destroys it. */
    load: (mount: () => Promise<StripePayment>): (() => void) => {
      let alive = true;
      mount().then(
        (mounted) => {
          if (!alive) return mounted.destroy();
          payment = mounted;
          state.set({ phase: 'ready' });
        },
        () => alive && state.set({ phase: 'unavailable' }),
      );
      return () => {
        alive = false;
        payment?.destroy();
        payment = null;
      };
    },
    /** Stripe.js could not load: the view mounts again when `attempt` changes. */
    retry: () => {
      state.set({ phase: 'loading', attempt: state.get().attempt + 1 });
    },
    /** Confirms the payment once however fast it is clicked; `onDone` hears whether it is still processing. */
    pay: async (onDone: (processing: boolean) => void) => {
      if (!payment || state.get().phase !== 'ready') return;
      state.set({ phase: 'paying', message: '' });
      const result = await payment.confirm().catch(() => ({ kind: 'unexpected_error' }) as const);
      if (result.kind === 'succeeded' || result.kind === 'processing') {
        onDone(result.kind === 'processing');
        return;
      }
      // Stripe's own words for a card it refused or a field it found wrong; ours for anything else.
      state.set({ phase: 'ready', message: result.kind === 'shown_error' ? result.message : genericError });
    },
  };
}

export type PaymentModel = ReturnType<typeof createPaymentModel>;
