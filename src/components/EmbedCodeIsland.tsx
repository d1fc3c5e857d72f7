/**
 * "Incorpora sul tuo sito": the organisation picks a widget, language and colour, copies the code, and
 * sees it live on request: the preview is a whole second page (its own Preact, its own island), so it
 * loads only when asked for, not with every campaign page.
 */
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { createEmbedCodeModel } from './embed-code-store.ts';
import { embedUrl, isResizeMessage, type EmbedWidget } from './embed-model.ts';
import { texts, type Locale } from './i18n.ts';
import { useStore } from './use-store.ts';
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

export default function EmbedCodeIsland({ slug, siteOrigin, canDonate, frameTitles, locale = 'it' }: Props) {
  const t = texts(locale).embed;
  const id = useId();
  const [model] = useState(() =>
    createEmbedCodeModel({ slug, siteOrigin, frameTitles, locale, copied: t.copied, copyFailed: t.copyFailed }),
  );
  const { widget, lang, accent, copyState, previewHeight, showPreview } = useStore(model.store);
  const preview = useRef<HTMLIFrameElement>(null);

  useEffect(() => {
    model.atOrigin(window.location.origin);
    // Only the preview's own page, from our origin, may size it.
    const onMessage = (event: MessageEvent) => {
      if (event.origin !== window.location.origin || event.source !== preview.current?.contentWindow) return;
      if (isResizeMessage(event.data)) model.resized(event.data.height);
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, [model]);

  const options = model.options();
  const code = model.code();
  const copy = () => model.copy((text) => navigator.clipboard.writeText(text));

  return (
    <div class="embed-code__body">
      <div class="embed-code__options">
        <fieldset>
          <legend>{t.widget}</legend>
          <label>
            <input type="radio" name={`${id}-widget`} checked={widget === 'progress'} onChange={() => model.pickWidget('progress')} />{' '}
            {t.widgetProgress}
          </label>{' '}
          {canDonate && (
            <label>
              <input type="radio" name={`${id}-widget`} checked={widget === 'donate'} onChange={() => model.pickWidget('donate')} />{' '}
              {t.widgetDonate}
            </label>
          )}
        </fieldset>
        <fieldset>
          <legend>{t.language}</legend>
          <label>
            <input type="radio" name={`${id}-lang`} checked={lang === 'it'} onChange={() => model.pickLanguage('it')} />{' '}
            <span lang="it">Italiano</span>
          </label>{' '}
          <label>
            <input type="radio" name={`${id}-lang`} checked={lang === 'en'} onChange={() => model.pickLanguage('en')} />{' '}
            <span lang="en">English</span>
          </label>
        </fieldset>
        <div>
          <label for={`${id}-accent`}>{t.accent}</label>{' '}
          <input id={`${id}-accent`} type="color" value={accent} onInput={(e) => model.pickAccent(e.currentTarget.value)} />
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
            model.showPreview();
          }}
          data-testid="embed-preview-show"
        >
          {t.showPreview}
        </a>
      )}
    </div>
  );
}
