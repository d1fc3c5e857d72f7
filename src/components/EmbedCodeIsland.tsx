/**
 * "Incorpora sul tuo sito": the organisation picks a widget, language and colour, copies the code, and
 * sees it live on request: the preview is a whole second page (its own Preact, its own island), so it
 * loads only when asked for, not with every campaign page.
 */
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { clampHeight, embedSnippet, embedUrl, INITIAL_HEIGHT, isResizeMessage, parseAccent, type EmbedWidget } from './embed-model.ts';
import { texts, type Locale } from './i18n.ts';
import './widgets.css';

interface Props {
  slug: string;
  /** The site's address at build time; the page's own origin replaces it once in the browser. */
  siteOrigin: string;
  /** Offer the donate widget only while the campaign collects. */
  canDonate: boolean;
  /** The iframe's title for each language and widget, from the page: the island carries one language's words. */
  frameTitles: Record<Locale, Record<EmbedWidget, string>>;
  locale?: Locale;
}

const DEFAULT_ACCENT = '#0b5394';

export default function EmbedCodeIsland({ slug, siteOrigin, canDonate, frameTitles, locale = 'it' }: Props) {
  const t = texts(locale).embed;
  const id = useId();
  const [origin, setOrigin] = useState(siteOrigin);
  const [widget, setWidget] = useState<EmbedWidget>('progress');
  const [lang, setLang] = useState<Locale>(locale);
  const [accent, setAccent] = useState(DEFAULT_ACCENT);
  const [copyState, setCopyState] = useState('');
  const [previewHeight, setPreviewHeight] = useState(INITIAL_HEIGHT.progress);
  const [showPreview, setShowPreview] = useState(false);
  const preview = useRef<HTMLIFrameElement>(null);

  useEffect(() => {
    setOrigin(window.location.origin);
    const onMessage = (event: MessageEvent) => {
      if (event.origin !== window.location.origin || event.source !== preview.current?.contentWindow) return;
      if (isResizeMessage(event.data)) setPreviewHeight(clampHeight(event.data.height));
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, []);

  const options = { origin, slug, widget, locale: lang, accent: accent === DEFAULT_ACCENT ? null : parseAccent(accent), title: frameTitles[lang][widget] };
  const code = embedSnippet(options);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(code);
      setCopyState(t.copied);
    } catch {
      setCopyState(t.copyFailed);
    }
  };

  const choose = (next: EmbedWidget) => {
    setWidget(next);
    setPreviewHeight(INITIAL_HEIGHT[next]);
  };

  return (
    <div class="embed-code__body">
      <div class="embed-code__options">
        <fieldset>
          <legend>{t.widget}</legend>
          <label>
            <input type="radio" name={`${id}-widget`} checked={widget === 'progress'} onChange={() => choose('progress')} /> {t.widgetProgress}
          </label>{' '}
          {canDonate && (
            <label>
              <input type="radio" name={`${id}-widget`} checked={widget === 'donate'} onChange={() => choose('donate')} /> {t.widgetDonate}
            </label>
          )}
        </fieldset>
        <fieldset>
          <legend>{t.language}</legend>
          <label>
            <input type="radio" name={`${id}-lang`} checked={lang === 'it'} onChange={() => setLang('it')} /> <span lang="it">Italiano</span>
          </label>{' '}
          <label>
            <input type="radio" name={`${id}-lang`} checked={lang === 'en'} onChange={() => setLang('en')} /> <span lang="en">English</span>
          </label>
        </fieldset>
        <div>
          <label for={`${id}-accent`}>{t.accent}</label>{' '}
          <input id={`${id}-accent`} type="color" value={accent} onInput={(e) => setAccent(e.currentTarget.value)} />
        </div>
      </div>
      <label for={`${id}-code`}>{t.code}</label>
      <textarea id={`${id}-code`} readOnly rows={4} value={code} data-testid="embed-code" onFocus={(e) => e.currentTarget.select()} />
      <button type="button" class="button" onClick={copy}>
        {t.copy}
      </button>
      <p role="status">{copyState}</p>
      <h3>{t.preview}</h3>
      {showPreview ? (
        <iframe
          ref={preview}
          src={embedUrl(options)}
          title={options.title}
          style={{ height: `${previewHeight}px` }}
          data-testid="embed-preview"
        />
      ) : (
        // A link to the widget's own page, so the preview works without JavaScript too; with it, the frame opens here.
        <a
          class="button"
          href={embedUrl(options)}
          onClick={(event) => {
            event.preventDefault();
            setShowPreview(true);
          }}
          data-testid="embed-preview-show"
        >
          {t.showPreview}
        </a>
      )}
    </div>
  );
}
