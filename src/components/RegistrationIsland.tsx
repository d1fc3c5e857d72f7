/**
 * Registration for an infoday or a path: name, e-mail, organisation, consent -> a place or the waiting
 * list, with the private link that shows the status and cancels. No e-mail is sent: the link is shown here.
 */
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { ApiFailure, createRegistration, type RegistrationCreated } from './api.ts';
import type { Locale } from './i18n.ts';
import { registrationTexts } from './i18n.ts';
import {
  dateTime,
  EMPTY_FORM,
  firstInvalidField,
  formPhase,
  linkByEmail,
  messageFor,
  organisationRequired,
  outcomeOf,
  privateLink,
  toRegistrationBody,
  validate,
  type FieldErrors,
  type FieldName,
  type RegistrationForm,
} from './registration-model.ts';
import './widgets.css';
import Field from './Field.tsx';

interface Props {
  kind: 'infoday' | 'path';
  slug: string;
  opensAt: string;
  closesAt: string;
  /** When the page was built: the first render says what was true then, the browser's clock corrects it. */
  builtAt: string;
  locale?: Locale;
}

export default function RegistrationIsland({ kind, slug, opensAt, closesAt, builtAt, locale = 'it' }: Props) {
  const t = registrationTexts(locale);
  const id = useId();
  const fieldId = (field: FieldName) => `${id}-${field}`;
  const [now, setNow] = useState(() => new Date(builtAt));
  const [form, setForm] = useState<RegistrationForm>(EMPTY_FORM);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<RegistrationCreated | null>(null);
  // A ref, not state: two clicks in the same frame both see the state of the last render.
  const submitting = useRef(false);
  const focusAfterRender = useRef<FieldName | null>(null);
  const resultHeading = useRef<HTMLHeadingElement>(null);

  useEffect(() => setNow(new Date()), []);
  useEffect(() => {
    if (result) resultHeading.current?.focus();
  }, [result]);
  useEffect(() => {
    if (!focusAfterRender.current) return;
    document.getElementById(fieldId(focusAfterRender.current))?.focus();
    focusAfterRender.current = null;
  });

  const submit = async (event: Event) => {
    event.preventDefault();
    if (submitting.current) return;
    const found = validate(form, kind, locale);
    setErrors(found);
    const invalid = firstInvalidField(found);
    if (invalid) {
      setMessage(t.form.checkFields);
      focusAfterRender.current = invalid;
      return;
    }
    submitting.current = true;
    setBusy(true);
    setMessage('');
    try {
      setResult(await createRegistration(kind, slug, toRegistrationBody(form, locale)));
    } catch (error) {
      setMessage(messageFor(error instanceof ApiFailure ? error.error.code : undefined, locale));
      submitting.current = false;
      setBusy(false);
    }
  };

  if (result) return <Confirmation result={result} locale={locale} headingRef={resultHeading} />;

  const phase = formPhase({ opensAt, closesAt }, now);
  if (phase === 'not-yet') return <p class="registration__state">{t.form.notYet(dateTime(opensAt, locale))}</p>;
  if (phase === 'closed') return <p class="registration__state">{t.form.closed}</p>;

  const describedBy = (field: FieldName) => (errors[field] ? `${fieldId(field)}-error` : undefined);
  const update = (patch: Partial<RegistrationForm>) => setForm({ ...form, ...patch });
  return (
    <div class="registration" data-step="form">
      <p>{t.form.closesOn(dateTime(closesAt, locale))}</p>
      <form onSubmit={submit} noValidate>
        <Field id={fieldId('name')} label={t.form.name} error={errors.name} autoComplete="name" value={form.name} onInput={(v) => update({ name: v })} />
        <Field id={fieldId('email')} label={t.form.email} type="email" error={errors.email} autoComplete="email" value={form.email} onInput={(v) => update({ email: v })} />
        <Field
          id={fieldId('organisation')}
          label={organisationRequired(kind) ? t.form.organisationRequired : t.form.organisation}
          error={errors.organisation}
          autoComplete="organization"
          value={form.organisation}
          onInput={(v) => update({ organisation: v })}
        />
        <label class="donate__check">
          <input
            id={fieldId('privacy')}
            type="checkbox"
            checked={form.privacy}
            aria-invalid={Boolean(errors.privacy)}
            aria-describedby={describedBy('privacy')}
            onChange={(e) => update({ privacy: e.currentTarget.checked })}
          />
          {t.form.privacyBefore}
          <a href={t.form.privacyHref}>{t.form.privacyLink}</a>
          {t.form.privacyAfter}
        </label>
        {errors.privacy && (
          <p id={`${fieldId('privacy')}-error`} class="donate__error">
            {errors.privacy}
          </p>
        )}
        <p role="alert" class="donate__message">
          {message}
        </p>
        <button type="submit" class="button" disabled={busy} aria-busy={busy}>
          {busy ? t.form.wait : t.form.submit}
        </button>
      </form>
    </div>
  );
}

function Confirmation({ result, locale, headingRef }: { result: RegistrationCreated; locale: Locale; headingRef: { current: HTMLHeadingElement | null } }) {
  const t = registrationTexts(locale).result;
  const outcome = outcomeOf(result, locale);
  const link = privateLink(window.location.origin, locale, result.token);
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = () =>
    navigator.clipboard.writeText(link).then(
      () => setCopyState('copied'),
      () => setCopyState('failed'),
    );
  return (
    <div class="registration" data-step="done" data-status={result.status}>
      <h3 tabIndex={-1} ref={headingRef}>
        {outcome.heading}
      </h3>
      <p role="status">{outcome.text}</p>
      {linkByEmail(result) && <p>{t.onlineLinkByEmail}</p>}
      <div class="registration__keep">
        <h4>{t.keepTitle}</h4>
        <p>{t.keepText}</p>
        <p class="registration__link">
          <a href={link} data-private-link>{link}</a>
        </p>
        <button type="button" class="button button--secondary" onClick={copy}>
          {t.copy}
        </button>
        <span role="status">{copyState === 'copied' ? t.copied : copyState === 'failed' ? t.copyFailed : ''}</span>
      </div>
    </div>
  );
}
