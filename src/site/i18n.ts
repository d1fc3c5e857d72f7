/**
 * The site's two languages. Italian lives at `/`, English at `/en/` with the same path after the prefix,
 * so switching language is adding or removing `/en`. Words of the interface live in src/i18n/ (one
 * module per language); words of the content live in content/ (English files in content/<collection>/en/).
 */
import { dictionary, type Dictionary } from '../i18n/index.ts';
import type { Locale } from '../i18n/locale.ts';

export { LOCALES, type Locale, type Phase } from '../i18n/locale.ts';

/** `/campagne/x/` in the given language: `/campagne/x/` or `/en/campagne/x/`. */
export function localePath(locale: Locale, path: string): string {
  const clean = path.startsWith('/') ? path : `/${path}`;
  return locale === 'it' ? clean : clean === '/' ? '/en/' : `/en${clean}`;
}

/** The language of a path and the same path without its language prefix. */
export function splitLocale(pathname: string): { locale: Locale; path: string } {
  if (pathname === '/en' || pathname.startsWith('/en/')) return { locale: 'en', path: pathname.slice(3) || '/' };
  return { locale: 'it', path: pathname };
}

/** The same page in the other language: what the language switcher links to. */
export function otherLanguagePath(pathname: string): { locale: Locale; path: string } {
  const { locale, path } = splitLocale(pathname);
  const other: Locale = locale === 'it' ? 'en' : 'it';
  return { locale: other, path: localePath(other, path) };
}

export type Strings = Dictionary['site'];

/** The words of the pages in `locale` (build time only). */
export function t(locale: Locale): Strings {
  return dictionary(locale).site;
}
