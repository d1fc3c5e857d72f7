/** The donate widget's payment step: the demo confirmation, or Stripe's Payment Element. */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { PledgeCreated } from './api.ts';
import type { DonateModel } from './donate-store.ts';
import { texts, type Locale } from './i18n.ts';
import { createPaymentModel } from './payment-store.ts';
import { mountStripePayment, resultUrl } from './stripe-payment.ts';
import { useStore } from './use-store.ts';

export function DemoPayment({ model, locale }: { model: DonateModel; locale: Locale }) {
  const t = texts(locale).donate;
  const { confirming, payMessage } = useStore(model.flow);
  return (
    <div class="donate__demo">
      <p>
        <strong>{t.demoNotice}</strong> {t.demoText}
      </p>
      <p role="alert" class="donate__message">
        {payMessage}
      </p>
      <button type="button" class="button" onClick={() => void model.confirmDemo()} disabled={confirming} aria-busy={confirming}>
        {t.demoPay}
      </button>
    </div>
  );
}

interface StripeProps {
  pledge: Extract<PledgeCreated, { mode: 'stripe' }>;
  campaign: string;
  onDone: (processing: boolean) => void;
  otherWaysToGive: string | undefined;
  locale: Locale;
  embedded: boolean;
}

export function StripePaymentStep(props: StripeProps) {
  const t = texts(props.locale);
  const container = useRef<HTMLDivElement>(null);
  const [model] = useState(() => createPaymentModel(t.errors.paymentGeneric));
  const { phase, message, attempt } = useStore(model.state);

  useEffect(() => {
    const accent = getComputedStyle(document.documentElement).getPropertyValue('--accent').trim() || undefined;
    const returnUrl = resultUrl(window.location.origin, props.pledge.pledgeId, props.campaign, props.locale, props.embedded);
    return model.load(() => mountStripePayment(props.pledge, container.current!, { locale: props.locale, returnUrl, accent }));
  }, [props.pledge.clientSecret, attempt]);

  if (phase === 'unavailable') {
    return (
      <div role="alert" class="donate__unavailable">
        <p>{t.donate.unavailable}</p>
        {props.otherWaysToGive && (
          <p>
            {t.donate.otherWays} {props.otherWaysToGive}
          </p>
        )}
        <button type="button" class="button" onClick={model.retry}>
          {t.donate.retryLoad}
        </button>
      </div>
    );
  }
  return (
    <div>
      {phase === 'loading' && <p role="status">{t.donate.loadingPayment}</p>}
      <div ref={container} class="donate__stripe" />
      <p role="alert" class="donate__message">
        {message}
      </p>
      <button
        type="button"
        class="button"
        onClick={() => void model.pay(props.onDone)}
        disabled={phase !== 'ready'}
        aria-busy={phase === 'paying'}
      >
        {phase === 'paying' ? t.donate.paying : t.donate.payNow}
      </button>
    </div>
  );
}
