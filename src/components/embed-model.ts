/**
 * The embeds: the snippet an organisation copies, the messages an embedded page sends to the page
 * around it, and the accent colour it accepts. Pure, shared by the islands, the frame script and tests.
 */
import type { Locale } from './i18n.ts';

export type EmbedWidget = 'progress' | 'donate';

export const RESIZE_MESSAGE = 'civic-embed:resize';

/** The host-side script (public/embed/resize.js), under /embed/ like everything made for other sites. */
export const EMBED_SCRIPT_PATH = '/embed/resize.js';

export interface ResizeMessage {
  type: typeof RESIZE_MESSAGE;
  height: number;
}

/** Heights before the embedded page has measured itself (no script on the host page, or not yet loaded). */
export const INITIAL_HEIGHT: Record<EmbedWidget, number> = { progress: 260, donate: 760 };

/** `#0b5394`, `0b5394` or `#fff`: a hex colour, returned with its `#`; anything else is refused. */
export function parseAccent(value: string | null | undefined): string | null {
  const match = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec((value ?? '').trim());
  return match ? `#${match[1]!.toLowerCase()}` : null;
}

/** Black or white, whichever reads better on the accent (WCAG relative luminance). */
export function textColourOn(accent: string): '#000' | '#fff' {
  const hex = accent.slice(1);
  const full = hex.length === 3 ? hex.replace(/./g, '$&$&') : hex;
  const channel = (i: number) => {
    const v = parseInt(full.slice(i, i + 2), 16) / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
  // Contrast with white is (1.05)/(L+0.05), with black (L+0.05)/0.05: pick the larger.
  return 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.05 ? '#fff' : '#000';
}

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
