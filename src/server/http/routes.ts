/**
 * The HTTP API (docs/api.md) as plain functions of (app, request, params). The files in
 * functions/ bind them to the deployed App; tests call them with their own.
 */
import type { App } from '../app.ts';
import { DomainError } from '../../domain/errors.ts';
import { confirmDemoPledge, createPledge, getPledgeStatus } from '../pledges/service.ts';
import { getPool, getProgress, getProgressOf, parseSlugs } from '../services/progress.ts';
import { openDataCampaigns, OPEN_DATA_LICENSE } from '../services/open-data.ts';
import { receiveEvent, RetryLater, verifyEvent } from '../stripe/webhooks.ts';
import { requireAdmin } from '../admin/auth.ts';
import { DONATION_COLUMNS, donationRows, forgetDonor, parseForgetRequest } from '../admin/donations.ts';
import { lastRun, parsePeriod, reconcile } from '../reconciliation/service.ts';
import { accountView, onboardOrganisation } from '../payouts/accounts.ts';
import { adminReceipt, donorReceipt, RECEIPT_COLUMNS, receiptFileName, receiptRows } from '../receipts/service.ts';
import {
  cancelRegistration,
  parseResendRequest,
  placesOf,
  register,
  registrationRows,
  registrationStatus,
  resendLinks,
  REGISTRATION_COLUMNS,
} from '../registrations/service.ts';
import { detached, sendSoon, type WaitUntil } from '../mail/sender.ts';
import { listByStatus, type OutboxStatus } from '../mail/outbox.ts';
import { parseCampaignUpdate, sendCampaignUpdate, unsubscribe } from '../mail/updates.ts';
import type { EventKind } from '../../domain/registration.ts';
import { countFailure, enforceRateLimit, refuseIfLimited, type Limit } from './rate-limit.ts';
import { readBodyText, requireJsonFromOurOrigin } from './body.ts';
import { csvResponse, toCsv } from './csv.ts';
import { errorResponse, handle, json, readJson } from './respond.ts';
import { migrations } from '../db/migrations.ts';
import type { Locale } from '../../i18n/locale.ts';

export type Params = Record<string, string | undefined>;

/**
 * Limits that stop abuse without stopping a crowd: a room of people behind one address (a school, a
 * municipal Wi-Fi, a QR code on the screen of an infoday) shares one address, so the limit per address is
 * far above what a room does in a minute; what one person may repeat is limited per e-mail address.
 */
export const LIMITS = {
  pledgesPerAddress: { hits: 300, windowSeconds: 60 },
  pledgesPerEmail: { hits: 20, windowSeconds: 600 },
  registrationsPerAddress: { hits: 300, windowSeconds: 60 },
  registrationsPerEmail: { hits: 5, windowSeconds: 600 },
  /** Wrong admin tokens from one address: after these, every admin request from it waits out the window. */
  adminFailuresPerAddress: { hits: 10, windowSeconds: 900 },
  /** Asking for the private links again: per connection, and per address whoever asks (no enumeration either way). */
  resendPerAddress: { hits: 10, windowSeconds: 3600 },
  resendPerEmail: { hits: 3, windowSeconds: 3600 },
} satisfies Record<string, Limit>;

/** The e-mail a body names, lower-cased, when it names one: the key of the per-person limits. */
function emailIn(value: unknown): string | null {
  return typeof value === 'string' && value.includes('@') ? value.trim().toLowerCase() : null;
}

export function postPledge(app: App, request: Request, clientIp: string): Promise<Response> {
  return handle(async () => {
    requireJsonFromOurOrigin(request, app.config.siteUrl);
    await enforceRateLimit(app.db(), 'pledges', clientIp, LIMITS.pledgesPerAddress);
    const idempotencyKey = request.headers.get('idempotency-key')?.trim() || null;
    if (idempotencyKey && idempotencyKey.length > 255) throw new DomainError('invalid_body', 'Idempotency-Key is too long.');
    const body = await readJson(request);
    const email = emailIn((body as { donor?: { email?: unknown } } | null)?.donor?.email);
    if (email) await enforceRateLimit(app.db(), 'pledges-email', email, LIMITS.pledgesPerEmail);
    return json(201, await createPledge(app, body, idempotencyKey));
  });
}

export function getPledge(app: App, params: Params): Promise<Response> {
  return handle(async () => json(200, await getPledgeStatus(app, params['pledgeId'] ?? '')));
}

// Routes whose fact may queue e-mail take `waitUntil` (Netlify's context.waitUntil): once the fact is
// committed, they try to deliver at once without making the caller wait (see mail/sender.ts).

export function postDemoConfirm(app: App, params: Params, waitUntil: WaitUntil = detached): Promise<Response> {
  return handle(async () => {
    const answer = await confirmDemoPledge(app, params['pledgeId'] ?? '');
    sendSoon(app, waitUntil);
    return json(200, answer);
  });
}

export function postStripeWebhook(app: App, request: Request, waitUntil: WaitUntil = detached): Promise<Response> {
  return handle(async () => {
    // The signature covers the exact bytes Stripe sent: read them raw, verify, and only then parse.
    const event = verifyEvent(app, await readBodyText(request), request.headers.get('stripe-signature'));
    try {
      const outcome = await receiveEvent(app, event);
      if (outcome === 'processed') sendSoon(app, waitUntil);
      return json(200, { received: true, outcome });
    } catch (error) {
      if (error instanceof RetryLater) return errorResponse('storage_unavailable', error.message);
      throw error;
    }
  });
}

/** Shared by the CDN for a few seconds, never kept by browsers beyond that. */
export const PROGRESS_CACHE_HEADERS = {
  'cache-control': 'public, max-age=0, must-revalidate',
  'netlify-cdn-cache-control': 'public, durable, max-age=5, stale-while-revalidate=60',
};

export function getCampaignProgress(app: App, params: Params): Promise<Response> {
  return handle(async () => json(200, await getProgress(app, params['slug'] ?? ''), PROGRESS_CACHE_HEADERS));
}

/** `GET /api/progress?slugs=a,b,c`: one request for the cards of a list page, cached by the CDN like one campaign's. */
export function getProgressOfMany(app: App, request: Request): Promise<Response> {
  return handle(async () =>
    json(200, { campaigns: await getProgressOf(app, parseSlugs(new URL(request.url).searchParams.get('slugs'))) }, PROGRESS_CACHE_HEADERS),
  );
}

export function getCallPool(app: App, params: Params): Promise<Response> {
  return handle(async () => json(200, await getPool(app, params['id'] ?? ''), PROGRESS_CACHE_HEADERS));
}

export function getOpenDataCampaigns(app: App): Promise<Response> {
  return handle(async () =>
    json(
      200,
      {
        license: OPEN_DATA_LICENSE,
        licenseUrl: 'https://creativecommons.org/licenses/by/4.0/',
        generatedAt: app.now().toISOString(),
        campaigns: await openDataCampaigns(app),
      },
      { ...PROGRESS_CACHE_HEADERS, 'access-control-allow-origin': '*' },
    ),
  );
}

export function getOpenDataCampaignsCsv(app: App): Promise<Response> {
  return handle(async () => {
    const campaigns = await openDataCampaigns(app);
    const csv = toCsv(
      [
        'slug',
        'title',
        'call',
        'organisations',
        'payee',
        'district',
        'district_name',
        'goal_cents',
        'opens_at',
        'closes_at',
        'state',
        'raised_cents',
        'donors',
        'cofunding_status',
        'cofunding_cents',
        'historical',
      ],
      campaigns.map((c) => [
        c.slug,
        c.title,
        c.call,
        c.organisations.join(' '),
        c.payee,
        c.district,
        c.districtName,
        c.goalCents,
        c.opensAt,
        c.closesAt,
        c.state,
        c.raisedCents,
        c.donors,
        c.cofundingStatus,
        c.cofundingCents,
        c.historical,
      ]),
    );
    return csvResponse(csv, 'campaigns.csv', { ...PROGRESS_CACHE_HEADERS, 'access-control-allow-origin': '*' });
  });
}

/** `POST /api/infodays/{slug}/registrations` and `POST /api/paths/{slug}/registrations`: one function serves both. */
export function postRegistration(
  app: App,
  request: Request,
  params: Params,
  clientIp: string,
  waitUntil: WaitUntil = detached,
): Promise<Response> {
  return handle(async () => {
    const kind: EventKind = new URL(request.url).pathname.startsWith('/api/paths/') ? 'path' : 'infoday';
    requireJsonFromOurOrigin(request, app.config.siteUrl);
    await enforceRateLimit(app.db(), 'registrations', clientIp, LIMITS.registrationsPerAddress);
    const body = await readJson(request);
    const email = emailIn((body as { email?: unknown } | null)?.email);
    if (email) await enforceRateLimit(app.db(), 'registrations-email', email, LIMITS.registrationsPerEmail);
    const created = await register(app, kind, params['slug'] ?? '', body);
    sendSoon(app, waitUntil);
    return json(201, created);
  });
}

/** `GET /api/infodays/{slug}/places` and `GET /api/paths/{slug}/places`: the live count the event page shows. */
export function getPlaces(app: App, request: Request, params: Params): Promise<Response> {
  return handle(async () => {
    const kind: EventKind = new URL(request.url).pathname.startsWith('/api/paths/') ? 'path' : 'infoday';
    return json(200, await placesOf(app, kind, params['slug'] ?? ''), PROGRESS_CACHE_HEADERS);
  });
}

export function getRegistration(app: App, params: Params): Promise<Response> {
  return handle(async () => json(200, await registrationStatus(app, params['token'] ?? '')));
}

export function postRegistrationCancel(app: App, params: Params, waitUntil: WaitUntil = detached): Promise<Response> {
  return handle(async () => {
    const answer = await cancelRegistration(app, params['token'] ?? '');
    sendSoon(app, waitUntil);
    return json(200, answer);
  });
}

/**
 * `POST /api/registrations/resend` `{email, locale?}` (JSON, or a plain HTML form): the private links
 * again, by e-mail. The answer is the same whether or not the address is registered; the limits count
 * per connection and per address alike, so they tell nothing either.
 */
export function postRegistrationResend(app: App, request: Request, clientIp: string, waitUntil: WaitUntil = detached): Promise<Response> {
  return handle(async () => {
    const form = (request.headers.get('content-type') ?? '').startsWith('application/x-www-form-urlencoded');
    // The page's plain form posts a form encoding: accepted from our own pages only (Origin, when sent).
    if (form) requireOurOrigin(request, app.config.siteUrl);
    else requireJsonFromOurOrigin(request, app.config.siteUrl);
    const body = form ? Object.fromEntries(new URLSearchParams(await readBodyText(request))) : await readJson(request);
    const resend = parseResendRequest(body);
    await enforceRateLimit(app.db(), 'resend', clientIp, LIMITS.resendPerAddress);
    await enforceRateLimit(app.db(), 'resend-email', resend.email.toLowerCase(), LIMITS.resendPerEmail);
    await resendLinks(app, resend);
    sendSoon(app, waitUntil);
    if (form) return smallPage(resend.locale, RESENT[resend.locale]);
    return json(202, { accepted: true, message: RESENT[resend.locale].text });
  });
}

const RESENT = {
  it: {
    title: 'Controlla la tua casella',
    text: 'Se l’indirizzo ha iscrizioni attive, riceverai a breve un messaggio con i nuovi link privati. I link precedenti non funzionano più.',
    back: 'Torna al sito',
    home: '/',
  },
  en: {
    title: 'Check your inbox',
    text: 'If the address has live registrations, a message with new private links will reach it shortly. The previous links no longer work.',
    back: 'Back to the site',
    home: '/en/',
  },
} as const;

function requireOurOrigin(request: Request, siteUrl: string | undefined): void {
  const origin = request.headers.get('origin');
  const ours = [new URL(request.url).origin, ...(siteUrl ? [new URL(siteUrl).origin] : [])];
  if (origin !== null && origin !== 'null' && !ours.includes(origin))
    throw new DomainError('origin_not_allowed', 'This request must come from the site’s own pages.');
}

const escapeHtml = (value: string) =>
  value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** A minimal page for answers to plain HTML forms (no JavaScript needed), in the site's language. */
function smallPage(locale: Locale, page: { title: string; text: string; back: string; home: string }, form = ''): Response {
  const html = `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(page.title)}</title></head><body style="font-family:Arial,Helvetica,sans-serif;max-width:40em;margin:2em auto;padding:0 1em;line-height:1.5;color:#1a1a1a"><main><h1 style="color:#00264d">${escapeHtml(page.title)}</h1><p>${escapeHtml(page.text)}</p>${form}<p><a href="${escapeHtml(page.home)}" style="color:#0066cc">${escapeHtml(page.back)}</a></p></main></body></html>`;
  // The address of these pages may hold a token: no Referer carries it anywhere.
  return new Response(html, {
    status: 200,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' },
  });
}

const UNSUBSCRIBE = {
  ask: {
    title: 'Non ricevere più le novità · Stop the news',
    text: 'Premi il pulsante per non ricevere più per e-mail le novità di questa campagna. Press the button to stop receiving this campaign’s news by e-mail.',
    back: 'Torna al sito · Back to the site',
    home: '/',
  },
  done: {
    title: 'Fatto · Done',
    text: 'Non riceverai più le novità di questa campagna. You will no longer receive this campaign’s news.',
    back: 'Torna al sito · Back to the site',
    home: '/',
  },
};

/**
 * `GET /api/mail/unsubscribe?token=…` shows one button (a link opened by a mail scanner changes nothing);
 * `POST` (the button, or a mail client's one-click per RFC 8058) stops the news. No sign-in: the token is
 * the person's own, and can do nothing else. Both languages on one page: the token does not say which.
 */
export function mailUnsubscribe(app: App, request: Request): Promise<Response> {
  return handle(async () => {
    const token = new URL(request.url).searchParams.get('token') ?? '';
    if (request.method === 'POST') {
      await unsubscribe(app, token);
      return smallPage('it', UNSUBSCRIBE.done);
    }
    if (request.method !== 'GET') return errorResponse('method_not_allowed', `${request.method} is not allowed on this address.`);
    const form = `<form method="post" action="/api/mail/unsubscribe?token=${encodeURIComponent(token)}"><button type="submit" style="font-size:1em;padding:0.5em 1em">Non ricevere più le novità · Stop the news</button></form>`;
    return smallPage('it', UNSUBSCRIBE.ask, form);
  });
}

/** The private link's endpoints and the resend share one deployed function (functions/registration.ts). */
export function registrationApi(
  app: App,
  request: Request,
  params: Params,
  clientIp = '',
  waitUntil: WaitUntil = detached,
): Promise<Response> {
  const { pathname } = new URL(request.url);
  if (pathname === '/api/registrations/resend') {
    return request.method === 'POST'
      ? postRegistrationResend(app, request, clientIp, waitUntil)
      : Promise.resolve(errorResponse('method_not_allowed', `${request.method} is not allowed on this address.`));
  }
  if (pathname.endsWith('/cancel') && request.method === 'POST') return postRegistrationCancel(app, params, waitUntil);
  if (!pathname.endsWith('/cancel') && request.method === 'GET') return getRegistration(app, params);
  return Promise.resolve(errorResponse('method_not_allowed', `${request.method} is not allowed on this address.`));
}

// Admin endpoints: bearer ADMIN_TOKEN (503 admin_disabled without one configured, 401 otherwise), never cached.

export function getAdminDonationsCsv(app: App, request: Request, params: Params): Promise<Response> {
  return handle(async () => {
    requireAdmin(app, request);
    const slug = params['slug'] ?? '';
    const csv = toCsv(DONATION_COLUMNS, await donationRows(app, slug));
    return csvResponse(csv, `donazioni-${slug}.csv`, { 'cache-control': 'no-store' });
  });
}

export function getAdminReconciliation(app: App, request: Request): Promise<Response> {
  return handle(async () => {
    requireAdmin(app, request);
    const url = new URL(request.url);
    const report = await reconcile(app, parsePeriod(app.now(), url.searchParams.get('from'), url.searchParams.get('to')));
    return json(200, { ...report, lastNightlyRun: await lastRun(app.db()) });
  });
}

export function postAdminForgetDonor(app: App, request: Request): Promise<Response> {
  return handle(async () => {
    requireAdmin(app, request);
    return json(200, await forgetDonor(app.db(), parseForgetRequest(await readJson(request))));
  });
}

export function getAdminRegistrationsCsv(app: App, request: Request, params: Params): Promise<Response> {
  return handle(async () => {
    requireAdmin(app, request);
    const kind: EventKind = new URL(request.url).pathname.startsWith('/api/admin/paths/') ? 'path' : 'infoday';
    const slug = params['slug'] ?? '';
    const csv = toCsv(REGISTRATION_COLUMNS, await registrationRows(app, kind, slug));
    return csvResponse(csv, `iscrizioni-${kind}-${slug}.csv`, { 'cache-control': 'no-store' });
  });
}

const OUTBOX_STATUSES: readonly OutboxStatus[] = ['queued', 'sending', 'sent', 'failed', 'cancelled'];

/** `GET /api/admin/mail?status=failed`: the messages in one state, newest first, addresses masked, no content. */
export function getAdminMail(app: App, request: Request): Promise<Response> {
  return handle(async () => {
    requireAdmin(app, request);
    const status = new URL(request.url).searchParams.get('status') ?? 'failed';
    if (!(OUTBOX_STATUSES as readonly string[]).includes(status)) {
      throw new DomainError('invalid_body', `status must be one of ${OUTBOX_STATUSES.join(', ')}.`, 'status');
    }
    return json(200, { status, messages: await listByStatus(app.db(), status as OutboxStatus, 500) });
  });
}

/** `POST /api/admin/campaigns/{slug}/updates` `{id, title, summary, titleEn?, summaryEn?}`: the news to donors who asked for it, once each. */
export function postAdminCampaignUpdate(app: App, request: Request, params: Params, waitUntil: WaitUntil = detached): Promise<Response> {
  return handle(async () => {
    requireAdmin(app, request);
    const result = await sendCampaignUpdate(app, params['slug'] ?? '', parseCampaignUpdate(await readJson(request)));
    sendSoon(app, waitUntil);
    return json(200, result);
  });
}

/** `POST` creates the organisation's Stripe connected account once and answers a fresh onboarding link; `GET` its state. */
export function adminStripeAccount(app: App, request: Request, params: Params): Promise<Response> {
  return handle(async () => {
    requireAdmin(app, request);
    const slug = params['slug'] ?? '';
    if (request.method === 'POST') return json(200, await onboardOrganisation(app, slug, new URL(request.url).origin));
    return json(200, await accountView(app, slug));
  });
}

/** A receipt is personal data: never cached, never indexed, no Referer carrying its address onwards. */
function pdfResponse(pdf: Uint8Array, filename: string): Response {
  return new Response(new Blob([pdf as Uint8Array<ArrayBuffer>], { type: 'application/pdf' }), {
    status: 200,
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': `inline; filename="${filename}"`,
      'cache-control': 'private, no-store',
      'referrer-policy': 'no-referrer',
      'x-robots-tag': 'noindex',
    },
  });
}

/** `GET /api/receipts/{pledgeId}.pdf?token=...`: the donor's receipt behind a signed link; 404 otherwise. */
export function getDonorReceipt(app: App, request: Request, params: Params): Promise<Response> {
  return handle(async () => {
    const match = /^([0-9a-f-]{36})\.pdf$/i.exec(params['file'] ?? '');
    const { receipt, pdf } = await donorReceipt(app, match?.[1] ?? '', new URL(request.url).searchParams.get('token'));
    return pdfResponse(pdf, receiptFileName(receipt));
  });
}

export function getAdminReceipt(app: App, request: Request, params: Params): Promise<Response> {
  return handle(async () => {
    requireAdmin(app, request);
    const { receipt, pdf } = await adminReceipt(app, params['pledgeId'] ?? '', new URL(request.url).searchParams.get('lang'));
    return pdfResponse(pdf, receiptFileName(receipt));
  });
}

/** `GET /api/admin/organisations/{slug}/receipts.csv?year=`: the register of receipts the organisation keeps. */
export function getAdminReceiptsCsv(app: App, request: Request, params: Params): Promise<Response> {
  return handle(async () => {
    requireAdmin(app, request);
    const slug = params['slug'] ?? '';
    const year = new URL(request.url).searchParams.get('year');
    const csv = toCsv(RECEIPT_COLUMNS, await receiptRows(app, slug, year));
    return csvResponse(csv, `ricevute-${slug}${year ? `-${year}` : ''}.csv`, { 'cache-control': 'no-store' });
  });
}

/**
 * The admin endpoints share one deployed function (functions/admin.ts); this routes its requests. With the
 * client's address, wrong tokens are counted per address and, past LIMITS.adminFailuresPerAddress, every
 * request from that address is refused (429) before its token is even looked at: guessing stays slow.
 */
export async function adminApi(app: App, request: Request, params: Params, clientIp?: string): Promise<Response> {
  if (clientIp === undefined || !app.config.adminToken) return routeAdmin(app, request, params);
  try {
    await refuseIfLimited(app.db(), 'admin-failures', clientIp, LIMITS.adminFailuresPerAddress);
  } catch (error) {
    return handle(() => {
      throw error;
    });
  }
  const response = await routeAdmin(app, request, params);
  if (response.status === 401)
    await countFailure(app.db(), 'admin-failures', clientIp, LIMITS.adminFailuresPerAddress).catch(() => undefined);
  return response;
}

function routeAdmin(app: App, request: Request, params: Params): Promise<Response> {
  const { pathname } = new URL(request.url);
  if (pathname === '/api/admin/mail' && request.method === 'GET') return getAdminMail(app, request);
  if (pathname.endsWith('/updates') && request.method === 'POST') return postAdminCampaignUpdate(app, request, params);
  if (pathname === '/api/admin/reconciliation' && request.method === 'GET') return getAdminReconciliation(app, request);
  if (pathname === '/api/admin/donors/forget' && request.method === 'POST') return postAdminForgetDonor(app, request);
  if (pathname.endsWith('/donations.csv') && request.method === 'GET') return getAdminDonationsCsv(app, request, params);
  if (pathname.endsWith('/registrations.csv') && request.method === 'GET') return getAdminRegistrationsCsv(app, request, params);
  if (pathname.endsWith('/stripe-account') && (request.method === 'GET' || request.method === 'POST'))
    return adminStripeAccount(app, request, params);
  if (pathname.endsWith('/receipt.pdf') && request.method === 'GET') return getAdminReceipt(app, request, params);
  if (pathname.endsWith('/receipts.csv') && request.method === 'GET') return getAdminReceiptsCsv(app, request, params);
  return Promise.resolve(errorResponse('method_not_allowed', `${request.method} is not allowed on ${pathname}.`));
}

/**
 * `GET /api/health`, for a load balancer or a process manager: 200 when the database answers and every
 * migration this code knows is applied; 503 otherwise (unreachable, or a deploy ahead of its migrations).
 * It names no table, version or address: only what an operator needs to act.
 */
export async function getHealth(app: App): Promise<Response> {
  const headers = { 'cache-control': 'no-store' };
  try {
    const { rows } = await app.db().query<{ id: string }>('SELECT id FROM schema_migrations');
    const applied = new Set(rows.map((row) => row.id));
    const pending = migrations.filter((migration) => !applied.has(migration.id)).length;
    if (pending > 0) return json(503, { status: 'unavailable', database: 'reachable', migrations: 'pending', pending }, headers);
    return json(200, { status: 'ok', database: 'reachable', migrations: 'current' }, headers);
  } catch {
    return json(503, { status: 'unavailable', database: 'unreachable' }, { ...headers, 'retry-after': '5' });
  }
}
