/**
 * Registration for an infoday or a path: name, e-mail, organisation, consent -> a place or the waiting
 * list, with the private link that shows the status and cancels. No e-mail is sent: the link is shown here.
 * Its state and actions are the model's (registration-store.ts); this file renders it.
 */
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import Field from './Field.tsx';
import { Consent, useFocusField } from './FormParts.tsx';
import { registrationTexts, type Locale } from './i18n.ts';
import { dateTime, organisationRequired, type FieldName } from './registration-model.ts';
import { RegistrationConfirmation } from './RegistrationConfirmation.tsx';
import { createRegistrationModel, type RegistrationSettings } from './registration-store.ts';
import { useStore } from './use-store.ts';
import './widgets.css';

type Props = Omit<RegistrationSettings, 'locale'> & { locale?: Locale };

export default function RegistrationIsland({ locale = 'it', ...settings }: Props) {
  const t = registrationTexts(locale).form;
  const id = useId();
  const fieldId = (field: FieldName) => `${id}-${field}`;
  const [model] = useState(() => createRegistrationModel({ ...settings, locale }));
  const { form } = model;
  const { result } = useStore(model.state);
  const { values, busy } = useStore(form.store);
  const resultHeading = useRef<HTMLHeadingElement>(null);

  useEffect(() => model.clock(new Date()), [model]);
  useEffect(() => {
    if (result) resultHeading.current?.focus();
  }, [result]);
  useFocusField(form, (field) => document.getElementById(fieldId(field)));

  if (result) return <RegistrationConfirmation result={result} locale={locale} headingRef={resultHeading} />;

  const phase = model.phase();
  if (phase === 'not-yet') return <p class="registration__state">{t.notYet(dateTime(settings.opensAt, locale))}</p>;
  if (phase === 'closed') return <p class="registration__state">{t.closed}</p>;

  const errors = form.errors();
  const text = (field: 'name' | 'email' | 'organisation', label: string, autoComplete: string, type = 'text') => (
    <Field
      id={fieldId(field)}
      label={label}
      type={type}
      error={errors[field]}
      autoComplete={autoComplete}
      value={values[field]}
      onInput={(value) => form.update({ [field]: value })}
      onBlur={() => form.leave(field)}
    />
  );
  const submit = (event: Event) => {
    event.preventDefault();
    void model.submit();
  };
  return (
    <div class="registration" data-step="form">
      <p>{t.closesOn(dateTime(settings.closesAt, locale))}</p>
      <form onSubmit={submit} noValidate>
        {text('name', t.name, 'name')}
        {text('email', t.email, 'email', 'email')}
        {text('organisation', organisationRequired(settings.kind) ? t.organisationRequired : t.organisation, 'organization')}
        <Consent
          id={fieldId('privacy')}
          checked={values.privacy}
          error={errors.privacy}
          onChange={(privacy) => form.update({ privacy }, 'privacy')}
        >
          {t.privacyBefore}
          <a href={t.privacyHref}>{t.privacyLink}</a>
          {t.privacyAfter}
        </Consent>
        <p role="alert" class="donate__message">
          {form.alert()}
        </p>
        <button type="submit" class="button" disabled={busy} aria-busy={busy}>
          {busy ? t.wait : t.submit}
        </button>
      </form>
    </div>
  );
}
