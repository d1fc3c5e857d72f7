/**
 * The site's two languages. Italian lives at `/`, English at `/en/` with the same path after the prefix,
 * so switching language is adding or removing `/en`. Words of the interface live in src/i18n/ (one
 * module per language); words of the content live in content/ (English files in content/<collection>/en/).
 */
import type { District, SocialProblem } from '../content/schemas.ts';
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

const DISTRICTS_EN: Record<District, string> = {
  'venezia-murano-burano': 'Venice-Murano-Burano',
  'lido-pellestrina': 'Lido-Pellestrina',
  'favaro-veneto': 'Favaro Veneto',
  'mestre-carpenedo': 'Mestre-Carpenedo',
  'chirignago-zelarino': 'Chirignago-Zelarino',
  marghera: 'Marghera',
};

const SOCIAL_PROBLEMS_EN: Record<SocialProblem, string> = {
  'inclusione-sociale': 'Social inclusion',
  anziani: 'Older people',
  disabilita: 'Disability',
  'ambiente-clima': 'Environment and climate',
  'cultura-aggregazione': 'Culture and community life',
  'poverta-alimentare': 'Food poverty',
  'infanzia-giovani': 'Children and young people',
  'spazi-pubblici': 'Public spaces',
};

export { DISTRICTS_EN, SOCIAL_PROBLEMS_EN };

export type Strings = Dictionary['site'];

/** The words of the pages in `locale` (build time only). */
export function t(locale: Locale): Strings {
  return dictionary(locale).site;
}
