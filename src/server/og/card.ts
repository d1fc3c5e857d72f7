/**
 * What an Open Graph card says, from the catalog (the functions) or from the pages' own view (the build),
 * and the version of a card: a hash of everything that draws it. The campaign page links
 * `/og/campagne/<slug>.png?v=<version>`; the function draws the card on request and, when the version in
 * the URL is the one it would draw, answers it as immutable, so the CDN keeps it until the content changes
 * (a changed card gets a new URL). Nothing is drawn at build time: a campaign costs no image at the build.
 */
import { createHash } from 'node:crypto';
import type { Catalog } from '../../content/catalog.ts';
import type { District } from '../../content/schemas.ts';
import { t, type Locale } from '../../site/i18n.ts';
import { districtName } from '../../i18n/vocabularies.ts';

export interface OgCard {
  kicker: string;
  title: string;
  lines: string[];
  footer: string;
}

/** Bump when the drawing changes (layout, colours, fonts): every card then gets a new URL. */
const LAYOUT_VERSION = 1;

export interface CampaignCardInput {
  title: string;
  organisationNames: string[];
  district: District;
  /** The call is an invented example edition. */
  example: boolean;
  edition: number;
}

export function campaignCard(input: CampaignCardInput, locale: Locale): OgCard {
  const s = t(locale);
  return {
    kicker: `${s.owner.toUpperCase()} · ${s.siteName.toUpperCase()}`,
    title: input.title,
    lines: [input.organisationNames.join(', '), districtName(input.district, locale)],
    footer: input.example ? s.exampleCampaign : `${s.campaign.call} ${input.edition}`,
  };
}

export function defaultCard(locale: Locale): OgCard {
  const s = t(locale);
  return { kicker: s.owner.toUpperCase(), title: s.home.title, lines: [s.home.intro], footer: s.footer.programme };
}

/** The card of a published campaign as the functions know it, or null for an unknown slug. */
export function catalogCampaignCard(catalog: Catalog, slug: string, locale: Locale): OgCard | null {
  const campaign = Object.hasOwn(catalog.campaigns, slug) ? catalog.campaigns[slug] : undefined;
  if (!campaign) return null;
  const call = catalog.calls[campaign.call];
  if (!call) return null;
  return campaignCard(
    {
      title: locale === 'en' ? (campaign.titleEn ?? campaign.title) : campaign.title,
      organisationNames: campaign.organisations.map((slug) => catalog.organisations[slug]?.name ?? slug),
      district: campaign.district,
      example: call.example,
      edition: call.edition,
    },
    locale,
  );
}

/** 16 hex digits of SHA-256 over the card and the layout: short in a URL, and no collision in any real site. */
export function cardVersion(card: OgCard): string {
  return createHash('sha256')
    .update(JSON.stringify([LAYOUT_VERSION, card]))
    .digest('hex')
    .slice(0, 16);
}

/** The address of a campaign's card, as pages link it. */
export function campaignCardPath(slug: string, locale: Locale, card: OgCard): string {
  return `${locale === 'en' ? '/en' : ''}/og/campagne/${slug}.png?v=${cardVersion(card)}`;
}
