/**
 * The words an island shows, without bundling both languages into it. Each island is hydrated
 * through a small entry per language (src/components/islands/<Island>.<locale>.ts) that provides
 * the parts of that language's dictionary the island reads, then re-exports the island; a page
 * picks the entry of its own language, so an English page's JavaScript holds no Italian words.
 */
import type * as It from './it.ts';
import type { Locale } from './locale.ts';

export type IslandTexts = Pick<typeof It, 'donate' | 'errors' | 'progress' | 'result' | 'embed' | 'registration'>;
type Part = keyof IslandTexts;
const PARTS: readonly Part[] = ['donate', 'errors', 'progress', 'result', 'embed', 'registration'];

const provided: Record<Locale, Partial<IslandTexts>> = { it: {}, en: {} };

export function provideTexts(locale: Locale, parts: Partial<IslandTexts>): void {
  Object.assign(provided[locale], parts);
}

const views = new Map<Locale, IslandTexts>();

/** The island texts of `locale`; reading a part nobody provided throws and names the missing entry. */
export function islandTexts(locale: Locale): IslandTexts {
  let view = views.get(locale);
  if (!view) {
    view = {} as IslandTexts;
    for (const part of PARTS) {
      Object.defineProperty(view, part, {
        get: () => {
          const value = provided[locale][part];
          if (!value) throw new Error(`No "${part}" words for "${locale}": hydrate the island through its ${locale} entry in src/components/islands/.`);
          return value;
        },
      });
    }
    views.set(locale, view);
  }
  return view;
}
