/** The registration form's rules, apart from its view: what a person typed becomes a registration, or field errors. */
import { isToken, managePath, windowState, type EventKind, type WindowState } from '../domain/registration.ts';
import type { RegistrationBody, RegistrationView } from './api.ts';
import type { Locale } from './i18n.ts';
import { registrationTexts } from './i18n.ts';

export interface RegistrationForm {
  name: string;
  email: string;
  organisation: string;
  privacy: boolean;
}

export type FieldName = 'name' | 'email' | 'organisation' | 'privacy';
export type FieldErrors = Partial<Record<FieldName, string>>;

/** The order of the fields on screen: focus goes to the first one at fault. */
export const FIELD_ORDER: readonly FieldName[] = ['name', 'email', 'organisation', 'privacy'];

export const EMPTY_FORM: RegistrationForm = { name: '', email: '', organisation: '', privacy: false };

/** A path registers organisations, so it asks which one; an infoday asks, but does not insist. */
export const organisationRequired = (kind: EventKind): boolean => kind === 'path';

export function validate(form: RegistrationForm, kind: EventKind, locale: Locale = 'it'): FieldErrors {
  const t = registrationTexts(locale).errors;
  const errors: FieldErrors = {};
  if (form.name.trim() === '') errors.name = t.name;
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(form.email.trim())) errors.email = t.email;
  if (organisationRequired(kind) && form.organisation.trim() === '') errors.organisation = t.organisation;
  if (!form.privacy) errors.privacy = t.privacy;
  return errors;
}

export function firstInvalidField(errors: FieldErrors): FieldName | undefined {
  return FIELD_ORDER.find((field) => errors[field] !== undefined);
}

export function toRegistrationBody(form: RegistrationForm, locale: Locale = 'it'): RegistrationBody {
  const organisation = form.organisation.trim();
  return {
    name: form.name.trim(),
    email: form.email.trim(),
    ...(organisation !== '' && { organisation }),
    consent: { privacy: form.privacy },
    locale,
  };
}

/** What the person is told about a refused request: our words for known codes, a calm generic message otherwise. */
export function messageFor(code: string | undefined, locale: Locale = 'it'): string {
  const t = registrationTexts(locale).errors;
  return (code && t.codes[code]) || t.generic;
}

/** The window as the visitor's clock sees it: the page may have been built before it opened or closed. */
export function formPhase(window: { opensAt: string; closesAt: string }, now: Date): WindowState {
  return windowState({ opensAt: new Date(window.opensAt), closesAt: new Date(window.closesAt) }, now);
}

/** The private link in full, to bookmark or copy. */
export function privateLink(origin: string, locale: Locale, token: string): string {
  return `${origin}${managePath(locale, token)}`;
}

export interface Outcome {
  heading: string;
  text: string;
}

export function outcomeOf(view: Pick<RegistrationView, 'status' | 'position'>, locale: Locale = 'it'): Outcome {
  const t = registrationTexts(locale).result;
  if (view.status === 'confirmed') return { heading: t.confirmed, text: t.confirmedText };
  if (view.status === 'waitlisted') return { heading: t.waitlisted, text: t.waitlistedText(view.position ?? 1) };
  return { heading: t.cancelled, text: t.cancelledText };
}

/** Whether to tell a confirmed person of an online event where the link to join is: in their e-mail, never on a page. */
export function linkByEmail(view: Pick<RegistrationView, 'status' | 'event'>): boolean {
  return view.status === 'confirmed' && view.event.mode === 'online';
}

/** The token is the fragment of the private link's page: `#<token>`. */
export function tokenFromHash(hash: string): string | null {
  const token = decodeURIComponent(hash.replace(/^#/, '')).trim();
  return isToken(token) ? token : null;
}

/** A date and time as people in Venice read it, in the page's language. */
export function dateTime(value: string | Date, locale: Locale): string {
  return new Date(value).toLocaleString(locale === 'en' ? 'en-GB' : 'it-IT', {
    timeZone: 'Europe/Rome',
    dateStyle: 'long',
    timeStyle: 'short',
  });
}
