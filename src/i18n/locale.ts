/** The site's two languages: Italian at `/`, English at `/en/`. The one `Locale` of pages, islands and server. */
export type Locale = 'it' | 'en';
export const LOCALES: readonly Locale[] = ['it', 'en'];

/** `?lang=en` (or a prop) picks English; anything else is Italian, the site's language. */
export function toLocale(value: string | null | undefined): Locale {
  return value === 'en' ? 'en' : 'it';
}

const TAG: Record<Locale, string> = { it: 'it-IT', en: 'en-GB' };

/** The BCP 47 tag for `Intl` formatting. */
export const localeTag = (locale: Locale): string => TAG[locale];

/** What a visitor sees of a campaign's schedule; the islands re-evaluate it from the clock. */
export type Phase = 'historical' | 'upcoming' | 'open' | 'closed' | 'cancelled';
