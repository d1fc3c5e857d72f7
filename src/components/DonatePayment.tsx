/** The donate widget's payment step: the demo confirmation, or Stripe's Payment Element. */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { PledgeCreated } from './api.ts';
import type { DonateModel } from './donate-store.ts';
import { texts, type Locale } from './i18n.ts';
import { mountStripePayment, resultUrl, type StripePayment } from './stripe-payment.ts';
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
  const payment = useRef<StripePayment | null>(null);
  const paying = useRef(false);
  const [state, setState] = useState<'loading' | 'ready' | 'paying' | 'unavailable'>('loading');
  const [attempt, setAttempt] = useState(0);
  const [message, setMessage] = useState('');

  useEffect(() => {
    let alive = true;
    const accent = getComputedStyle(document.documentElement).getPropertyValue('--accent').trim() || undefined;
    mountStripePayment(props.pledge, container.current!, {
      locale: props.locale,
      returnUrl: resultUrl(window.location.origin, props.pledge.pledgeId, props.campaign, props.locale, props.embedded),
      accent,
    }).then(
      (mounted) => {
        if (!alive) return mounted.destroy();
        payment.current = mounted;
        setState('ready');
      },
      () => alive && setState('unavailable'),
    );
    return () => {
      alive = false;
      payment.current?.destroy();
      payment.current = null;
    };
  }, [props.pledge.clientSecret, attempt]);

  const pay = async () => {
    if (!payment.current || paying.current) return;
    paying.current = true;
    setState('paying');
    setMessage('');
    const result = await payment.current.confirm().catch(() => ({ kind: 'unexpected_error' }) as const);
    paying.current = false;
    if (result.kind === 'succeeded' || result.kind === 'processing') return props.onDone(result.kind === 'processing');
    setMessage(result.kind === 'shown_error' ? result.message : t.errors.paymentGeneric);
    setState('ready');
  };

  if (state === 'unavailable') {
    return (
      <div role="alert" class="donate__unavailable">
        <p>{t.donate.unavailable}</p>
        {props.otherWaysToGive && (
          <p>
            {t.donate.otherWays} {props.otherWaysToGive}
          </p>
        )}
        <button
          type="button"
          class="button"
          onClick={() => {
            setState('loading');
            setAttempt(attempt + 1);
          }}
        >
          {t.donate.retryLoad}
        </button>
      </div>
    );
  }
  return (
    <div>
      {state === 'loading' && <p role="status">{t.donate.loadingPayment}</p>}
      <div ref={container} class="donate__stripe" />
      <p role="alert" class="donate__message">
        {message}
      </p>
      <button type="button" class="button" onClick={pay} disabled={state !== 'ready'} aria-busy={state === 'paying'}>
        {state === 'paying' ? t.donate.paying : t.donate.payNow}
      </button>
    </div>
  );
}
