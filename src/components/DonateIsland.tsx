/**
 * The donate widget: amount, donor, consent -> pledge -> payment (simulated in demo mode, Stripe's
 * Payment Element otherwise, loaded only at this step) -> thank-you with a printable summary.
 * Its state and actions are the model's (donate-store.ts); this file and the steps' views render it.
 */
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { createDonateModel, type DonateSettings } from './donate-store.ts';
import { DonateFormStep } from './DonateFormStep.tsx';
import { DonationSummary } from './DonationSummary.tsx';
import { DemoPayment, StripePaymentStep } from './DonatePayment.tsx';
import { euros, texts, type Locale } from './i18n.ts';
import { LedgerStatus } from './LedgerStatus.tsx';
import { useStore } from './use-store.ts';
import './widgets.css';

interface Props extends Omit<DonateSettings, 'locale'> {
  locale?: Locale;
  /** Inside another site's iframe (the /embed/ pages). */
  embedded?: boolean;
}

export default function DonateIsland({ locale = 'it', embedded = false, ...settings }: Props) {
  const t = texts(locale);
  const id = useId();
  const [model] = useState(() => createDonateModel({ ...settings, locale }));
  const { step } = useStore(model.flow);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const firstRender = useRef(true);

  useEffect(() => {
    // The page, not the widget, has the focus when it first appears; afterwards each step announces itself.
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    headingRef.current?.focus();
  }, [step.name]);

  const heading = (text: string) => (
    <h2 id={`${id}-title`} tabIndex={-1} ref={headingRef}>
      {text}
    </h2>
  );

  if (step.name === 'done') {
    const amount = euros(step.summary.amountCents, locale);
    return (
      <section class="donate" aria-labelledby={`${id}-title`} data-step="done">
        {heading(t.donate.thanks)}
        <p role="status">{step.processing ? t.donate.processing(amount) : t.donate.recorded(amount)}</p>
        <LedgerStatus pledgeId={step.summary.pledgeId} initial={step.demo ? 'succeeded' : 'pending'}>
          {(status) => <DonationSummary summary={step.summary} status={status} demo={step.demo} locale={locale} />}
        </LedgerStatus>
      </section>
    );
  }

  if (step.name === 'pay') {
    return (
      <section class="donate" aria-labelledby={`${id}-title`} data-step="pay">
        {heading(t.donate.payTitle(euros(step.summary.amountCents, locale)))}
        {step.pledge.mode === 'demo' ? (
          <DemoPayment model={model} locale={locale} />
        ) : (
          <StripePaymentStep
            pledge={step.pledge}
            campaign={settings.campaign}
            onDone={model.paid}
            otherWaysToGive={settings.otherWaysToGive}
            locale={locale}
            embedded={embedded}
          />
        )}
        <button type="button" class="button button--secondary" onClick={model.back}>
          {t.donate.back}
        </button>
      </section>
    );
  }

  return (
    <section class="donate" aria-labelledby={`${id}-title`} data-step="form">
      {heading(t.donate.title)}
      <DonateFormStep model={model} id={id} settings={{ ...settings, locale }} embedded={embedded} />
    </section>
  );
}
