/**
 * The staff console (/gestione/, /en/manage/): server-rendered pages over the same services as the
 * bearer-token endpoints of /api/admin/*. Every page checks who is asking; every form that changes data
 * carries the session's CSRF token and must come from our own origin; every change goes to the audit log.
 */
import { DomainError } from '../../domain/errors.ts';
import type { EventKind } from '../../domain/registration.ts';
import {
  can,
  canSeeCampaign,
  canSeeOrganisation,
  isAdmin,
  organisationsOf,
  ROLES,
  truncateAddress,
  type Capability,
  type Principal,
} from '../../domain/staff.ts';
import type { Locale } from '../../site/i18n.ts';
import { DONATION_COLUMNS, donationRows, forgetDonor, parseForgetRequest } from '../admin/donations.ts';
import type { App } from '../app.ts';
import { csvResponse, toCsv, type Cell } from '../http/csv.ts';
import { statusOf } from '../http/respond.ts';
import { listByStatus } from '../mail/outbox.ts';
import { accountView, onboardOrganisation } from '../payouts/accounts.ts';
import { RECEIPT_COLUMNS, receiptRows } from '../receipts/service.ts';
import { lastRun, parsePeriod, reconcile } from '../reconciliation/service.ts';
import { cancelRegistrationById, findEvent, registrationRows, REGISTRATION_COLUMNS } from '../registrations/service.ts';
import { allProgress } from '../services/progress.ts';
import type { StaffMailer } from '../staff/mail.ts';
import {
  audit,
  authenticate,
  disablePerson,
  invite,
  listPeople,
  readAudit,
  requestSignIn,
  signInWithLink,
  signOut,
  signOutEverywhere,
  type LinkBuilder,
  type StaffSession,
} from '../staff/service.ts';
import {
  clearedSessionCookie,
  htmlResponse,
  readCookie,
  readForm,
  redirect,
  sameOrigin,
  SESSION_COOKIE,
  sessionCookie,
  tokensMatch,
} from './http.ts';
import { consolePath, matchConsolePath, type Matched, type RouteKey } from './paths.ts';
import { cell, dateTime, esc, euros, layout, notice, postForm, rawCell, table } from './views.ts';
import { words } from './words.ts';

export interface ConsoleDeps {
  mailer: StaffMailer;
  clientIp: string;
}

interface Ctx {
  app: App;
  request: Request;
  route: Matched;
  locale: Locale;
  deps: ConsoleDeps;
  /** Where the action came from, as the audit log keeps it. */
  client: string;
  session: StaffSession | null;
  form: URLSearchParams | null;
}

/** Pages anyone may open, signed in or not. */
const PUBLIC: ReadonlySet<RouteKey> = new Set(['signIn', 'signInSent', 'signInConfirm']);
/** Forms that come before a session exists: only the Origin check protects them. */
const SESSIONLESS_POSTS: ReadonlySet<RouteKey> = new Set(['signIn', 'signInConfirm']);

const links =
  (app: App, request: Request): LinkBuilder =>
  (_purpose, token, locale) =>
    `${new URL(consolePath(locale, 'signInConfirm'), app.config.siteUrl ?? new URL(request.url).origin).href}?t=${token}`;

export async function consoleApi(app: App, request: Request, deps: ConsoleDeps): Promise<Response> {
  const route = matchConsolePath(new URL(request.url).pathname);
  const locale: Locale = route?.locale ?? 'it';
  let session: StaffSession | null = null;
  try {
    if (!route) throw new DomainError('not_found', words(locale).errors.notFound);
    if (!['GET', 'HEAD', 'POST'].includes(request.method)) throw new DomainError('method_not_allowed', `${request.method} is not allowed.`);
    session = await authenticate(app, readCookie(request, SESSION_COOKIE));
    const ctx: Ctx = { app, request, route, locale, deps, client: truncateAddress(deps.clientIp), session, form: null };
    if (!session && !PUBLIC.has(route.key)) {
      return redirect(consolePath(locale, 'signIn'), readCookie(request, SESSION_COOKIE) ? [clearedSessionCookie()] : []);
    }
    if (request.method === 'POST') {
      if (!sameOrigin(request, app.config.siteUrl ? [new URL(app.config.siteUrl).origin] : [])) {
        throw new DomainError('csrf_failed', words(locale).errors.csrf);
      }
      ctx.form = await readForm(request);
      if (!SESSIONLESS_POSTS.has(route.key) && !(session && tokensMatch(ctx.form.get('csrf'), session.csrfToken))) {
        throw new DomainError('csrf_failed', words(locale).errors.csrf);
      }
    }
    const answer = await dispatch(ctx);
    // A rotated token travels with whatever the answer is (unless the answer itself signed out).
    if (session?.rotatedToken && !answer.headers.getSetCookie().length)
      answer.headers.append('set-cookie', sessionCookie(session.rotatedToken));
    return answer;
  } catch (error) {
    if (error instanceof DomainError) return errorPage(locale, error, session);
    console.error('console error:', error);
    return errorPage(
      locale,
      new DomainError('storage_unavailable', 'Something went wrong on our side. Please try again in a moment.'),
      session,
      500,
    );
  }
}

function errorPage(locale: Locale, error: DomainError, session: StaffSession | null, status = statusOf(error.code)): Response {
  const w = words(locale);
  const message =
    error.code === 'forbidden'
      ? w.errors.forbidden
      : error.code === 'not_found' || error.code.endsWith('_not_found')
        ? w.errors.notFound
        : error.code === 'rate_limited'
          ? w.errors.rateLimited
          : error.code === 'csrf_failed'
            ? w.errors.csrf
            : error.message;
  const body = `<p>${esc(message)}</p><p><a href="${consolePath(locale, session ? 'home' : 'signIn')}">${esc(session ? w.errors.back : w.signIn.title)}</a></p>`;
  const answer = htmlResponse(
    status,
    layout({ locale, title: message, body, principal: session?.principal ?? null, csrf: session?.csrfToken ?? null }),
  );
  if (session?.rotatedToken) answer.headers.append('set-cookie', sessionCookie(session.rotatedToken));
  return answer;
}

function need(ctx: Ctx, capability: Capability): Principal {
  const who = ctx.session!.principal;
  if (!can(who, capability)) throw new DomainError('forbidden', words(ctx.locale).errors.forbidden);
  return who;
}

function page(ctx: Ctx, title: string, body: string, status = 200): Response {
  return htmlResponse(
    status,
    layout({
      locale: ctx.locale,
      title,
      body,
      principal: ctx.session?.principal ?? null,
      csrf: ctx.session?.csrfToken ?? null,
      route: { key: ctx.route.key, params: ctx.route.params },
      current: ctx.route.key,
    }),
  );
}

function dispatch(ctx: Ctx): Promise<Response> | Response {
  const post = ctx.request.method === 'POST';
  const handlers: Partial<
    Record<RouteKey, { get?: (ctx: Ctx) => Promise<Response> | Response; post?: (ctx: Ctx) => Promise<Response> | Response }>
  > = {
    home: { get: homePage },
    signIn: { get: signInPage, post: postSignIn },
    signInSent: { get: (c) => page(c, words(c.locale).signIn.sentTitle, `<p>${esc(words(c.locale).signIn.sent)}</p>`) },
    signInConfirm: { get: confirmPage, post: postConfirm },
    signOut: { post: postSignOut },
    signOutEverywhere: { post: postSignOutEverywhere },
    campaign: { get: campaignPage },
    campaignCsv: { get: campaignCsv },
    reconciliation: { get: reconciliationPage },
    registrations: { get: registrationsPage },
    registrationEvent: { get: registrationEventPage },
    registrationCsv: { get: registrationCsv },
    registrationCancel: { post: postRegistrationCancel },
    donors: { get: donorsPage, post: postForget },
    organisations: { get: organisationsPage },
    onboarding: { post: postOnboarding },
    receiptsCsv: { get: receiptsCsv },
    mail: { get: mailPage },
    people: { get: peoplePage },
    invite: { post: postInvite },
    disable: { post: postDisable },
    audit: { get: auditPage },
  };
  const handler = handlers[ctx.route.key]?.[post ? 'post' : 'get'];
  if (!handler) throw new DomainError('method_not_allowed', `${ctx.request.method} is not allowed here.`);
  return handler(ctx);
}

// Sign-in

function signInForm(ctx: Ctx, error: string | null, value = ''): string {
  const w = words(ctx.locale).signIn;
  return `<p>${esc(w.intro)}</p>
<form method="post" action="${consolePath(ctx.locale, 'signIn')}" novalidate>
<p><label for="email">${esc(w.email)}</label><br>
<input id="email" name="email" type="email" autocomplete="email" required value="${esc(value)}"${error ? ' aria-invalid="true" aria-describedby="email-error"' : ''}>
${error ? `<br><span id="email-error" class="field-error">${esc(error)}</span>` : ''}</p>
<p><button type="submit">${esc(w.submit)}</button></p>
</form>`;
}

function signInPage(ctx: Ctx): Response {
  return page(ctx, words(ctx.locale).signIn.title, signInForm(ctx, null));
}

async function postSignIn(ctx: Ctx): Promise<Response> {
  const email = ctx.form!.get('email') ?? '';
  try {
    await requestSignIn(ctx.app, ctx.deps.mailer, links(ctx.app, ctx.request), { email, locale: ctx.locale }, ctx.deps.clientIp);
  } catch (error) {
    if (error instanceof DomainError && error.code === 'invalid_body') {
      return page(ctx, words(ctx.locale).signIn.title, signInForm(ctx, words(ctx.locale).signIn.invalidEmail, email), 400);
    }
    throw error;
  }
  // The same answer whether or not the address is known.
  return redirect(consolePath(ctx.locale, 'signInSent'));
}

function confirmPage(ctx: Ctx): Response {
  const w = words(ctx.locale).signIn;
  const token = new URL(ctx.request.url).searchParams.get('t') ?? '';
  // A GET spends nothing: mail scanners that open links must not use them up. The button posts the token.
  return page(
    ctx,
    w.confirmTitle,
    `<p>${esc(w.confirm)}</p>${postForm(consolePath(ctx.locale, 'signInConfirm'), null, `<input type="hidden" name="t" value="${esc(token)}"><button type="submit">${esc(w.confirmSubmit)}</button>`)}`,
  );
}

async function postConfirm(ctx: Ctx): Promise<Response> {
  const w = words(ctx.locale).signIn;
  try {
    const issued = await signInWithLink(ctx.app, ctx.form!.get('t') ?? '', ctx.deps.clientIp);
    return redirect(consolePath(ctx.locale, 'home'), [sessionCookie(issued.token)]);
  } catch (error) {
    if (error instanceof DomainError && error.code === 'unauthorized') {
      return page(
        ctx,
        w.confirmTitle,
        `<p>${esc(w.refused)}</p><p><a href="${consolePath(ctx.locale, 'signIn')}">${esc(w.again)}</a></p>`,
        401,
      );
    }
    throw error;
  }
}

async function postSignOut(ctx: Ctx): Promise<Response> {
  await signOut(ctx.app, ctx.session!, ctx.client);
  return redirect(consolePath(ctx.locale, 'signIn'), [clearedSessionCookie()]);
}

async function postSignOutEverywhere(ctx: Ctx): Promise<Response> {
  await signOutEverywhere(ctx.app, ctx.session!, ctx.client);
  return redirect(consolePath(ctx.locale, 'signIn'), [clearedSessionCookie()]);
}

// Campaigns and donations

async function homePage(ctx: Ctx): Promise<Response> {
  const w = words(ctx.locale).campaigns;
  const who = ctx.session!.principal;
  const progress = await allProgress(ctx.app);
  const rows = [...progress.values()]
    .filter((p) => canSeeCampaign(who, ctx.app.catalog.campaigns[p.slug]!.organisations))
    .sort((a, b) => a.slug.localeCompare(b.slug))
    .map((p) => {
      const campaign = ctx.app.catalog.campaigns[p.slug]!;
      return [
        rawCell(`<a href="${consolePath(ctx.locale, 'campaign', { slug: p.slug })}">${esc(campaign.title)}</a>`),
        cell(campaign.organisations.join(', ')),
        cell(p.state),
        cell(euros(p.raisedCents, ctx.locale)),
        cell(p.donors),
        cell(euros(p.goalCents, ctx.locale)),
        cell(`${p.cofunding.status}: ${euros(p.cofunding.cents, ctx.locale)}`),
      ];
    });
  const body = rows.length
    ? table(w.title, [w.campaign, w.organisations, w.state, w.raised, w.donors, w.goal, w.cityShare], rows)
    : `<p>${esc(w.none)}</p>`;
  return page(ctx, w.title, body);
}

/** The campaign, when it collects money and the person may see it; 404 and 403 otherwise. */
function visibleCampaign(ctx: Ctx): string {
  const slug = ctx.route.params['slug'] ?? '';
  const campaign = Object.hasOwn(ctx.app.catalog.campaigns, slug) ? ctx.app.catalog.campaigns[slug] : undefined;
  if (!campaign) throw new DomainError('campaign_not_found', words(ctx.locale).errors.notFound);
  if (!canSeeCampaign(ctx.session!.principal, campaign.organisations))
    throw new DomainError('forbidden', words(ctx.locale).errors.forbidden);
  return slug;
}

const MAX_ROWS_SHOWN = 500;

async function campaignPage(ctx: Ctx): Promise<Response> {
  const w = words(ctx.locale).donations;
  const slug = visibleCampaign(ctx);
  const query = (new URL(ctx.request.url).searchParams.get('q') ?? '').trim().toLowerCase().slice(0, 200);
  const all = await donationRows(ctx.app, slug);
  const column = (name: (typeof DONATION_COLUMNS)[number]) => DONATION_COLUMNS.indexOf(name);
  const found = query
    ? all.filter((row) =>
        [row[column('pledge_id')], row[column('donor_name')], row[column('donor_email')]].some((value) =>
          String(value ?? '')
            .toLowerCase()
            .includes(query),
        ),
      )
    : all;
  const rows = found
    .slice(0, MAX_ROWS_SHOWN)
    .map((row) => [
      cell(row[column('pledge_id')]),
      cell(dateTime(String(row[column('created_at')]), ctx.locale)),
      cell(row[column('status')]),
      cell(euros(Number(row[column('amount_cents')]), ctx.locale)),
      cell(
        row[column('erased_at')]
          ? w.erased
          : row[column('anonymous')] && !row[column('donor_name')]
            ? w.anonymous
            : row[column('donor_name')],
      ),
      cell(row[column('donor_email')]),
    ]);
  const body = `<p><a href="${consolePath(ctx.locale, 'campaignCsv', { slug })}" download>${esc(w.csv)}</a></p>
<form method="get" action="${consolePath(ctx.locale, 'campaign', { slug })}" role="search">
<p><label for="q">${esc(w.search)}</label><br><input id="q" name="q" type="search" value="${esc(query)}"> <button type="submit">${esc(w.searchSubmit)}</button></p>
</form>
<p>${found.length} ${esc(w.shown)}</p>
${rows.length ? table(w.title, ['ID', w.when, w.status, w.amount, w.donor, w.email], rows) : `<p>${esc(w.none)}</p>`}`;
  return page(ctx, `${w.title}: ${ctx.app.catalog.campaigns[slug]!.title}`, body);
}

async function campaignCsv(ctx: Ctx): Promise<Response> {
  const slug = visibleCampaign(ctx);
  const rows = await donationRows(ctx.app, slug);
  // Downloading personal data is recorded like a change: who took which campaign's donors, when.
  await audit(ctx.app.db(), ctx.session!.principal, 'export.donations', slug, { rows: rows.length }, ctx.client, ctx.app.now());
  return csvResponse(toCsv(DONATION_COLUMNS, rows), `donazioni-${slug}.csv`, {
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
}

// Reconciliation

async function reconciliationPage(ctx: Ctx): Promise<Response> {
  need(ctx, 'read_city');
  const w = words(ctx.locale).reconciliation;
  const url = new URL(ctx.request.url);
  const report = await reconcile(ctx.app, parsePeriod(ctx.app.now(), url.searchParams.get('from'), url.searchParams.get('to')));
  const last = await lastRun(ctx.app.db());
  const body = `<dl class="console-facts"><dt>${esc(w.period)}</dt><dd>${esc(dateTime(report.period.from, ctx.locale))} – ${esc(dateTime(report.period.to, ctx.locale))}</dd>
<dt>${esc(w.stripe)}</dt><dd>${esc(report.stripe)}</dd><dt>${esc(w.lastRun)}</dt><dd>${last ? `${esc(dateTime(last.finishedAt, ctx.locale))} (${last.differences})` : esc(w.never)}</dd></dl>
<h2>${esc(w.differences)}</h2>
${
  report.differences.length
    ? table(
        w.differences,
        [w.scope, w.subject, w.field, w.expected, w.actual, w.cause],
        report.differences.map((d) => [cell(d.scope), cell(d.subject), cell(d.field), cell(d.expected), cell(d.actual), cell(d.cause)]),
      )
    : `<p>${esc(w.noDifferences)}</p>`
}
<h2>${esc(w.openItems)}</h2>
${
  report.openItems.length
    ? table(
        w.openItems,
        [w.kind, w.pledge, 'Campaign', 'Amount', w.note],
        report.openItems.map((item) => [
          cell(item.kind),
          cell(item.pledgeId),
          cell(item.campaign),
          cell(euros(item.amountCents, ctx.locale)),
          cell(item.note),
        ]),
      )
    : `<p>${esc(w.noOpenItems)}</p>`
}`;
  return page(ctx, w.title, body);
}

// Registrations

function eventKind(ctx: Ctx): EventKind {
  const kind = ctx.route.params['kind'];
  if (kind !== 'infoday' && kind !== 'path') throw new DomainError('not_found', words(ctx.locale).errors.notFound);
  return kind;
}

function registrationsPage(ctx: Ctx): Response {
  need(ctx, 'read_city');
  const w = words(ctx.locale).registrations;
  const list = (
    events: Record<
      string,
      { slug: string; kind: EventKind; title: string; titleEn: string | null; startsAt: string; registration: unknown }
    >,
  ) =>
    Object.values(events)
      .filter((event) => event.registration)
      .sort((a, b) => b.startsAt.localeCompare(a.startsAt))
      .map(
        (event) =>
          `<li><a href="${consolePath(ctx.locale, 'registrationEvent', { kind: event.kind, slug: event.slug })}">${esc(ctx.locale === 'en' && event.titleEn ? event.titleEn : event.title)}</a> · ${esc(dateTime(event.startsAt, ctx.locale))}</li>`,
      )
      .join('');
  return page(
    ctx,
    w.title,
    `<h2>${esc(w.infodays)}</h2><ul>${list(ctx.app.catalog.infodays) || `<li>${esc(w.none)}</li>`}</ul><h2>${esc(w.paths)}</h2><ul>${list(ctx.app.catalog.paths) || `<li>${esc(w.none)}</li>`}</ul>`,
  );
}

async function registrationEventPage(ctx: Ctx): Promise<Response> {
  need(ctx, 'read_city');
  const w = words(ctx.locale).registrations;
  const kind = eventKind(ctx);
  const slug = ctx.route.params['slug'] ?? '';
  const event = findEvent(ctx.app.catalog, kind, slug);
  const rows = await registrationRows(ctx.app, kind, slug);
  const mayCancel = can(ctx.session!.principal, 'manage_registrations');
  const cancelAction = consolePath(ctx.locale, 'registrationCancel', { kind, slug });
  const tableRows = rows.map((row) => [
    cell(dateTime(String(row[1]), ctx.locale)),
    cell(row[2]),
    cell(row[3]),
    cell(row[4]),
    cell(row[5]),
    cell(row[6]),
    rawCell(
      mayCancel && row[2] !== 'cancelled'
        ? postForm(
            cancelAction,
            ctx.session!.csrfToken,
            `<input type="hidden" name="registrationId" value="${esc(row[0])}"><button type="submit" aria-label="${esc(`${w.cancel}: ${String(row[4] ?? '')}`)}">${esc(w.cancel)}</button>`,
          )
        : '',
    ),
  ]);
  const done = new URL(ctx.request.url).searchParams.get('esito') === 'annullata' ? w.cancelled : null;
  const body = `${notice(done)}<p><a href="${consolePath(ctx.locale, 'registrationCsv', { kind, slug })}" download>${esc(w.csv)}</a></p>
${tableRows.length ? table(w.title, ['', w.status, w.position, w.name, w.email, w.organisation, ''], tableRows) : `<p>${esc(w.none)}</p>`}`;
  return page(ctx, `${w.title}: ${ctx.locale === 'en' && event.titleEn ? event.titleEn : event.title}`, body);
}

async function registrationCsv(ctx: Ctx): Promise<Response> {
  need(ctx, 'read_city');
  const kind = eventKind(ctx);
  const slug = ctx.route.params['slug'] ?? '';
  const rows: Cell[][] = await registrationRows(ctx.app, kind, slug);
  await audit(
    ctx.app.db(),
    ctx.session!.principal,
    'export.registrations',
    `${kind}/${slug}`,
    { rows: rows.length },
    ctx.client,
    ctx.app.now(),
  );
  return csvResponse(toCsv(REGISTRATION_COLUMNS, rows), `iscrizioni-${kind}-${slug}.csv`, { 'cache-control': 'no-store' });
}

async function postRegistrationCancel(ctx: Ctx): Promise<Response> {
  const who = need(ctx, 'manage_registrations');
  const kind = eventKind(ctx);
  const slug = ctx.route.params['slug'] ?? '';
  const id = ctx.form!.get('registrationId') ?? '';
  const result = await cancelRegistrationById(ctx.app, kind, slug, id);
  await audit(ctx.app.db(), who, 'registration.cancel', `${kind}/${slug}/${id}`, { promoted: result.promoted }, ctx.client, ctx.app.now());
  return redirect(`${consolePath(ctx.locale, 'registrationEvent', { kind, slug })}?esito=annullata`);
}

// Donors

function donorsForm(ctx: Ctx, message: string | null): string {
  const w = words(ctx.locale).donors;
  return `${notice(message)}<p>${esc(w.intro)}</p>${postForm(
    consolePath(ctx.locale, 'donors'),
    ctx.session!.csrfToken,
    `<p><label for="forget-email">${esc(w.email)}</label><br><input id="forget-email" name="email" type="email" autocomplete="off"></p>
<p><label for="forget-pledge">${esc(w.pledgeId)}</label><br><input id="forget-pledge" name="pledgeId" type="text" autocomplete="off"></p>
<p><button type="submit">${esc(w.submit)}</button></p>`,
  )}`;
}

function donorsPage(ctx: Ctx): Response {
  need(ctx, 'forget_donor');
  const erased = new URL(ctx.request.url).searchParams.get('cancellate');
  return page(
    ctx,
    words(ctx.locale).donors.title,
    donorsForm(ctx, erased !== null && /^\d+$/.test(erased) ? words(ctx.locale).donors.done.replace('{n}', erased) : null),
  );
}

async function postForget(ctx: Ctx): Promise<Response> {
  const who = need(ctx, 'forget_donor');
  const email = ctx.form!.get('email')?.trim() || undefined;
  const pledgeId = ctx.form!.get('pledgeId')?.trim() || undefined;
  const result = await forgetDonor(ctx.app.db(), parseForgetRequest({ ...(email && { email }), ...(pledgeId && { pledgeId }) }));
  // The log names the donations, not the person: keeping the address here would undo the erasure.
  await audit(
    ctx.app.db(),
    who,
    'donor.forget',
    `${result.erased} donations`,
    { by: email ? 'email' : 'pledgeId', pledgeIds: result.pledgeIds },
    ctx.client,
    ctx.app.now(),
  );
  return redirect(`${consolePath(ctx.locale, 'donors')}?cancellate=${result.erased}`);
}

// Organisations, e-mail

function knownOrganisations(app: App): Set<string> {
  return new Set(Object.keys(app.catalog.organisations));
}

/** An organisation the person may see; 404 for one that does not exist, 403 for another's. */
function visibleOrganisation(ctx: Ctx): string {
  const slug = ctx.route.params['slug'] ?? '';
  if (!Object.hasOwn(ctx.app.catalog.organisations, slug))
    throw new DomainError('organisation_not_found', words(ctx.locale).errors.notFound);
  if (!canSeeOrganisation(ctx.session!.principal, slug)) throw new DomainError('forbidden', words(ctx.locale).errors.forbidden);
  return slug;
}

/** Administrators, and members of the organisation itself, may start its Stripe onboarding. */
const mayOnboard = (who: Principal, slug: string) => isAdmin(who) || organisationsOf(who).includes(slug);

async function payoutCell(ctx: Ctx, slug: string): Promise<string> {
  const w = words(ctx.locale).organisations;
  try {
    const view = await accountView(ctx.app, slug);
    const status = view.status === 'none' ? w.none : w[view.status];
    const due = [...view.requirements.pastDue, ...view.requirements.currentlyDue];
    return `${esc(status)}${due.length ? `<br>${esc(w.due)}: ${esc(due.join(', '))}` : ''}`;
  } catch (error) {
    if (error instanceof DomainError && error.code === 'stripe_not_configured') return esc(w.demo);
    throw error;
  }
}

async function organisationsPage(ctx: Ctx): Promise<Response> {
  const w = words(ctx.locale).organisations;
  const who = ctx.session!.principal;
  const organisations = Object.values(ctx.app.catalog.organisations)
    .filter((organisation) => canSeeOrganisation(who, organisation.slug))
    .sort((a, b) => a.name.localeCompare(b.name));
  const rows: string[][] = [];
  for (const organisation of organisations) {
    const slug = organisation.slug;
    const onboard =
      mayOnboard(who, slug) && ctx.app.config.payments.mode === 'stripe'
        ? postForm(
            consolePath(ctx.locale, 'onboarding', { slug }),
            ctx.session!.csrfToken,
            `<button type="submit" aria-label="${esc(`${w.onboard}: ${organisation.name}`)}">${esc(w.onboard)}</button>`,
          )
        : '';
    rows.push([
      rawCell(`${esc(organisation.name)}<br><span class="meta">${esc(slug)}</span>`),
      rawCell(
        Object.values(ctx.app.catalog.campaigns)
          .filter((campaign) => campaign.organisations.includes(slug) && canSeeCampaign(who, campaign.organisations))
          .map((campaign) => `<a href="${consolePath(ctx.locale, 'campaign', { slug: campaign.slug })}">${esc(campaign.title)}</a>`)
          .join(', '),
      ),
      rawCell(`${await payoutCell(ctx, slug)}${onboard}`),
      rawCell(
        `<a href="${consolePath(ctx.locale, 'receiptsCsv', { slug })}" download>${esc(w.receiptsCsv)}<span class="visually-hidden">: ${esc(organisation.name)}</span></a>`,
      ),
    ]);
  }
  return page(ctx, w.title, table(w.title, [w.slug, w.campaigns, w.payouts, w.receipts], rows));
}

/** The organisation's register of art. 83 receipts, through the same service as the bearer endpoint. */
async function receiptsCsv(ctx: Ctx): Promise<Response> {
  const slug = visibleOrganisation(ctx);
  const year = new URL(ctx.request.url).searchParams.get('year');
  const rows = await receiptRows(ctx.app, slug, year);
  await audit(ctx.app.db(), ctx.session!.principal, 'export.receipts', slug, { rows: rows.length, year }, ctx.client, ctx.app.now());
  return csvResponse(toCsv(RECEIPT_COLUMNS, rows), `ricevute-${slug}${year ? `-${year}` : ''}.csv`, { 'cache-control': 'no-store' });
}

async function postOnboarding(ctx: Ctx): Promise<Response> {
  const w = words(ctx.locale).organisations;
  const slug = visibleOrganisation(ctx);
  const who = ctx.session!.principal;
  if (!mayOnboard(who, slug)) throw new DomainError('forbidden', words(ctx.locale).errors.forbidden);
  const onboarding = await onboardOrganisation(
    ctx.app,
    slug,
    ctx.app.config.siteUrl ? new URL(ctx.app.config.siteUrl).origin : new URL(ctx.request.url).origin,
  );
  await audit(
    ctx.app.db(),
    who,
    'organisation.onboarding_link',
    slug,
    { accountId: onboarding.accountId, status: onboarding.status },
    ctx.client,
    ctx.app.now(),
  );
  // Shown, not redirected to: the console's policy lets forms lead only to this site.
  return page(
    ctx,
    `${w.onboardTitle}: ${ctx.app.catalog.organisations[slug]!.name}`,
    `<p>${esc(w.onboardIntro)}</p><p><a href="${esc(onboarding.onboardingUrl)}" rel="noreferrer">${esc(w.onboardLink)}</a></p>`,
  );
}

/** The e-mail the outbox gave up on: addresses masked, no content, as the bearer endpoint lists them. */
async function mailPage(ctx: Ctx): Promise<Response> {
  need(ctx, 'read_city');
  const w = words(ctx.locale).mail;
  const failed = await listByStatus(ctx.app.db(), 'failed', 200);
  const rows = failed.map((message) => [
    cell(dateTime(message.failedAt ?? message.createdAt, ctx.locale)),
    cell(message.kind),
    cell(message.recipient),
    cell(message.attempts),
    cell(message.lastError),
  ]);
  return page(
    ctx,
    w.title,
    rows.length ? table(w.title, [w.when, w.kind, w.recipient, w.attempts, w.error], rows) : `<p>${esc(w.none)}</p>`,
  );
}

// People

async function peoplePage(ctx: Ctx): Promise<Response> {
  need(ctx, 'manage_people');
  const w = words(ctx.locale).people;
  const roleNames = words(ctx.locale).roles;
  const people = await listPeople(ctx.app.db());
  const params = new URL(ctx.request.url).searchParams;
  const done = params.get('esito') === 'invitata' ? w.invited : params.get('esito') === 'disattivata' ? w.disabledDone : null;
  const rows = people.map((person) => [
    cell(person.email),
    cell(person.name),
    cell(person.status === 'active' ? w.active : w.disabled),
    cell(
      person.grants
        .map((grant) => (grant.organisation ? `${roleNames[grant.role]}: ${grant.organisation}` : roleNames[grant.role]))
        .join(', '),
    ),
    rawCell(
      person.status === 'active' && person.id !== ctx.session!.principal.personId
        ? postForm(
            consolePath(ctx.locale, 'disable'),
            ctx.session!.csrfToken,
            `<input type="hidden" name="personId" value="${esc(person.id)}"><button type="submit" aria-label="${esc(`${w.disable}: ${person.email}`)}">${esc(w.disable)}</button>`,
          )
        : '',
    ),
  ]);
  const organisations = [...knownOrganisations(ctx.app)].sort();
  const inviteForm = postForm(
    consolePath(ctx.locale, 'invite'),
    ctx.session!.csrfToken,
    `<p><label for="invite-email">${esc(w.email)}</label><br><input id="invite-email" name="email" type="email" required autocomplete="off"></p>
<p><label for="invite-name">${esc(w.name)}</label><br><input id="invite-name" name="name" type="text" required autocomplete="off"></p>
<p><label for="invite-role">${esc(w.role)}</label><br><select id="invite-role" name="role">${ROLES.map((role) => `<option value="${role}">${esc(roleNames[role])}</option>`).join('')}</select></p>
<fieldset><legend>${esc(w.organisations)}</legend>${organisations
      .map(
        (slug, index) =>
          `<label for="invite-org-${index}"><input id="invite-org-${index}" type="checkbox" name="organisations" value="${esc(slug)}"> ${esc(slug)}</label><br>`,
      )
      .join('')}</fieldset>
<p><button type="submit">${esc(w.submit)}</button></p>`,
  );
  const body = `${notice(done)}${table(w.title, [w.email, w.name, w.status, w.roles, ''], rows)}<h2>${esc(w.invite)}</h2>${inviteForm}`;
  return page(ctx, w.title, body);
}

async function postInvite(ctx: Ctx): Promise<Response> {
  const who = need(ctx, 'manage_people');
  const form = ctx.form!;
  await invite(
    ctx.app,
    ctx.deps.mailer,
    links(ctx.app, ctx.request),
    who,
    {
      email: form.get('email') ?? '',
      name: form.get('name') ?? '',
      role: form.get('role') ?? '',
      organisations: form.getAll('organisations'),
      locale: ctx.locale,
    },
    knownOrganisations(ctx.app),
    ctx.client,
  );
  return redirect(`${consolePath(ctx.locale, 'people')}?esito=invitata`);
}

async function postDisable(ctx: Ctx): Promise<Response> {
  const who = need(ctx, 'manage_people');
  await disablePerson(ctx.app, who, ctx.form!.get('personId') ?? '', ctx.client);
  return redirect(`${consolePath(ctx.locale, 'people')}?esito=disattivata`);
}

// Audit log

async function auditPage(ctx: Ctx): Promise<Response> {
  need(ctx, 'read_city');
  const w = words(ctx.locale).audit;
  const entries = await readAudit(ctx.app.db(), 300);
  const rows = entries.map((entry) => [
    cell(dateTime(entry.at, ctx.locale)),
    cell(entry.actor),
    cell(entry.action),
    cell(entry.subject),
    cell(entry.client),
    cell(JSON.stringify(entry.details)),
  ]);
  return page(ctx, w.title, table(w.title, [w.when, w.who, w.what, w.subject, w.where, w.details], rows));
}
