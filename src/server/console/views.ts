/** The console's HTML: one layout and small builders. Every value goes through `esc`. */
import { formatMoney } from '../../i18n/format.ts';
import { can, isAdmin, type Principal } from '../../domain/staff.ts';
import type { Locale } from '../../site/i18n.ts';
import { consolePath, type RouteKey, type RouteParams } from './paths.ts';
import { words } from './words.ts';

/** What a table cell or attribute may show: text and numbers, nothing that would print as [object Object]. */
export type Printable = string | number | bigint | boolean | null | undefined;

export function esc(value: Printable): string {
  return String(value ?? '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

export const euros = (cents: number, locale: Locale) => formatMoney(cents, locale);

export const dateTime = (value: Date | string | null, locale: Locale) =>
  value
    ? new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'it-IT', {
        dateStyle: 'short',
        timeStyle: 'short',
        timeZone: 'Europe/Rome',
      }).format(new Date(value))
    : '';

export interface Page {
  locale: Locale;
  title: string;
  body: string;
  principal: Principal | null;
  csrf: string | null;
  /** The route of this page, so the language switcher leads to the same page. */
  route?: { key: RouteKey; params?: RouteParams };
  current?: RouteKey;
}

/** A form that changes data: POST, with the session's CSRF token. */
export function postForm(action: string, csrf: string | null, inner: string, attributes = ''): string {
  return `<form method="post" action="${esc(action)}"${attributes}>${csrf ? `<input type="hidden" name="csrf" value="${esc(csrf)}">` : ''}${inner}</form>`;
}

export function table(caption: string, headers: string[], rows: string[][]): string {
  return `<div class="console-table"><table><caption>${esc(caption)}</caption><thead><tr>${headers.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((row) => `<tr>${row.join('')}</tr>`)
    .join('')}</tbody></table></div>`;
}

export const cell = (value: Printable) => `<td>${esc(value)}</td>`;
export const rawCell = (html: string) => `<td>${html}</td>`;

export function notice(text: string | null): string {
  return text ? `<p class="notice" role="status">${esc(text)}</p>` : '';
}

export function layout(page: Page): string {
  const w = words(page.locale);
  const other: Locale = page.locale === 'it' ? 'en' : 'it';
  const switchHref = page.route ? consolePath(other, page.route.key, page.route.params) : consolePath(other, 'home');
  const who = page.principal;
  const nav: [RouteKey, string, boolean][] = who
    ? [
        ['home', w.nav.home, true],
        ['reconciliation', w.nav.reconciliation, can(who, 'read_city')],
        ['registrations', w.nav.registrations, can(who, 'read_city')],
        ['donors', w.nav.donors, can(who, 'forget_donor')],
        ['organisations', w.nav.organisations, true],
        ['mail', w.nav.mail, can(who, 'read_city')],
        ['people', w.nav.people, isAdmin(who)],
        ['audit', w.nav.audit, can(who, 'read_city')],
      ]
    : [];
  const navHtml = nav
    .filter(([, , shown]) => shown)
    .map(
      ([key, label]) =>
        `<li><a href="${consolePath(page.locale, key)}"${page.current === key ? ' aria-current="page"' : ''}>${esc(label)}</a></li>`,
    )
    .join('');
  const account = who
    ? `<div class="console-account"><p>${esc(w.signedInAs)} <strong>${esc(who.name)}</strong> (${esc(who.email)}) · ${esc(
        who.grants.map((grant) => (grant.organisation ? `${w.roles[grant.role]}: ${grant.organisation}` : w.roles[grant.role])).join(', '),
      )}</p>${postForm(consolePath(page.locale, 'signOut'), page.csrf, `<button type="submit">${esc(w.signOut)}</button>`)}${postForm(
        consolePath(page.locale, 'signOutEverywhere'),
        page.csrf,
        `<button type="submit">${esc(w.signOutEverywhere)}</button>`,
      )}</div>`
    : '';
  return `<!doctype html>
<html lang="${w.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${esc(page.title)} · ${esc(w.console)} · ${esc(w.site)}</title>
<link rel="stylesheet" href="/console.css">
</head>
<body>
<a class="skip-link" href="#main">${esc(w.skip)}</a>
<header class="console-header">
<p class="console-brand"><a href="${consolePath(page.locale, 'home')}">${esc(w.console)}</a> · ${esc(w.site)}</p>
<p><a href="${esc(switchHref)}" lang="${other}" hreflang="${other}">${esc(w.otherLanguage)}</a></p>
</header>
${navHtml ? `<nav class="console-nav" aria-label="${esc(w.console)}"><ul>${navHtml}</ul></nav>` : ''}
<main id="main" class="console-main">
${account}
<h1>${esc(page.title)}</h1>
${page.body}
</main>
</body>
</html>`;
}
