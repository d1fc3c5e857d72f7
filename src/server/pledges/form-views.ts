/**
 * The pages the server renders for a donation made without JavaScript: the form again with what was typed
 * and what is wrong, the demo's confirmation step and its result, and a calm page for a refusal. They wear
 * the site's stylesheet and fonts (/donazione.css, a stable address) and carry no script.
 */
import { errorList, MESSAGE_MAX_LENGTH, type DonateForm, type FieldErrors, type FieldName } from '../../components/donate-model.ts';
import { euros, texts, type Locale } from '../../components/i18n.ts';
import { localePath, t as siteTexts } from '../../site/i18n.ts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const esc = (value: string): string => value.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

export interface CampaignRef {
  slug: string;
  title: string;
}

export const campaignPath = (locale: Locale, slug: string): string => localePath(locale, `/campagne/${slug}/`);

/** The page around a body: the site's header (without the full navigation), the demo banner, the footer. */
export function page(locale: Locale, title: string, body: string, options: { demo: boolean; switchHref: string }): string {
  const s = siteTexts(locale);
  const other: Locale = locale === 'it' ? 'en' : 'it';
  return `<!doctype html>
<html lang="${s.htmlLang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${esc(title)} · ${esc(s.siteName)} · ${esc(s.owner)}</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/donazione.css">
</head>
<body>
<a class="skip-link" href="#contenuto">${esc(s.skipLink)}</a>
<header class="site-header">
<div class="slim-header"><div class="wrap slim-header__row">
<a class="slim-header__owner" href="https://www.comune.venezia.it/" hreflang="it">${esc(s.owner)}</a>
<a class="lang-switch" href="${esc(options.switchHref)}" hreflang="${other}" lang="${other}" aria-label="${esc(s.switchLabel)}">${esc(s.switchTo)}</a>
</div></div>
<div class="center-header"><div class="wrap center-header__row">
<a class="brand" href="${localePath(locale, '/')}"><span><span class="brand__title">${esc(s.siteName)}</span><span class="brand__owner">${esc(s.owner)}</span></span></a>
</div></div>
</header>
${options.demo ? `<p class="demo-banner" role="note"><strong>${esc(s.demo.strong)}</strong> ${esc(s.demo.text)}</p>` : ''}
<main id="contenuto" class="wrap" tabindex="-1">
<h1>${esc(title)}</h1>
${body}
</main>
</body>
</html>`;
}

interface FormPageInput {
  locale: Locale;
  campaign: CampaignRef;
  suggestedCents: readonly number[];
  form: DonateForm;
  errors: FieldErrors;
  /** A message for the whole form (a refusal without a field). */
  message?: string;
  embedded?: boolean;
}

const ID: Record<FieldName, string> = {
  amount: 'importo',
  name: 'nome',
  email: 'email',
  taxCode: 'codice-fiscale',
  message: 'messaggio',
  privacy: 'privacy',
};

/** The donate form again, with the values kept and each error under its field and in the summary on top. */
export function formBody(input: FormPageInput): string {
  const { locale, form, errors } = input;
  const t = texts(locale);
  const error = (field: FieldName) => (errors[field] ? `<p id="${ID[field]}-errore" class="donate__error">${esc(errors[field])}</p>` : '');
  const described = (field: FieldName) => (errors[field] ? ` aria-invalid="true" aria-describedby="${ID[field]}-errore"` : '');
  const checked = (on: boolean | undefined) => (on ? ' checked' : '');
  const summary = errorList(errors);
  const firstAmount = form.choice === 'other' ? ID.amount : `${ID.amount}-scelta`;
  const anchor = (field: FieldName) => (field === 'amount' ? firstAmount : ID[field]);
  const text = (field: 'name' | 'email' | 'taxCode', label: string, type: string, autocomplete: string, value: string) =>
    `<div class="donate__field"><label for="${ID[field]}">${esc(label)}</label>` +
    `<input id="${ID[field]}" name="${field}" type="${type}" autocomplete="${autocomplete}" value="${esc(value)}"${described(field)}>${error(field)}</div>`;
  const amounts = input.suggestedCents
    .map(
      (cents) =>
        `<label class="donate__amount"><input type="radio" name="amount" value="${cents}"${form.choice === cents ? ` id="${ID.amount}-scelta" checked` : ''}> ${esc(euros(cents, locale))}</label>`,
    )
    .join('');
  return `<p><a href="${esc(campaignPath(locale, input.campaign.slug))}">${esc(t.donate.backToCampaign)}</a></p>
<section class="donate" aria-labelledby="dona-titolo">
<h2 id="dona-titolo">${esc(t.donate.title)}</h2>
<form method="post" action="/donazione/modulo" novalidate>
<input type="hidden" name="campaign" value="${esc(input.campaign.slug)}">
<input type="hidden" name="locale" value="${locale}">
${input.embedded ? '<input type="hidden" name="embedded" value="1">' : ''}
${
  summary.length > 0
    ? `<div class="donate__summary-errors" role="alert" data-testid="error-summary"><p><strong>${esc(t.donate.checkFields)}</strong></p><ul>${summary
        .map(({ field, message }) => `<li><a href="#${anchor(field)}">${esc(message)}</a></li>`)
        .join('')}</ul></div>`
    : input.message
      ? `<p role="alert" class="donate__message">${esc(input.message)}</p>`
      : ''
}
<fieldset${errors.amount ? ` aria-describedby="${ID.amount}-errore"` : ''}>
<legend>${esc(t.donate.amount)}</legend>
<div class="donate__amounts">${amounts}<label class="donate__amount"><input type="radio" name="amount" value="other"${checked(form.choice === 'other')}> ${esc(t.donate.otherAmount)}</label></div>
<div class="donate__field"><label for="${ID.amount}">${esc(t.donate.otherAmountLabel)}</label><input id="${ID.amount}" name="otherEuros" type="text" inputmode="decimal" value="${esc(form.otherEuros)}"${described('amount')}></div>
${error('amount')}
</fieldset>
<label class="donate__check"><input type="checkbox" name="anonymous" value="1"${checked(form.anonymous)}> <span>${esc(t.donate.anonymous)}</span></label>
${text('name', t.donate.name, 'text', 'name', form.name)}
${text('email', t.donate.email, 'email', 'email', form.email)}
${text('taxCode', t.donate.taxCode, 'text', 'off', form.taxCode ?? '')}
<div class="donate__field"><label for="${ID.message}">${esc(t.donate.message)}</label><textarea id="${ID.message}" name="message" rows="3" maxlength="${MESSAGE_MAX_LENGTH}"${described('message')}>${esc(form.message ?? '')}</textarea>${error('message')}</div>
<label class="donate__check"><input type="checkbox" name="showMessage" value="1"${checked(form.showMessage)}> <span>${esc(t.donate.showMessage)}</span></label>
<label class="donate__check"><input type="checkbox" name="updates" value="1"${checked(form.updates)}> <span>${esc(t.donate.updatesConsent)}</span></label>
<label class="donate__check"><input id="${ID.privacy}" type="checkbox" name="privacy" value="1"${checked(form.privacy)}${described('privacy')}> <span>${esc(t.donate.privacyBefore)}<a href="${esc(t.donate.privacyHref)}">${esc(t.donate.privacyLink)}</a>${esc(t.donate.privacyAfter)}</span></label>
${error('privacy')}
<button type="submit" class="button">${esc(t.donate.proceed)}</button>
</form>
</section>`;
}

/** The demo's stand-in for Stripe's page: what will be given, and one button that confirms it. */
export function demoConfirmBody(locale: Locale, pledgeId: string, amountCents: number, campaign: CampaignRef): string {
  const t = texts(locale).donate;
  return `<section class="donate" aria-labelledby="paga-titolo">
<h2 id="paga-titolo">${esc(t.payTitle(euros(amountCents, locale)))}</h2>
<p>${esc(t.confirmIntro(euros(amountCents, locale), campaign.title))}</p>
<div class="donate__demo"><p><strong>${esc(t.demoNotice)}</strong> ${esc(t.demoText)}</p></div>
<form method="post" action="/donazione/conferma/${esc(pledgeId)}${locale === 'en' ? '?lang=en' : ''}">
<button type="submit" class="button">${esc(t.demoPay)}</button>
</form>
<p><a href="${esc(campaignPath(locale, campaign.slug))}">${esc(t.backToCampaign)}</a></p>
</section>`;
}

/** The result once the ledger has the donation (or says why not). */
export function resultBody(locale: Locale, status: string, amountCents: number, campaign: CampaignRef): string {
  const t = texts(locale);
  const amount = euros(amountCents, locale);
  const words: Record<string, string> = {
    succeeded: t.result.succeeded(amount),
    pending: t.result.pending(amount),
    failed: t.result.failed,
    canceled: t.result.canceled,
  };
  return `<p role="status" data-status="${esc(status)}">${esc(words[status] ?? t.result.missing)}</p>
<p><a class="button" href="${esc(campaignPath(locale, campaign.slug))}">${esc(t.result.backToCampaign)}</a></p>`;
}

export function problemBody(locale: Locale, message: string, campaign: CampaignRef | null): string {
  const back = campaign ? campaignPath(locale, campaign.slug) : localePath(locale, '/campagne/');
  return `<p role="alert">${esc(message)}</p><p><a href="${esc(back)}">${esc(texts(locale).donate.backToCampaign)}</a></p>`;
}
