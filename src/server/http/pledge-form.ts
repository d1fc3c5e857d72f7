/**
 * Giving without JavaScript: the donate form is a real HTML form posting here. These are pages for a browser,
 * not API endpoints: they live beside the site's pages (/donazione/...) and answer HTML, the API's JSON
 * errors staying for /api/*. The server checks it with the
 * island's own rules (src/components/donate-model.ts), answers with the form again when something is wrong,
 * and otherwise creates the same pledge as `POST /api/pledges` and sends the donor on with a 303: to Stripe
 * Checkout, or in demo mode to a confirmation step rendered here.
 *
 * Forms are not JSON: this is the one pledge endpoint that takes application/x-www-form-urlencoded, and so
 * it accepts a POST only from this site's own pages (the browser's Origin), as the console's forms do.
 */
import { formFromFields, serverErrors, toPledgeBody, validate, type DonateForm } from '../../components/donate-model.ts';
import { texts, toLocale, type Locale } from '../../components/i18n.ts';
import { DomainError } from '../../domain/errors.ts';
import { localePath } from '../../site/i18n.ts';
import type { App } from '../app.ts';
import { readForm, sameOrigin } from '../console/http.ts';
import { findPledge } from '../pledges/repository.ts';
import { confirmDemoPledge, isPledgeId, startCheckout } from '../pledges/service.ts';
import { campaignPath, demoConfirmBody, formBody, page, problemBody, resultBody, type CampaignRef } from '../pledges/form-views.ts';
import { findLiveCampaign } from '../services/campaigns.ts';
import { enforceRateLimit } from './rate-limit.ts';

const PLEDGES_PER_MINUTE = 20;

/**
 * Pages of a donation in progress: never cached, never referred to another site. `same-origin`, not
 * `no-referrer`: under no-referrer a browser sends `Origin: null` with the page's own form posts.
 */
const HEADERS: Record<string, string> = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'same-origin',
  'x-content-type-options': 'nosniff',
  'x-robots-tag': 'noindex, nofollow',
};

function html(status: number, body: string): Response {
  return new Response(body, { status, headers: HEADERS });
}

function seeOther(location: string): Response {
  return new Response(null, { status: 303, headers: { location, 'cache-control': 'no-store', 'referrer-policy': 'same-origin' } });
}

const isDemo = (app: App) => app.config.payments.mode === 'demo';

function campaignRef(app: App, slug: string): CampaignRef | null {
  const entry = Object.hasOwn(app.catalog.campaigns, slug) ? app.catalog.campaigns[slug] : undefined;
  return entry ? { slug: entry.slug, title: entry.title } : null;
}

function problem(app: App, locale: Locale, status: number, message: string, campaign: CampaignRef | null): Response {
  const t = texts(locale).donate;
  return html(
    status,
    page(locale, t.problemTitle, problemBody(locale, message, campaign), {
      demo: isDemo(app),
      switchHref: localePath(locale === 'it' ? 'en' : 'it', '/campagne/'),
    }),
  );
}

/** The public origin for Stripe's return addresses: SITE_URL (or Netlify's URL) when set, else this request's. */
function publicOrigin(app: App, request: Request): string {
  return app.config.siteUrl ? new URL(app.config.siteUrl).origin : new URL(request.url).origin;
}

/** `POST /donazione/modulo` */
export async function postPledgeForm(app: App, request: Request, clientIp: string): Promise<Response> {
  const siteOrigins = app.config.siteUrl ? [new URL(app.config.siteUrl).origin] : [];
  if (!sameOrigin(request, siteOrigins)) return problem(app, 'it', 403, texts('it').errors.generic, null);
  let fields: URLSearchParams;
  try {
    fields = await readForm(request);
  } catch {
    return problem(app, 'it', 415, texts('it').errors.codes['invalid_body'] ?? texts('it').errors.generic, null);
  }
  const locale = toLocale(fields.get('locale'));
  const t = texts(locale);
  const slug = fields.get('campaign') ?? '';
  const campaign = campaignRef(app, slug);
  let live;
  try {
    live = findLiveCampaign(app.catalog, slug);
  } catch {
    return problem(app, locale, 404, t.errors.codes['campaign_not_found'] ?? t.errors.generic, campaign);
  }
  const ref = campaign!;
  const limits = { minCents: live.call.donation.minCents, maxCents: live.call.donation.maxCents };
  const suggested = app.catalog.campaigns[slug]?.suggestedAmountsCents ?? [];
  const form = formFromFields(fields);
  const again = (status: number, errors: ReturnType<typeof validate>, message?: string) =>
    html(
      status,
      page(
        locale,
        t.donate.formPageTitle(ref.title),
        formBody({ locale, campaign: ref, suggestedCents: suggested, form, errors, ...(message && { message }) }),
        {
          demo: isDemo(app),
          switchHref: campaignPath(locale === 'it' ? 'en' : 'it', slug),
        },
      ),
    );

  const errors = validate(form, limits, locale);
  if (Object.keys(errors).length > 0) return again(422, errors);

  try {
    await enforceRateLimit(app.db(), 'pledges', clientIp, { hits: PLEDGES_PER_MINUTE, windowSeconds: 60 });
    const origin = publicOrigin(app, request);
    const started = await startCheckout(app, toPledgeBody(slug, form, locale), {
      success: (pledgeId) => {
        const url = new URL(fields.get('embedded') ? '/embed/esito/' : localePath(locale, '/donazione/esito/'), origin);
        url.searchParams.set('pledge', pledgeId);
        url.searchParams.set('campaign', slug);
        if (locale !== 'it') url.searchParams.set('lang', locale);
        return url.href;
      },
      cancel: new URL(campaignPath(locale, slug), origin).href,
      productName: t.donate.formPageTitle(ref.title),
      locale,
    });
    if (started.mode === 'stripe') return seeOther(started.url);
    return seeOther(stepPath(started.pledgeId, locale));
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const refused = serverErrors({ code: error.code, ...(error.field && { field: error.field }) }, form, limits, locale);
    const status = error.code === 'rate_limited' ? 429 : error.code === 'payment_provider_unavailable' ? 502 : 409;
    return again(Object.keys(refused.fields).length > 0 ? 422 : status, refused.fields, refused.message);
  }
}

const stepPath = (pledgeId: string, locale: Locale) => `/donazione/conferma/${pledgeId}${locale === 'en' ? '?lang=en' : ''}`;

/**
 * `GET /donazione/conferma/{id}`: the step after the form. A pending demo pledge shows the confirmation
 * button; otherwise the pledge's status, as the result page would. Only amount, campaign and status: no
 * personal data, as `GET /api/pledges/{id}`.
 */
export async function getPledgeFormStep(app: App, request: Request, pledgeId: string): Promise<Response> {
  const locale = toLocale(new URL(request.url).searchParams.get('lang'));
  const t = texts(locale);
  const pledge = isPledgeId(pledgeId) ? await findPledge(app.db(), pledgeId) : null;
  const campaign = pledge && campaignRef(app, pledge.campaign);
  if (!pledge || !campaign) return problem(app, locale, 404, t.result.missing, null);
  const switchHref = stepPath(pledge.id, locale === 'it' ? 'en' : 'it');
  if (pledge.status === 'pending' && pledge.mode === 'demo' && isDemo(app)) {
    return html(
      200,
      page(locale, t.donate.formPageTitle(campaign.title), demoConfirmBody(locale, pledge.id, pledge.amountCents, campaign), {
        demo: true,
        switchHref,
      }),
    );
  }
  return html(
    200,
    page(locale, t.result.title, resultBody(locale, pledge.status, pledge.amountCents, campaign), { demo: isDemo(app), switchHref }),
  );
}

/** `POST /donazione/conferma/{id}`: the demo's confirmation, then the result (post, redirect, get). */
export async function postPledgeFormStep(app: App, request: Request, pledgeId: string): Promise<Response> {
  const locale = toLocale(new URL(request.url).searchParams.get('lang'));
  const t = texts(locale);
  const siteOrigins = app.config.siteUrl ? [new URL(app.config.siteUrl).origin] : [];
  if (!sameOrigin(request, siteOrigins)) return problem(app, locale, 403, t.errors.generic, null);
  try {
    await confirmDemoPledge(app, pledgeId);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const pledge = isPledgeId(pledgeId) ? await findPledge(app.db(), pledgeId) : null;
    const campaign = pledge && campaignRef(app, pledge.campaign);
    return problem(
      app,
      locale,
      error.code === 'campaign_not_open' ? 409 : 404,
      t.errors.codes[error.code] ?? t.result.missing,
      campaign ?? null,
    );
  }
  return seeOther(stepPath(pledgeId, locale));
}

/** One function serves the step's two methods. */
export function pledgeFormStep(app: App, request: Request, pledgeId: string): Promise<Response> {
  return request.method === 'POST' ? postPledgeFormStep(app, request, pledgeId) : getPledgeFormStep(app, request, pledgeId);
}

export type { DonateForm };
