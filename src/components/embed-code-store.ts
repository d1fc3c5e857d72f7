/**
 * «Incorpora sul tuo sito»'s model: the widget, language and colour the organisation picks, the code they
 * make, copying it, and the live preview's height as the embedded page reports it. The view renders it.
 */
import { clampHeight, embedSnippet, INITIAL_HEIGHT, parseAccent, type EmbedOptions, type EmbedWidget } from './embed-model.ts';
import type { Locale } from './i18n.ts';
import { createStore } from './store.ts';

export const DEFAULT_ACCENT = '#0b5394';

export interface EmbedCodeSettings {
  slug: string;
  /** The site's address at build time; the page's own origin replaces it once in the browser. */
  siteOrigin: string;
  /** The iframe's title for each language and widget. */
  frameTitles: Record<Locale, Record<EmbedWidget, string>>;
  locale: Locale;
  /** What the status line says after a copy. */
  copied: string;
  copyFailed: string;
}

interface EmbedCodeState {
  origin: string;
  widget: EmbedWidget;
  lang: Locale;
  accent: string;
  copyState: string;
  previewHeight: number;
  showPreview: boolean;
}

export function createEmbedCodeModel(settings: EmbedCodeSettings) {
  const store = createStore<EmbedCodeState>({
    origin: settings.siteOrigin,
    widget: 'progress',
    lang: settings.locale,
    accent: DEFAULT_ACCENT,
    copyState: '',
    previewHeight: INITIAL_HEIGHT.progress,
    showPreview: false,
  });
  const options = (): EmbedOptions => {
    const { origin, widget, lang, accent } = store.get();
    // The default colour stays out of the code: the snippet is shorter and follows the site's own accent.
    return {
      origin,
      slug: settings.slug,
      widget,
      locale: lang,
      accent: accent === DEFAULT_ACCENT ? null : parseAccent(accent),
      title: settings.frameTitles[lang][widget],
    };
  };
  return {
    store,
    options,
    code: () => embedSnippet(options()),
    atOrigin: (origin: string) => store.set({ origin }),
    pickWidget: (widget: EmbedWidget) => store.set({ widget, previewHeight: INITIAL_HEIGHT[widget] }),
    pickLanguage: (lang: Locale) => store.set({ lang }),
    pickAccent: (accent: string) => store.set({ accent }),
    showPreview: () => store.set({ showPreview: true }),
    /** The preview's page reported its height. */
    resized: (height: number) => store.set({ previewHeight: clampHeight(height) }),
    copy: async (writeText: (text: string) => Promise<void>) => {
      try {
        await writeText(embedSnippet(options()));
        store.set({ copyState: settings.copied });
      } catch {
        store.set({ copyState: settings.copyFailed });
      }
    },
  };
}

export type EmbedCodeModel = ReturnType<typeof createEmbedCodeModel>;
