/**
 * The frame every message shares: the city's identity in words (no image is loaded from anywhere,
 * so nothing tracks when a message is opened), the body, and why the person received it. Pure.
 */

import type { Locale } from '../../../i18n/locale.ts';

export interface Rendered {
  subject: string;
  text: string;
  html: string;
}

/** One block of a message, written once for both parts: HTML and plain text. */
export type Block =
  | { kind: 'p'; text: string }
  | { kind: 'facts'; items: ReadonlyArray<readonly [string, string]> }
  | { kind: 'link'; label: string; url: string }
  | { kind: 'list'; items: ReadonlyArray<{ text: string; url?: string }> };

export function escapeHtml(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}

/** Only web addresses become links: a value from content can never smuggle `javascript:` into a message. */
function safeUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error(`not a web address: ${parsed.protocol}`);
  return parsed.href;
}

const IDENTITY = {
  it: {
    city: 'Comune di Venezia',
    service: 'Crowdfunding civico',
    why: 'Ricevi questo messaggio perché hai usato il Crowdfunding civico del Comune di Venezia.',
    noReply: 'Per domande rispondi a questo messaggio o scrivi all’ufficio indicato sul sito.',
  },
  en: {
    city: 'City of Venice',
    service: 'Civic crowdfunding',
    why: 'You receive this message because you used the City of Venice’s civic crowdfunding.',
    noReply: 'For questions, reply to this message or write to the office named on the site.',
  },
} as const;

const COLOURS = { text: '#1a1a1a', muted: '#4d5766', blue: '#0066cc', dark: '#00264d', soft: '#f0f4f8', border: '#c5ced8' };

function blockHtml(block: Block): string {
  switch (block.kind) {
    case 'p':
      return `<p style="margin:0 0 1em">${escapeHtml(block.text)}</p>`;
    case 'facts':
      return `<dl style="margin:0 0 1em;padding:0.75em 1em;background:${COLOURS.soft};border-left:4px solid ${COLOURS.blue}">${block.items
        .map(
          ([term, value]) =>
            `<dt style="font-weight:bold;margin-top:0.25em">${escapeHtml(term)}</dt><dd style="margin:0 0 0.25em">${escapeHtml(value)}</dd>`,
        )
        .join('')}</dl>`;
    case 'link':
      return `<p style="margin:0 0 1em"><a href="${escapeHtml(safeUrl(block.url))}" style="color:${COLOURS.blue};font-weight:bold">${escapeHtml(block.label)}</a></p>`;
    case 'list':
      return `<ul style="margin:0 0 1em;padding-left:1.25em">${block.items
        .map(
          (item) =>
            `<li>${item.url ? `<a href="${escapeHtml(safeUrl(item.url))}" style="color:${COLOURS.blue}">${escapeHtml(item.text)}</a>` : escapeHtml(item.text)}</li>`,
        )
        .join('')}</ul>`;
  }
}

function blockText(block: Block): string {
  switch (block.kind) {
    case 'p':
      return block.text;
    case 'facts':
      return block.items.map(([term, value]) => `${term}: ${value}`).join('\n');
    case 'link':
      return `${block.label}:\n${safeUrl(block.url)}`;
    case 'list':
      return block.items.map((item) => `- ${item.text}${item.url ? `\n  ${safeUrl(item.url)}` : ''}`).join('\n');
  }
}

export function renderLayout(
  locale: Locale,
  message: { subject: string; heading: string; blocks: readonly Block[]; siteUrl: string; footer?: readonly Block[] },
): Rendered {
  const identity = IDENTITY[locale];
  const site = safeUrl(message.siteUrl);
  const footer = message.footer ?? [];
  const html = [
    '<!doctype html>',
    `<html lang="${locale}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(message.subject)}</title></head>`,
    `<body style="margin:0;padding:0;background:${COLOURS.soft};color:${COLOURS.text};font-family:'Titillium Web',Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5">`,
    `<header style="background:${COLOURS.dark};color:#ffffff;padding:1em 1.25em"><p style="margin:0;font-size:1.1em"><strong>${escapeHtml(identity.city)}</strong> · ${escapeHtml(identity.service)}</p></header>`,
    `<main style="background:#ffffff;max-width:40em;margin:0 auto;padding:1.25em">`,
    `<h1 style="font-size:1.4em;line-height:1.25;color:${COLOURS.dark};margin:0 0 0.75em">${escapeHtml(message.heading)}</h1>`,
    ...message.blocks.map(blockHtml),
    '</main>',
    `<footer style="max-width:40em;margin:0 auto;padding:1em 1.25em;color:${COLOURS.muted};font-size:0.9em">`,
    ...footer.map(blockHtml),
    `<p style="margin:0 0 0.5em">${escapeHtml(identity.why)} ${escapeHtml(identity.noReply)}</p>`,
    `<p style="margin:0"><a href="${escapeHtml(site)}" style="color:${COLOURS.dark}">${escapeHtml(new URL(site).host)}</a></p>`,
    '</footer>',
    '</body></html>',
  ].join('\n');
  const text = [
    `${identity.city} · ${identity.service}`,
    '',
    message.heading,
    '',
    ...message.blocks.map((block) => `${blockText(block)}\n`),
    '-- ',
    ...footer.map((block) => `${blockText(block)}\n`),
    `${identity.why} ${identity.noReply}`,
    site,
    '',
  ].join('\n');
  return { subject: message.subject, text, html };
}
