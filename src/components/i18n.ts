/**
 * What the islands need of the languages: formatting, and their words through src/i18n/islands.ts,
 * which holds only the language(s) the page's island entries provided. Pure apart from that.
 */
import { formatEuros } from '../domain/money.ts';
import { islandTexts, type IslandTexts } from '../i18n/islands.ts';
import { localeTag, type Locale } from '../i18n/locale.ts';

export { localeTag, toLocale, type Locale } from '../i18n/locale.ts';

export const euros = (cents: number, locale: Locale): string => formatEuros(cents, localeTag(locale));
export const longDate = (value: Date | string, locale: Locale): string =>
  new Date(value).toLocaleDateString(localeTag(locale), { timeZone: 'Europe/Rome', dateStyle: 'long' });

export type Texts = IslandTexts;

export function texts(locale: Locale = 'it'): Texts {
  return islandTexts(locale);
}

export function registrationTexts(locale: Locale = 'it'): Texts['registration'] {
  return islandTexts(locale).registration;
}
