/**
 * What the islands need of the languages: formatting, and their words through src/i18n/islands.ts,
 * which holds only the language(s) the page's island entries provided. Pure apart from that.
 */
import { formatAmount, formatDate, formatMoney } from '../i18n/format.ts';
import { islandTexts, type IslandTexts } from '../i18n/islands.ts';
import type { Locale } from '../i18n/locale.ts';

export { localeTag, toLocale, type Locale } from '../i18n/locale.ts';

/** Money in a sentence, from the one formatter of pages and islands (src/i18n/format.ts): «5.000 €», «12,50 €». */
export const euros = (cents: number, locale: Locale): string => formatAmount(cents, locale);
/** Money in a summary or receipt, always with cents. */
export const eurosExact = (cents: number, locale: Locale): string => formatMoney(cents, locale);
export const longDate = (value: Date | string, locale: Locale): string => formatDate(value, locale);

export type Texts = IslandTexts;

export function texts(locale: Locale = 'it'): Texts {
  return islandTexts(locale);
}

export function registrationTexts(locale: Locale = 'it'): Texts['registration'] {
  return islandTexts(locale).registration;
}
