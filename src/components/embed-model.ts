/**
 * The embeds: the snippet an organisation copies, the messages an embedded page sends to the page
 * around it, and the accent colour it accepts (those two from embed-page.ts). Pure, shared by the islands and tests.
 */
import type { Locale } from './i18n.ts';
import { parseAccent, RESIZE_MESSAGE, type ResizeMessage } from './embed-page.ts';

// What the embedded page itself needs lives apart, so the embed pages load only that (embed-page.ts).
export { parseAccent, RESIZE_MESSAGE, textColourOn, type ResizeMessage } from './embed-page.ts';

export type EmbedWidget = 'progress' | 'donate';

/** The host-side script (public/embed/resize.js), under /embed/ like everything made for other sites. */
export const EMBED_SCRIPT_PATH = '/embed/resize.js';

/** Heights before the embedded page has measured itself (no script on the host page, or not yet loaded). */
export const INITIAL_HEIGHT: Record<EmbedWidget, number> = { progress: 260, donate: 760 };

export function isResizeMessage(data: unknown): data is ResizeMessage {
  if (typeof data !== 'object' || data === null) return false;
  const message = data as Partial<ResizeMessage>;
  return message.type === RESIZE_MESSAGE && typeof message.height === 'number' && Number.isFinite(message.height) && message.height >= 0;
}

/** A height a host page may apply: whole pixels, never absurdly tall whatever a message says. */
export function clampHeight(height: number): number {
  return Math.min(Math.ceil(height), 4000);
}

export interface EmbedOptions {
  origin: string;
  slug: string;
  widget: EmbedWidget;
  locale: Locale;
  accent: string | null;
  title: string;
}

export function embedUrl(options: Pick<EmbedOptions, 'origin' | 'slug' | 'widget' | 'locale' | 'accent'>): string {
  const url = new URL(`/embed/${encodeURIComponent(options.slug)}/${options.widget}/`, options.origin);
  if (options.locale !== 'it') url.searchParams.set('lang', options.locale);
  const accent = parseAccent(options.accent);
  if (accent) url.searchParams.set('accent', accent.slice(1));
  return url.toString();
}

const escapeAttribute = (value: string) => value.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');

/** The HTML to paste: an iframe that works alone at a fixed height, and the script that fits it to its content. */
export function embedSnippet(options: EmbedOptions): string {
  const src = embedUrl(options);
  const height = INITIAL_HEIGHT[options.widget];
  return [
    `<iframe src="${escapeAttribute(src)}" title="${escapeAttribute(options.title)}" data-civic-embed loading="lazy"${options.widget === 'donate' ? ' allow="payment"' : ''}`,
    `  style="width:100%;max-width:36rem;height:${height}px;border:0"></iframe>`,
    `<script src="${escapeAttribute(new URL(EMBED_SCRIPT_PATH, options.origin).toString())}" async></script>`,
  ].join('\n');
}
