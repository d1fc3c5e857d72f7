/** The Stripe payment step's model, with a stand-in for the mounted Payment Element: loading, paying once, Stripe's words, retry. */
import { describe, expect, it } from 'vitest';
import { createPaymentModel } from '../../src/components/payment-store.ts';
import type { PaymentResult, StripePayment } from '../../src/components/stripe-payment.ts';

const GENERIC = 'The payment did not go through.';

function element(results: (PaymentResult | Error)[]) {
  const calls = { confirm: 0, destroyed: 0 };
  const payment: StripePayment = {
    confirm: () => {
      const next = results[calls.confirm++]!;
      return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
    },
    destroy: () => {
      calls.destroyed++;
    },
  };
  return { payment, calls };
}
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the payment step model', () => {
  it('is loading until the element is mounted, then ready; going away destroys it', async () => {
    const model = createPaymentModel(GENERIC);
    const { payment, calls } = element([]);
    const unload = model.load(() => Promise.resolve(payment));
    expect(model.state.get().phase).toBe('loading');
    await settle();
    expect(model.state.get().phase).toBe('ready');
    unload();
    expect(calls.destroyed).toBe(1);
  });

  it('an element mounted after the step went away is destroyed at once', async () => {
    const model = createPaymentModel(GENERIC);
    const { payment, calls } = element([]);
    model.load(() => Promise.resolve(payment))();
    await settle();
    expect(calls.destroyed).toBe(1);
    expect(model.state.get().phase).toBe('loading');
  });

  it('when Stripe.js cannot load it is unavailable; a retry loads again', async () => {
    const model = createPaymentModel(GENERIC);
    model.load(() => Promise.reject(new Error('blocked')));
    await settle();
    expect(model.state.get().phase).toBe('unavailable');
    model.retry();
    expect(model.state.get()).toMatchObject({ phase: 'loading', attempt: 1 });
  });

  it('confirms once however fast it is clicked, and says whether the payment is still processing', async () => {
    const model = createPaymentModel(GENERIC);
    const { payment, calls } = element([{ kind: 'processing' }]);
    model.load(() => Promise.resolve(payment));
    await settle();
    const done: boolean[] = [];
    const first = model.pay((processing) => done.push(processing));
    await model.pay((processing) => done.push(processing));
    await first;
    expect(calls.confirm).toBe(1);
    expect(done).toEqual([true]);
  });

  it('a refused card shows Stripe’s words, anything else our generic message, and the donor can pay again', async () => {
    const model = createPaymentModel(GENERIC);
    const { payment, calls } = element([
      { kind: 'shown_error', message: 'Your card was declined.' },
      new Error('network'),
      { kind: 'succeeded' },
    ]);
    model.load(() => Promise.resolve(payment));
    await settle();
    const done: boolean[] = [];
    await model.pay((processing) => done.push(processing));
    expect(model.state.get()).toMatchObject({ phase: 'ready', message: 'Your card was declined.' });
    await model.pay((processing) => done.push(processing));
    expect(model.state.get()).toMatchObject({ phase: 'ready', message: GENERIC });
    await model.pay((processing) => done.push(processing));
    expect(calls.confirm).toBe(3);
    expect(done).toEqual([false]);
  });

  it('does nothing before the element is ready', async () => {
    const model = createPaymentModel(GENERIC);
    const done: boolean[] = [];
    await model.pay((processing) => done.push(processing));
    expect(done).toEqual([]);
    expect(model.state.get().phase).toBe('loading');
  });
});
