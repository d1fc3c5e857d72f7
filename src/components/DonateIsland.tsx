/**
 * The donate widget: amount, donor, consent -> pledge -> payment (simulated in demo mode, Stripe's
 * Payment Element otherwise, loaded only at this step) -> thank-you with a printable summary.
 */
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { ApiFailure, confirmDemoPledge, createPledge, fetchPledge, PLEDGE_SUCCEEDED_EVENT, type PledgeCreated, type PledgeStatus } from './api.ts';
import {
  amountCents,
  firstInvalidField,
  MESSAGE_MAX_LENGTH,
  messageFor,
  normaliseTaxCode,
  toPledgeBody,
  errorList,
  serverErrors,
  shownErrors,
  validate,
  type DonateForm,
  type FieldErrors,
  type FieldName,
  type Limits,
} from './donate-model.ts';
import { euros, texts, type Locale } from './i18n.ts';
import { DonationSummary, type Summary } from './DonationSummary.tsx';
import { nextPollDelayMs } from './result-model.ts';
import { mountStripePayment, resultUrl, type StripePayment } from './stripe-payment.ts';
import type { ComponentChildren } from 'preact';
import './widgets.css';
import Field from './Field.tsx';

/** Where the form posts without JavaScript (functions/pledge-form.ts). */
const FORM_ACTION = '/donazione/modulo';

interface Props {
  campaign: string;
  /** Shown in the printable summary; the slug when absent. */
  campaignTitle?: string;
  suggestedCents: number[];
  limits: Limits;
  otherWaysToGive?: string;
  locale?: Locale;
  /** Inside another site's iframe (the /embed/ pages). */
  embedded?: boolean;
}

type Step =
  | { name: 'form' }
  | { name: 'pay'; pledge: PledgeCreated; summary: Summary }
  | { name: 'done'; processing: boolean; demo: boolean; summary: Summary };

export default function DonateIsland({ campaign, campaignTitle, suggestedCents, limits, otherWaysToGive, locale = 'it', embedded = false }: Props) {
  const t = texts(locale);
  const id = useId();
  const fieldId = (field: FieldName) => `${id}-${field}`;
  const [form, setForm] = useState<DonateForm>({
    choice: suggestedCents[1] ?? suggestedCents[0] ?? 'other',
    otherEuros: '',
    name: '',
    anonymous: false,
    email: '',
    taxCode: '',
    message: '',
    showMessage: false,
    updates: false,
    privacy: false,
  });
  // Fields the person has left, and whether they tried to send: errors show from then on, recomputed at each keystroke.
  const [visited, setVisited] = useState<ReadonlySet<FieldName>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [serverFieldErrors, setServerFieldErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const [step, setStep] = useState<Step>({ name: 'form' });
  // A ref, not state: two clicks in the same frame both see the state of the last render.
  const submitting = useRef(false);
  const attemptKey = useRef<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const focusAfterRender = useRef<FieldName | null>(null);
  const firstRender = useRef(true);

  const update = (patch: Partial<DonateForm>) => {
    // From the current state, not this render's: two inputs before a re-render (a field typed while the form
    // was hydrating, replayed, and the next keystroke) must not undo each other.
    setForm((current) => ({ ...current, ...patch }));
    setServerFieldErrors({});
    attemptKey.current = null; // a changed form is a new pledge; an unchanged retry reuses the key
  };
  const leave = (field: FieldName) => () => {
    if (!visited.has(field)) setVisited(new Set([...visited, field]));
  };
  const errors: FieldErrors = { ...serverFieldErrors, ...shownErrors(form, limits, locale, visited, submitted) };

  useEffect(() => {
    // The page, not the widget, has the focus when it first appears; afterwards each step announces itself.
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    headingRef.current?.focus();
  }, [step.name]);

  useEffect(() => {
    if (!focusAfterRender.current) return;
    const field = focusAfterRender.current;
    focusAfterRender.current = null;
    const target = field === 'amount' && form.choice !== 'other' ? document.querySelector<HTMLInputElement>(`#${CSS.escape(fieldId('amount'))}-first`)?.form?.querySelector<HTMLInputElement>('[name="amount"]:checked') : document.getElementById(fieldId(field));
    target?.focus();
  });

  const submit = async (event: Event) => {
    event.preventDefault();
    if (submitting.current) return;
    setSubmitted(true);
    const found = validate(form, limits, locale);
    const invalid = firstInvalidField(found);
    if (invalid) {
      setMessage(t.donate.checkFields);
      focusAfterRender.current = invalid;
      return;
    }
    submitting.current = true;
    setBusy(true);
    setMessage('');
    attemptKey.current ??= crypto.randomUUID();
    try {
      const pledge = await createPledge(toPledgeBody(campaign, form, locale), attemptKey.current);
      const taxCode = normaliseTaxCode(form.taxCode ?? '');
      setStep({
        name: 'pay',
        pledge,
        summary: {
          campaign: campaignTitle ?? campaign,
          amountCents: amountCents(form)!,
          pledgeId: pledge.pledgeId,
          donor: form.anonymous ? null : form.name.trim(),
          taxCode: !form.anonymous && taxCode !== '' ? taxCode : null,
          email: form.email.trim(),
          date: new Date().toISOString(),
        },
      });
    } catch (error) {
      const failure = error instanceof ApiFailure ? error.error : undefined;
      const refused = serverErrors(failure, form, limits, locale);
      setServerFieldErrors(refused.fields);
      // Not open to online donations yet: the other ways to give the campaign lists still work.
      setMessage(failure?.code === 'payee_not_ready' && otherWaysToGive ? `${refused.message} ${t.donate.otherWays} ${otherWaysToGive}` : refused.message);
      const field = firstInvalidField(refused.fields);
      if (field) focusAfterRender.current = field;
    } finally {
      submitting.current = false;
      setBusy(false);
    }
  };

  const finished = (processing: boolean) => {
    if (step.name !== 'pay') return;
    const demo = step.pledge.mode === 'demo';
    // The demo confirmation has already reached the ledger; a Stripe payment does when its webhook arrives.
    if (demo) window.dispatchEvent(new CustomEvent(PLEDGE_SUCCEEDED_EVENT));
    setStep({ name: 'done', processing, demo, summary: step.summary });
  };

  if (step.name === 'done') {
    const amount = euros(step.summary.amountCents, locale);
    return (
      <section class="donate" aria-labelledby={`${id}-title`} data-step="done">
        <h2 id={`${id}-title`} tabIndex={-1} ref={headingRef}>
          {t.donate.thanks}
        </h2>
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
        <h2 id={`${id}-title`} tabIndex={-1} ref={headingRef}>
          {t.donate.payTitle(euros(step.summary.amountCents, locale))}
        </h2>
        {step.pledge.mode === 'demo' ? (
          <DemoPayment pledgeId={step.pledge.pledgeId} onDone={() => finished(false)} locale={locale} />
        ) : (
          <StripePaymentStep
            pledge={step.pledge}
            campaign={campaign}
            onDone={finished}
            otherWaysToGive={otherWaysToGive}
            locale={locale}
            embedded={embedded}
          />
        )}
        <button type="button" class="button button--secondary" onClick={() => setStep({ name: 'form' })}>
          {t.donate.back}
        </button>
      </section>
    );
  }

  const describedBy = (field: FieldName) => (errors[field] ? `${fieldId(field)}-error` : undefined);
  const summary = submitted ? errorList(errors) : [];
  const pick = (choice: DonateForm['choice']) => {
    update({ choice });
    if (choice !== 'other') setVisited(new Set([...visited, 'amount']));
  };
  // A real form: without JavaScript (or before the island wakes) it posts to the server, which answers with
  // the payment step; with JavaScript the submit handler below takes over.
  return (
    <section class="donate" aria-labelledby={`${id}-title`} data-step="form">
      <h2 id={`${id}-title`} tabIndex={-1} ref={headingRef}>
        {t.donate.title}
      </h2>
      <form onSubmit={submit} noValidate method="post" action={FORM_ACTION}>
        <input type="hidden" name="campaign" value={campaign} />
        <input type="hidden" name="locale" value={locale} />
        {embedded && <input type="hidden" name="embedded" value="1" />}
        {summary.length > 0 && (
          <div class="donate__summary-errors" data-testid="error-summary">
            <p>
              <strong>{t.donate.checkFields}</strong>
            </p>
            <ul>
              {summary.map(({ field, message: text }) => (
                <li key={field}>
                  <a href={`#${anchorOf(field)}`}>{text}</a>
                </li>
              ))}
            </ul>
          </div>
        )}
        <fieldset aria-describedby={describedBy('amount')}>
          <legend>{t.donate.amount}</legend>
          <div class="donate__amounts">
            {suggestedCents.map((cents, index) => (
              <label key={cents} class="donate__amount">
                <input
                  type="radio"
                  id={index === 0 ? `${fieldId('amount')}-first` : undefined}
                  name="amount"
                  value={String(cents)}
                  checked={form.choice === cents}
                  onChange={() => pick(cents)}
                />
                {euros(cents, locale)}
              </label>
            ))}
            <label class="donate__amount">
              <input type="radio" name="amount" value="other" checked={form.choice === 'other'} onChange={() => pick('other')} />
              {t.donate.otherAmount}
            </label>
          </div>
          <div class="donate__field">
            <label for={fieldId('amount')}>{t.donate.otherAmountLabel}</label>
            <input
              id={fieldId('amount')}
              name="otherEuros"
              type="text"
              inputMode="decimal"
              value={form.otherEuros}
              aria-invalid={Boolean(errors.amount)}
              aria-describedby={describedBy('amount')}
              onInput={(e) => update({ otherEuros: e.currentTarget.value, ...(e.currentTarget.value.trim() !== '' && { choice: 'other' as const }) })}
              onBlur={form.choice === 'other' ? leave('amount') : undefined}
            />
          </div>
          {errors.amount && (
            <p id={`${fieldId('amount')}-error`} class="donate__error">
              {errors.amount}
            </p>
          )}
        </fieldset>
        <label class="donate__check">
          <input type="checkbox" name="anonymous" value="1" checked={form.anonymous} onChange={(e) => update({ anonymous: e.currentTarget.checked })} />
          <span>{t.donate.anonymous}</span>
        </label>
        {!form.anonymous && (
          <Field
            id={fieldId('name')}
            name="name"
            label={t.donate.name}
            error={errors.name}
            autoComplete="name"
            value={form.name}
            onInput={(v) => update({ name: v })}
            onBlur={leave('name')}
          />
        )}
        <Field
          id={fieldId('email')}
          name="email"
          label={t.donate.email}
          type="email"
          error={errors.email}
          autoComplete="email"
          value={form.email}
          onInput={(v) => update({ email: v })}
          onBlur={leave('email')}
        />
        {!form.anonymous && (
          <Field
            id={fieldId('taxCode')}
            name="taxCode"
            label={t.donate.taxCode}
            error={errors.taxCode}
            autoComplete="off"
            value={form.taxCode ?? ''}
            onInput={(v) => update({ taxCode: v })}
            onBlur={leave('taxCode')}
          />
        )}
        <div class="donate__field">
          <label for={fieldId('message')}>{t.donate.message}</label>
          <textarea
            id={fieldId('message')}
            name="message"
            rows={3}
            maxLength={MESSAGE_MAX_LENGTH}
            value={form.message ?? ''}
            aria-invalid={Boolean(errors.message)}
            aria-describedby={describedBy('message')}
            onInput={(e) => update({ message: e.currentTarget.value })}
            onBlur={leave('message')}
          />
          {errors.message && (
            <p id={`${fieldId('message')}-error`} class="donate__error">
              {errors.message}
            </p>
          )}
        </div>
        <label class="donate__check">
          <input type="checkbox" name="showMessage" value="1" checked={form.showMessage ?? false} onChange={(e) => update({ showMessage: e.currentTarget.checked })} />
          <span>{t.donate.showMessage}</span>
        </label>
        <label class="donate__check">
          <input type="checkbox" name="updates" value="1" checked={form.updates ?? false} onChange={(e) => update({ updates: e.currentTarget.checked })} />
          <span>{t.donate.updatesConsent}</span>
        </label>
        <label class="donate__check">
          <input
            id={fieldId('privacy')}
            type="checkbox"
            name="privacy"
            value="1"
            checked={form.privacy}
            aria-invalid={Boolean(errors.privacy)}
            aria-describedby={describedBy('privacy')}
            onChange={(e) => {
              update({ privacy: e.currentTarget.checked });
              setVisited(new Set([...visited, 'privacy']));
            }}
          />
          <span>
            {t.donate.privacyBefore}
            <a href={t.donate.privacyHref} target="_top">
              {t.donate.privacyLink}
            </a>
            {t.donate.privacyAfter}
          </span>
        </label>
        {errors.privacy && (
          <p id={`${fieldId('privacy')}-error`} class="donate__error">
            {errors.privacy}
          </p>
        )}
        <p role="alert" class="donate__message">
          {summary.length > 0 || message !== t.donate.checkFields ? message : ''}
        </p>
        <button type="submit" class="button" disabled={busy} aria-busy={busy}>
          {busy ? t.donate.wait : t.donate.proceed}
        </button>
      </form>
    </section>
  );

  function anchorOf(field: FieldName): string {
    return field === 'amount' && form.choice !== 'other' ? `${fieldId('amount')}-first` : fieldId(field);
  }
}

function DemoPayment({ pledgeId, onDone, locale }: { pledgeId: string; onDone: () => void; locale: Locale }) {
  const t = texts(locale).donate;
  const [busy, setBusy] = useState(false);
  const confirming = useRef(false);
  const [message, setMessage] = useState('');
  const confirm = async () => {
    if (confirming.current) return;
    confirming.current = true;
    setBusy(true);
    try {
      await confirmDemoPledge(pledgeId);
      onDone();
    } catch (error) {
      setMessage(messageFor(error instanceof ApiFailure ? error.error.code : undefined, locale));
      confirming.current = false;
      setBusy(false);
    }
  };
  return (
    <div class="donate__demo">
      <p>
        <strong>{t.demoNotice}</strong> {t.demoText}
      </p>
      <p role="alert" class="donate__message">
        {message}
      </p>
      <button type="button" class="button" onClick={confirm} disabled={busy} aria-busy={busy}>
        {t.demoPay}
      </button>
    </div>
  );
}

function StripePaymentStep(props: {
  pledge: Extract<PledgeCreated, { mode: 'stripe' }>;
  campaign: string;
  onDone: (processing: boolean) => void;
  otherWaysToGive: string | undefined;
  locale: Locale;
  embedded: boolean;
}) {
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
    if (result.kind === 'succeeded' || result.kind === 'processing') {
      props.onDone(result.kind === 'processing');
      return;
    }
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

/**
 * Stripe has taken the payment; the ledger counts it when Stripe's webhook arrives. Until then the status
 * is asked again, and the progress islands refresh the moment the money is counted.
 */
function LedgerStatus({ pledgeId, initial, children }: { pledgeId: string; initial: PledgeStatus; children: (status: PledgeStatus) => ComponentChildren }) {
  const [status, setStatus] = useState<PledgeStatus>(initial);
  useEffect(() => {
    if (initial !== 'pending') return;
    let alive = true;
    let attempt = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const check = async () => {
      const found = await fetchPledge(pledgeId).then((pledge) => pledge.status, () => 'pending' as const);
      if (!alive) return;
      setStatus(found);
      if (found === 'succeeded') window.dispatchEvent(new CustomEvent(PLEDGE_SUCCEEDED_EVENT));
      const delay = attempt < 12 ? nextPollDelayMs({ kind: 'status', status: found }, attempt++) : null;
      if (delay !== null) timer = setTimeout(() => void check(), Math.min(delay, 5000));
    };
    timer = setTimeout(() => void check(), 1000);
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [pledgeId, initial]);
  return <>{children(status)}</>;
}
