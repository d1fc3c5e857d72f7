/** The catalog's campaigns as the services use them: with their call, schedule and rule resolved. */
import type { Catalog, CatalogCall, CatalogCampaign } from '../../content/catalog.ts';
import type { CampaignSchedule } from '../../domain/campaign-state.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Cents } from '../../domain/money.ts';

/** A campaign that collects money on the platform (not a historical page). */
export interface LiveCampaign {
  slug: string;
  /** The organisation that receives the money and issues the receipts. */
  payee: string;
  call: CatalogCall & { poolCents: Cents };
  goalCents: Cents;
  thresholdCents: Cents;
  schedule: CampaignSchedule;
}

export function toLiveCampaign(campaign: CatalogCampaign, catalog: Catalog): LiveCampaign | null {
  const call = catalog.calls[campaign.call];
  if (!call || campaign.historical || call.poolCents === null) return null;
  if (campaign.goalCents === null || campaign.thresholdCents === null || campaign.closesAt === null) return null;
  return {
    slug: campaign.slug,
    payee: campaign.payee,
    call: { ...call, poolCents: call.poolCents },
    goalCents: campaign.goalCents,
    thresholdCents: campaign.thresholdCents,
    schedule: { opensAt: new Date(campaign.opensAt), closesAt: new Date(campaign.closesAt), cancelled: campaign.cancelled },
  };
}

export function findLiveCampaign(catalog: Catalog, slug: string): LiveCampaign {
  const campaign = Object.hasOwn(catalog.campaigns, slug) ? catalog.campaigns[slug] : undefined;
  const live = campaign && toLiveCampaign(campaign, catalog);
  if (!live) throw new DomainError('campaign_not_found', `No campaign collects donations under "${slug}".`);
  return live;
}

export function liveCampaigns(catalog: Catalog): LiveCampaign[] {
  return Object.values(catalog.campaigns).flatMap((campaign) => toLiveCampaign(campaign, catalog) ?? []);
}
