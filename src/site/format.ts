/** Dates and money as a reader of the site expects them, in Venice's time zone. */
import type { Locale } from './i18n.ts';

export { formatEuros } from '../domain/money.ts';
export type { Locale } from './i18n.ts';

const TIME_ZONE = 'Europe/Rome';
const LOCALE_TAG: Record<Locale, string> = { it: 'it-IT', en: 'en-GB' };

export function formatDate(value: Date | string, locale: Locale = 'it'): string {
  return new Intl.DateTimeFormat(LOCALE_TAG[locale], { dateStyle: 'long', timeZone: TIME_ZONE }).format(new Date(value));
}

export function formatDateTime(value: Date | string, locale: Locale = 'it'): string {
  return new Intl.DateTimeFormat(LOCALE_TAG[locale], { dateStyle: 'long', timeStyle: 'short', timeZone: TIME_ZONE }).format(new Date(value));
}

export function formatTime(value: Date | string, locale: Locale = 'it'): string {
  return new Intl.DateTimeFormat(LOCALE_TAG[locale], { timeStyle: 'short', timeZone: TIME_ZONE }).format(new Date(value));
}

/** Cents as euros in the reader's locale: "1.250,00 €" in Italian, "€1,250.00" in English. */
export function formatMoney(cents: number, locale: Locale = 'it'): string {
  return new Intl.NumberFormat(LOCALE_TAG[locale], { style: 'currency', currency: 'EUR' }).format(cents / 100);
}

/** A share in basis points (5000 = 50%) as a percentage in the reader's locale. */
export function formatShare(basisPoints: number, locale: Locale = 'it'): string {
  return new Intl.NumberFormat(LOCALE_TAG[locale], { style: 'percent', maximumFractionDigits: 2 }).format(basisPoints / 10_000);
}

/** An ISO date (YYYY-MM-DD) in Venice's time zone, for <time datetime>. */
export function isoDate(value: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(value);
}

export function localeTag(locale: Locale): string {
  return LOCALE_TAG[locale];
}

/**
 * An instant at 00:00 in Venice stands for a day whose hour the sources do not give (e.g. a call that
 * closed "on 9 February 2024"): it is shown as a date, never with an invented time.
 */
export function formatInstant(value: Date, locale: Locale = 'it'): string {
  const time = new Intl.DateTimeFormat('en-GB', { timeStyle: 'short', timeZone: TIME_ZONE }).format(value);
  return time === '00:00' ? formatDate(value, locale) : formatDateTime(value, locale);
}
