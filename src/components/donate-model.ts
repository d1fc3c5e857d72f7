/** The donate form's rules, apart from its view: what the donor typed becomes a pledge, or field errors. */
import { eurosToCents } from '../domain/money.ts';
import type { PledgeBody } from './api.ts';
import { euros, texts, type Locale } from './i18n.ts';

export interface DonateForm {
  /** A suggested amount in cents, or 'other' when the donor types one. */
  choice: number | 'other';
  otherEuros: string;
  name: string;
  anonymous: boolean;
  email: string;
  privacy: boolean;
  /** For an art. 83 receipt; empty when the donor wants none. */
  taxCode?: string;
  message?: string;
  /** The message is shown publicly only with this consent. */
  showMessage?: boolean;
  /** The campaign's news by e-mail: a consent of its own, never ticked for the donor. */
  updates?: boolean;
}

export type FieldName = 'amount' | 'name' | 'email' | 'taxCode' | 'message' | 'privacy';
export type FieldErrors = Partial<Record<FieldName, string>>;

/** The order of the fields on screen: focus goes to the first one at fault. */
export const FIELD_ORDER: readonly FieldName[] = ['amount', 'name', 'email', 'taxCode', 'message', 'privacy'];

export interface Limits {
  minCents: number;
  maxCents: number;
}

export const MESSAGE_MAX_LENGTH = 500;

// The same shape the server checks (src/domain/pledge.ts): a person's 16 characters or an entity's 11 digits.
// The server stays the judge; this only spares the donor a round trip. A unit test keeps the two in step.
const TAX_CODE = /^(?:[A-Z]{6}\d{2}[A-EHLMPR-T]\d{2}[A-Z]\d{3}[A-Z]|\d{11})$/;

export function normaliseTaxCode(text: string): string {
  return text.replace(/\s/g, '').toUpperCase();
}

/** Reads "25", "25,50" or "25.50" as euros; null when it is not an amount. */
export function parseEuros(text: string): number | null {
  const normalised = text.trim().replace(/\s|€/g, '').replace(',', '.');
  if (!/^\d+(\.\d{1,2})?$/.test(normalised)) return null;
  return eurosToCents(Number(normalised));
}

export function amountCents(form: DonateForm): number | null {
  return form.choice === 'other' ? parseEuros(form.otherEuros) : form.choice;
}

export function validate(form: DonateForm, limits: Limits, locale: Locale = 'it'): FieldErrors {
  const t = texts(locale).errors;
  const errors: FieldErrors = {};
  const cents = amountCents(form);
  if (cents === null) errors.amount = t.amountNotNumber;
  else if (cents < limits.minCents || cents > limits.maxCents) {
    errors.amount = t.amountRange(euros(limits.minCents, locale), euros(limits.maxCents, locale));
  }
  if (!form.anonymous && form.name.trim() === '') errors.name = t.name;
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(form.email.trim())) errors.email = t.email;
  const taxCode = normaliseTaxCode(form.taxCode ?? '');
  if (taxCode !== '' && !TAX_CODE.test(taxCode)) errors.taxCode = t.taxCode;
  if ((form.message ?? '').trim().length > MESSAGE_MAX_LENGTH) errors.message = t.message;
  if (!form.privacy) errors.privacy = t.privacy;
  return errors;
}

export function firstInvalidField(errors: FieldErrors): FieldName | undefined {
  return FIELD_ORDER.find((field) => errors[field] !== undefined);
}

export function toPledgeBody(campaign: string, form: DonateForm, locale: Locale = 'it'): PledgeBody {
  const taxCode = normaliseTaxCode(form.taxCode ?? '');
  const message = (form.message ?? '').trim();
  return {
    campaign,
    amountCents: amountCents(form) ?? 0,
    donor: {
      email: form.email.trim(),
      anonymous: form.anonymous,
      ...(!form.anonymous && { name: form.name.trim() }),
      ...(taxCode !== '' && { taxCode }),
    },
    ...(message !== '' && { message, showMessage: form.showMessage === true }),
    consent: { privacy: form.privacy, ...(form.updates === true && { updates: true }) },
    locale,
  };
}

/**
 * The errors a person sees: every field's error is recomputed from what is typed now, and shown once the
 * field has been left (or the form sent), so an error never outlives its cause and a half-typed field is
 * not scolded.
 */
export function shownErrors(
  form: DonateForm,
  limits: Limits,
  locale: Locale,
  visited: ReadonlySet<FieldName>,
  submitted: boolean,
): FieldErrors {
  const all = validate(form, limits, locale);
  const shown: FieldErrors = {};
  for (const field of FIELD_ORDER) {
    const message = all[field];
    if (message !== undefined && (submitted || visited.has(field))) shown[field] = message;
  }
  return shown;
}

/** The errors in screen order, for the summary at the top of the form. */
export function errorList(errors: FieldErrors): { field: FieldName; message: string }[] {
  return FIELD_ORDER.flatMap((field) => (errors[field] === undefined ? [] : [{ field, message: errors[field] }]));
}

/** The server names the field at fault in its own terms (`donor.email`); the form speaks of its fields. */
const SERVER_FIELDS: Record<string, FieldName> = {
  amountCents: 'amount',
  'donor.name': 'name',
  'donor.email': 'email',
  'donor.taxCode': 'taxCode',
  message: 'message',
  'consent.privacy': 'privacy',
  consent: 'privacy',
};

export function fieldOfServerError(field: string | undefined): FieldName | undefined {
  return field === undefined ? undefined : SERVER_FIELDS[field];
}

/**
 * A refused pledge as the form shows it: the field the server names gets our message for that field, in the
 * page's language; the server's own text (an English developer message) never reaches the person.
 */
export function serverErrors(
  error: { code?: string; field?: string } | undefined,
  form: DonateForm,
  limits: Limits,
  locale: Locale,
): { fields: FieldErrors; message: string } {
  const field = fieldOfServerError(error?.field);
  if (!field) return { fields: {}, message: messageFor(error?.code, locale) };
  const t = texts(locale).errors;
  const fallback: Record<FieldName, string> = {
    amount: t.amountRange(euros(limits.minCents, locale), euros(limits.maxCents, locale)),
    name: t.name,
    email: t.email,
    taxCode: t.taxCode,
    message: t.message,
    privacy: t.privacy,
  };
  const ours = validate(form, limits, locale)[field] ?? fallback[field];
  return { fields: { [field]: ours }, message: texts(locale).donate.checkFields };
}

/** What to tell the donor about a refused request: our words for known codes, a calm generic message otherwise. */
export function messageFor(code: string | undefined, locale: Locale = 'it'): string {
  const t = texts(locale).errors;
  return (code && t.codes[code]) || t.generic;
}

/**
 * The form as the browser posts it without JavaScript (application/x-www-form-urlencoded, the field names of
 * the island's inputs). Unknown or missing values become what an untouched form holds, so validation speaks.
 */
export function formFromFields(fields: { get(name: string): string | null }): DonateForm {
  const text = (name: string) => (fields.get(name) ?? '').slice(0, 2_000);
  // A browser sends a ticked box's value and leaves an unticked one out.
  const ticked = (name: string) => text(name) !== '';
  const amount = text('amount');
  const otherEuros = text('otherEuros');
  const cents = /^\d{1,9}$/.test(amount) ? Number(amount) : null;
  // A typed amount wins over a suggested one, as it does in the island.
  const choice: DonateForm['choice'] = otherEuros.trim() !== '' || cents === null ? 'other' : cents;
  return {
    choice,
    otherEuros,
    name: text('name'),
    anonymous: ticked('anonymous'),
    email: text('email'),
    taxCode: text('taxCode'),
    message: text('message'),
    showMessage: ticked('showMessage'),
    updates: ticked('updates'),
    privacy: ticked('privacy'),
  };
}
