/**
 * The donate widget: amount, donor, consent -> pledge -> payment (simulated in demo mode, Stripe's
 * Payment Element otherwise, loaded only at this step) -> thank-you.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { formatEuros } from '../domain/money.ts';
import { ApiFailure, confirmDemoPledge, createPledge, PLEDGE_SUCCEEDED_EVENT, type PledgeCreated } from './api.ts';
import { amountCents, GENERIC_ERROR, messageFor, toPledgeBody, validate, type DonateForm, type FieldErrors, type Limits } from './donate-model.ts';
import { mountStripePayment, type StripePayment } from './stripe-payment.ts';

interface Props {
  campaign: string;
  suggestedCents: number[];
  limits: Limits;
  otherWaysToGive?: string;
  locale?: 'it' | 'en';
}

type Step =
  | { name: 'form' }
  | { name: 'pay'; pledge: PledgeCreated; amountCents: number }
  | { name: 'done'; amountCents: number; processing: boolean };

export default function DonateIsland({ campaign, suggestedCents, limits, otherWaysToGive }: Props) {
  const [form, setForm] = useState<DonateForm>({
    choice: suggestedCents[1] ?? suggestedCents[0] ?? 'other',
    otherEuros: '',
    name: '',
    anonymous: false,
    email: '',
    privacy: false,
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const [step, setStep] = useState<Step>({ name: 'form' });
  const attemptKey = useRef<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  const update = (patch: Partial<DonateForm>) => {
    setForm({ ...form, ...patch });
    attemptKey.current = null; // a changed form is a new pledge; an unchanged retry reuses the key
  };

  // Focus follows the donor from step to step, but the widget appearing on screen must not steal it.
  const firstStep = useRef(true);
  useEffect(() => {
    if (firstStep.current) {
      firstStep.current = false;
      return;
    }
    headingRef.current?.focus();
  }, [step.name]);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    const found = validate(form, limits);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setMessage('Controlla i campi segnalati.');
      return;
    }
    setBusy(true);
    setMessage('');
    attemptKey.current ??= crypto.randomUUID();
    try {
      const pledge = await createPledge(toPledgeBody(campaign, form), attemptKey.current);
      setStep({ name: 'pay', pledge, amountCents: amountCents(form)! });
    } catch (error) {
      setMessage(messageFor(error instanceof ApiFailure ? error.error.code : undefined));
    } finally {
      setBusy(false);
    }
  };

  const finished = (processing: boolean) => {
    if (step.name !== 'pay') return;
    window.dispatchEvent(new CustomEvent(PLEDGE_SUCCEEDED_EVENT));
    setStep({ name: 'done', amountCents: step.amountCents, processing });
  };

  if (step.name === 'done') {
    return (
      <section class="donate" aria-labelledby="donate-title">
        <h2 id="donate-title" tabIndex={-1} ref={headingRef}>
          Grazie!
        </h2>
        <p role="status">
          {step.processing
            ? `La tua donazione di ${formatEuros(step.amountCents)} è in lavorazione: la vedrai nella raccolta appena la banca la conferma.`
            : `La tua donazione di ${formatEuros(step.amountCents)} è stata registrata.`}
        </p>
      </section>
    );
  }

  if (step.name === 'pay') {
    return (
      <section class="donate" aria-labelledby="donate-title">
        <h2 id="donate-title" tabIndex={-1} ref={headingRef}>
          Pagamento di {formatEuros(step.amountCents)}
        </h2>
        {step.pledge.mode === 'demo' ? (
          <DemoPayment pledgeId={step.pledge.pledgeId} onDone={() => finished(false)} />
        ) : (
          <StripePaymentStep pledge={step.pledge} onDone={finished} otherWaysToGive={otherWaysToGive} />
        )}
      </section>
    );
  }

  return (
    <section class="donate" aria-labelledby="donate-title">
      <h2 id="donate-title" tabIndex={-1} ref={headingRef}>
        Dona a questa campagna
      </h2>
      <form onSubmit={submit} noValidate>
        <fieldset aria-describedby={errors.amount ? 'amount-error' : undefined}>
          <legend>Importo</legend>
          <div class="donate__amounts">
            {suggestedCents.map((cents) => (
              <label key={cents} class="donate__amount">
                <input type="radio" name="amount" checked={form.choice === cents} onChange={() => update({ choice: cents })} />
                {formatEuros(cents)}
              </label>
            ))}
            <label class="donate__amount">
              <input type="radio" name="amount" checked={form.choice === 'other'} onChange={() => update({ choice: 'other' })} />
              Altro importo
            </label>
          </div>
          {form.choice === 'other' && (
            <label class="donate__field">
              Importo in euro
              <input
                type="text"
                inputMode="decimal"
                value={form.otherEuros}
                aria-invalid={Boolean(errors.amount)}
                onInput={(e) => update({ otherEuros: e.currentTarget.value })}
              />
            </label>
          )}
          {errors.amount && <p id="amount-error" class="donate__error">{errors.amount}</p>}
        </fieldset>
        <label class="donate__check">
          <input type="checkbox" checked={form.anonymous} onChange={(e) => update({ anonymous: e.currentTarget.checked })} />
          Dona in forma anonima
        </label>
        {!form.anonymous && (
          <Field id="donor-name" label="Nome e cognome" error={errors.name} autoComplete="name" value={form.name} onInput={(v) => update({ name: v })} />
        )}
        <Field
          id="donor-email"
          label="E-mail (per la ricevuta)"
          type="email"
          error={errors.email}
          autoComplete="email"
          value={form.email}
          onInput={(v) => update({ email: v })}
        />
        <label class="donate__check">
          <input
            type="checkbox"
            checked={form.privacy}
            aria-invalid={Boolean(errors.privacy)}
            aria-describedby={errors.privacy ? 'privacy-error' : undefined}
            onChange={(e) => update({ privacy: e.currentTarget.checked })}
          />
          Ho letto l'<a href="/privacy">informativa sulla privacy</a> e acconsento al trattamento dei miei dati per questa donazione.
        </label>
        {errors.privacy && <p id="privacy-error" class="donate__error">{errors.privacy}</p>}
        <p role="alert" class="donate__message">{message}</p>
        <button type="submit" class="button" disabled={busy} aria-busy={busy}>
          {busy ? 'Un momento…' : 'Continua'}
        </button>
      </form>
    </section>
  );
}

function Field(props: { id: string; label: string; value: string; error: string | undefined; type?: string; autoComplete: string; onInput: (value: string) => void }) {
  return (
    <div class="donate__field">
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        type={props.type ?? 'text'}
        autoComplete={props.autoComplete}
        value={props.value}
        aria-invalid={Boolean(props.error)}
        aria-describedby={props.error ? `${props.id}-error` : undefined}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
      {props.error && <p id={`${props.id}-error`} class="donate__error">{props.error}</p>}
    </div>
  );
}

function DemoPayment({ pledgeId, onDone }: { pledgeId: string; onDone: () => void }) {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');
  const confirm = async () => {
    if (busy) return;
    setBusy(true);
    try {
      await confirmDemoPledge(pledgeId);
      onDone();
    } catch (error) {
      setMessage(messageFor(error instanceof ApiFailure ? error.error.code : undefined));
      setBusy(false);
    }
  };
  return (
    <div class="donate__demo">
      <p>
        <strong>Modalità dimostrativa:</strong> nessun pagamento reale. Il pulsante simula la conferma che in produzione arriva da
        Stripe.
      </p>
      <p role="alert">{message}</p>
      <button type="button" class="button" onClick={confirm} disabled={busy} aria-busy={busy}>
        Simula il pagamento
      </button>
    </div>
  );
}

function StripePaymentStep(props: {
  pledge: Extract<PledgeCreated, { mode: 'stripe' }>;
  onDone: (processing: boolean) => void;
  otherWaysToGive: string | undefined;
}) {
  const container = useRef<HTMLDivElement>(null);
  const payment = useRef<StripePayment | null>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'paying' | 'unavailable'>('loading');
  const [message, setMessage] = useState('');

  useEffect(() => {
    let alive = true;
    mountStripePayment(props.pledge, container.current!).then(
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
    };
  }, [props.pledge.clientSecret]);

  const pay = async () => {
    if (!payment.current || state === 'paying') return;
    setState('paying');
    setMessage('');
    const result = await payment.current.confirm(props.pledge.pledgeId);
    if (result.kind === 'succeeded' || result.kind === 'processing') return props.onDone(result.kind === 'processing');
    setMessage(result.kind === 'shown_error' ? result.message : GENERIC_ERROR);
    setState('ready');
  };

  if (state === 'unavailable') {
    return (
      <div role="alert">
        <p>Il modulo di pagamento sicuro non si è caricato (forse la connessione o un blocco dei contenuti). Non è stato addebitato nulla.</p>
        {props.otherWaysToGive && <p>Puoi donare anche così: {props.otherWaysToGive}</p>}
      </div>
    );
  }
  return (
    <div>
      <div ref={container} class="donate__stripe" />
      <p role="alert" class="donate__message">{message}</p>
      <button type="button" class="button" onClick={pay} disabled={state !== 'ready'} aria-busy={state === 'paying'}>
        Dona ora
      </button>
    </div>
  );
}
