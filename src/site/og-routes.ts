/** The Open Graph image of each campaign, and the site's generic one, in both languages. */
import { campaignViews } from './campaigns.ts';
import { t, type Locale } from './i18n.ts';
import { districtName } from '../i18n/vocabularies.ts';
import { ogPng, pngResponse } from './og-image.ts';
import type { CampaignView } from './campaigns.ts';
import { buildNow } from './clock.ts';

export async function campaignOgPaths(locale: Locale) {
  return (await campaignViews(buildNow(), locale)).map((view) => ({ params: { slug: view.entry.id }, props: { view, locale } }));
}

export async function campaignOg(view: CampaignView, locale: Locale): Promise<Response> {
  const s = t(locale);
  return pngResponse(
    await ogPng({
      kicker: `${s.owner.toUpperCase()} · ${s.siteName.toUpperCase()}`,
      title: view.text.title,
      lines: [view.organisations.map((org) => org.data.name).join(', '), districtName(view.entry.data.district, locale)],
      footer: view.call.data.example ? s.exampleCampaign : `${s.campaign.call} ${view.call.data.edition}`,
    }),
  );
}

export async function defaultOg(locale: Locale): Promise<Response> {
  const s = t(locale);
  return pngResponse(await ogPng({ kicker: s.owner.toUpperCase(), title: s.home.title, lines: [s.home.intro], footer: s.footer.programme }));
}
