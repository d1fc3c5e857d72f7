/**
 * The console's addresses: Italian under /gestione/, English under /en/manage/, the same page at the
 * same place in both. A route is a list of segments; `:name` is a parameter.
 */
import type { Locale } from '../../site/i18n.ts';

export const ROUTES = {
  home: { it: '', en: '' },
  signIn: { it: 'accesso', en: 'sign-in' },
  signInSent: { it: 'accesso/inviato', en: 'sign-in/sent' },
  signInConfirm: { it: 'accesso/conferma', en: 'sign-in/confirm' },
  signOut: { it: 'esci', en: 'sign-out' },
  signOutEverywhere: { it: 'esci-ovunque', en: 'sign-out-everywhere' },
  campaign: { it: 'campagne/:slug', en: 'campaigns/:slug' },
  campaignCsv: { it: 'campagne/:slug/donazioni.csv', en: 'campaigns/:slug/donations.csv' },
  reconciliation: { it: 'riconciliazione', en: 'reconciliation' },
  registrations: { it: 'iscrizioni', en: 'registrations' },
  registrationEvent: { it: 'iscrizioni/:kind/:slug', en: 'registrations/:kind/:slug' },
  registrationCsv: { it: 'iscrizioni/:kind/:slug/iscrizioni.csv', en: 'registrations/:kind/:slug/registrations.csv' },
  registrationCancel: { it: 'iscrizioni/:kind/:slug/annulla', en: 'registrations/:kind/:slug/cancel' },
  donors: { it: 'donatori', en: 'donors' },
  organisations: { it: 'organizzazioni', en: 'organisations' },
  onboarding: { it: 'organizzazioni/:slug/onboarding', en: 'organisations/:slug/onboarding' },
  receiptsCsv: { it: 'organizzazioni/:slug/ricevute.csv', en: 'organisations/:slug/receipts.csv' },
  mail: { it: 'email', en: 'email' },
  people: { it: 'persone', en: 'people' },
  invite: { it: 'persone/invita', en: 'people/invite' },
  disable: { it: 'persone/disattiva', en: 'people/disable' },
  audit: { it: 'registro', en: 'audit-log' },
} as const;

export type RouteKey = keyof typeof ROUTES;
export type RouteParams = Record<string, string>;

export const CONSOLE_ROOT: Record<Locale, string> = { it: '/gestione/', en: '/en/manage/' };

/** The address of a console page; a path ending in a file name (.csv) takes no trailing slash. */
export function consolePath(locale: Locale, key: RouteKey, params: RouteParams = {}): string {
  const pattern: string = ROUTES[key][locale];
  const filled = pattern
    .split('/')
    .map((segment) => (segment.startsWith(':') ? encodeURIComponent(params[segment.slice(1)] ?? '') : segment))
    .join('/');
  if (!filled) return CONSOLE_ROOT[locale];
  return `${CONSOLE_ROOT[locale]}${filled}${/\.[a-z]+$/.test(filled) ? '' : '/'}`;
}

export interface Matched {
  locale: Locale;
  key: RouteKey;
  params: RouteParams;
}

export function matchConsolePath(pathname: string): Matched | null {
  let locale: Locale;
  let rest: string;
  if (pathname === '/gestione' || pathname.startsWith('/gestione/')) {
    locale = 'it';
    rest = pathname.slice('/gestione'.length);
  } else if (pathname === '/en/manage' || pathname.startsWith('/en/manage/')) {
    locale = 'en';
    rest = pathname.slice('/en/manage'.length);
  } else return null;
  const segments = rest.split('/').filter(Boolean);
  for (const key of Object.keys(ROUTES) as RouteKey[]) {
    const pattern = (ROUTES[key][locale] as string).split('/').filter(Boolean);
    if (pattern.length !== segments.length) continue;
    const params: RouteParams = {};
    let ok = true;
    for (const [index, part] of pattern.entries()) {
      const segment = segments[index]!;
      if (part.startsWith(':')) {
        try {
          params[part.slice(1)] = decodeURIComponent(segment);
        } catch {
          ok = false;
        }
      } else if (part !== segment) ok = false;
      if (!ok) break;
    }
    if (ok) return { locale, key, params };
  }
  return null;
}
