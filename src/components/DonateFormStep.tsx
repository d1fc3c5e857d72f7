/**
 * The donate form's view. A real form: without JavaScript (or before the island wakes) it posts to the
 * server, which answers with the payment step; with JavaScript the model's submit takes over.
 */
import { useRef } from 'preact/hooks';
import { DonateAmount } from './DonateAmount.tsx';
import type { DonateModel, DonateSettings } from './donate-store.ts';
import { MESSAGE_MAX_LENGTH, type FieldName } from './donate-model.ts';
import Field from './Field.tsx';
import { Consent, ErrorSummary, FieldError, useFocusField } from './FormParts.tsx';
import { texts } from './i18n.ts';
import { useStore } from './use-store.ts';

/** Where the form posts without JavaScript (functions/pledge-form.ts). */
const FORM_ACTION = '/donazione/modulo';

interface Props {
  model: DonateModel;
  id: string;
  settings: DonateSettings;
  embedded: boolean;
}

export function DonateFormStep({ model, id, settings, embedded }: Props) {
  const { campaign, locale } = settings;
  const t = texts(locale).donate;
  const { form } = model;
  const { values, busy } = useStore(form.store);
  const errors = form.errors();
  const formRef = useRef<HTMLFormElement>(null);
  const fieldId = (field: FieldName) => `${id}-${field}`;
  // A suggested amount is chosen with its radios: the summary links the first, the focus goes to the one checked.
  const anchorOf = (field: FieldName) => (field === 'amount' && values.choice !== 'other' ? `${fieldId('amount')}-first` : fieldId(field));
  useFocusField(form, (field) =>
    field === 'amount' && values.choice !== 'other'
      ? (formRef.current?.querySelector<HTMLInputElement>('[name="amount"]:checked') ?? null)
      : document.getElementById(fieldId(field)),
  );
  const submit = (event: Event) => {
    event.preventDefault();
    void model.submit();
  };
  const text = (field: 'name' | 'email' | 'taxCode', label: string, autoComplete: string, type = 'text') => (
    <Field
      id={fieldId(field)}
      name={field}
      label={label}
      type={type}
      error={errors[field]}
      autoComplete={autoComplete}
      value={values[field] ?? ''}
      onInput={(value) => form.update({ [field]: value })}
      onBlur={() => form.leave(field)}
    />
  );
  const check = (name: 'anonymous' | 'showMessage' | 'updates', label: string) => (
    <label class="donate__check">
      <input
        type="checkbox"
        name={name}
        value="1"
        checked={values[name] ?? false}
        onChange={(e) => form.update({ [name]: e.currentTarget.checked })}
      />
      <span>{label}</span>
    </label>
  );

  return (
    <form ref={formRef} onSubmit={submit} noValidate method="post" action={FORM_ACTION}>
      <input type="hidden" name="campaign" value={campaign} />
      <input type="hidden" name="locale" value={locale} />
      {embedded && <input type="hidden" name="embedded" value="1" />}
      <ErrorSummary title={t.checkFields} errors={form.summary().map((error) => ({ ...error, href: `#${anchorOf(error.field)}` }))} />
      <DonateAmount model={model} id={fieldId('amount')} suggestedCents={settings.suggestedCents} error={errors.amount} locale={locale} />
      {check('anonymous', t.anonymous)}
      {!values.anonymous && text('name', t.name, 'name')}
      {text('email', t.email, 'email', 'email')}
      {!values.anonymous && text('taxCode', t.taxCode, 'off')}
      <div class="donate__field">
        <label for={fieldId('message')}>{t.message}</label>
        <textarea
          id={fieldId('message')}
          name="message"
          rows={3}
          maxLength={MESSAGE_MAX_LENGTH}
          value={values.message ?? ''}
          aria-invalid={Boolean(errors.message)}
          aria-describedby={errors.message ? `${fieldId('message')}-error` : undefined}
          onInput={(e) => form.update({ message: e.currentTarget.value })}
          onBlur={() => form.leave('message')}
        />
        <FieldError id={fieldId('message')} error={errors.message} />
      </div>
      {check('showMessage', t.showMessage)}
      {check('updates', t.updatesConsent)}
      <Consent id={fieldId('privacy')} name="privacy" checked={values.privacy} error={errors.privacy} onChange={model.tickPrivacy}>
        <span>
          {t.privacyBefore}
          <a href={t.privacyHref} target="_top">
            {t.privacyLink}
          </a>
          {t.privacyAfter}
        </span>
      </Consent>
      <p role="alert" class="donate__message">
        {form.alert()}
      </p>
      <button type="submit" class="button" disabled={busy} aria-busy={busy}>
        {busy ? t.wait : t.proceed}
      </button>
    </form>
  );
}
