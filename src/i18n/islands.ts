/**
 * The words an island shows, without bundling both languages into it. In the browser each island is
 * hydrated through a small entry per language (src/components/islands/<Island>.<locale>.ts) that
 * provides the parts of that language's dictionary the island reads, then re-exports the island; a
 * page picks the entry of its own language, so an English page's JavaScript holds no Italian words.
 * On the server (build time) every part of both languages is at hand, whatever the page imported.
 */
import type * as It from './it.ts';
import { dictionary } from './index.ts';
import type { Locale } from './locale.ts';

export type IslandTexts = Pick<typeof It, 'donate' | 'errors' | 'progress' | 'result' | 'embed' | 'registration'>;
type Part = keyof IslandTexts;
const PARTS: readonly Part[] = ['donate', 'errors', 'progress', 'result', 'embed', 'registration'];

const provided: Record<Locale, Partial<IslandTexts>> = { it: {}, en: {} };

export function provideTexts(locale: Locale, parts: Partial<IslandTexts>): void {
  Object.assign(provided[locale], parts);
}

/**
 * The texts of `locale` from what was provided, falling back to `all` (the server's full dictionary);
 * reading a part that neither holds throws and names the missing entry.
 */
export function textsView(locale: Locale, parts: Partial<IslandTexts>, all: (() => IslandTexts) | null): IslandTexts {
  const view = {} as IslandTexts;
  for (const part of PARTS) {
    Object.defineProperty(view, part, {
      get: () => {
        const value = parts[part] ?? all?.()[part];
        if (!value)
          throw new Error(`No "${part}" words for "${locale}": hydrate the island through its ${locale} entry in src/components/islands/.`);
        return value;
      },
    });
  }
  return view;
}

const views = new Map<Locale, IslandTexts>();

export function islandTexts(locale: Locale): IslandTexts {
  let view = views.get(locale);
  if (!view) {
    // import.meta.env.SSR is false in the browser build, so the full dictionary is dropped from the bundles there.
    view = textsView(locale, provided[locale], import.meta.env.SSR ? () => dictionary(locale) : null);
    views.set(locale, view);
  }
  return view;
}
