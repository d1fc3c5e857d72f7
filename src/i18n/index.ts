/**
 * Both dictionaries, for code that runs at build time or on the server. Islands never import this
 * module (it holds both languages): they get their words through src/i18n/islands.ts.
 */
import * as it from './it.ts';
import * as en from './en.ts';
import type { Locale } from './locale.ts';

export type Dictionary = typeof it;

// A key missing in English, or a whole part, fails `npm run check` here and in en.ts.
const DICTIONARIES = { it, en } satisfies Record<Locale, Dictionary>;

export function dictionary(locale: Locale): Dictionary {
  return DICTIONARIES[locale];
}

export type { Locale } from './locale.ts';
