/** Every campaign with its live figures, for re-use under CC BY 4.0. */
import type { App } from '../app.ts';
import type { District } from '../../content/schemas.ts';
import { districtName } from '../../i18n/vocabularies.ts';
import { allProgress } from './progress.ts';

export interface OpenDataCampaign {
  slug: string;
  title: string;
  call: string;
  organisations: string[];
  /** The organisation that receives the donations and issues the receipts. */
  payee: string;
  district: District;
  /** The district's name in Italian, from the same table as the pages and the editor. */
  districtName: string;
  goalCents: number | null;
  opensAt: string;
  closesAt: string | null;
  state: string;
  raisedCents: number | null;
  donors: number | null;
  cofundingStatus: string | null;
  cofundingCents: number | null;
  historical: boolean;
}

export const OPEN_DATA_LICENSE = 'CC-BY-4.0';

export async function openDataCampaigns(app: App): Promise<OpenDataCampaign[]> {
  const progress = await allProgress(app);
  return Object.values(app.catalog.campaigns).map((campaign) => {
    const live = progress.get(campaign.slug);
    return {
      slug: campaign.slug,
      title: campaign.title,
      call: campaign.call,
      organisations: campaign.organisations,
      payee: campaign.payee,
      district: campaign.district,
      districtName: districtName(campaign.district, 'it'),
      goalCents: campaign.goalCents,
      opensAt: campaign.opensAt,
      closesAt: campaign.closesAt,
      state: live?.state ?? 'historical',
      raisedCents: live?.raisedCents ?? null,
      donors: live?.donors ?? null,
      cofundingStatus: live?.cofunding.status ?? null,
      cofundingCents: live?.cofunding.cents ?? null,
      historical: campaign.historical,
    };
  });
}
