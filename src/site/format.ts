/** Dates and money as a reader of the site expects them, in Venice's time zone. */
export { formatEuros } from '../domain/money.ts';

export type Locale = 'it' | 'en';

const TIME_ZONE = 'Europe/Rome';
const LOCALE_TAG: Record<Locale, string> = { it: 'it-IT', en: 'en-GB' };

export function formatDate(value: Date | string, locale: Locale = 'it'): string {
  return new Intl.DateTimeFormat(LOCALE_TAG[locale], { dateStyle: 'long', timeZone: TIME_ZONE }).format(new Date(value));
}

export function formatDateTime(value: Date | string, locale: Locale = 'it'): string {
  return new Intl.DateTimeFormat(LOCALE_TAG[locale], { dateStyle: 'long', timeStyle: 'short', timeZone: TIME_ZONE }).format(new Date(value));
}

export function localeTag(locale: Locale): string {
  return LOCALE_TAG[locale];
}
