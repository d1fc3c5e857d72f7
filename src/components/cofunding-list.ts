/** Rows of the transparency page's co-funding list, from the open data the functions serve. Pure. */
export interface OpenDataRow {
  slug: string;
  call: string;
  cofundingStatus: string | null;
  cofundingCents: number | null;
}

export interface CampaignLabel {
  title: string;
  url: string;
  organisations: string;
  call: string;
}

export interface CofundingRow extends CampaignLabel {
  slug: string;
  status: 'granted' | 'reserved';
  cents: number;
}

export function cofundingRows(
  campaigns: readonly OpenDataRow[],
  labels: Record<string, CampaignLabel>,
): { rows: CofundingRow[]; grantedCents: number; reservedCents: number } {
  const rows: CofundingRow[] = [];
  for (const campaign of campaigns) {
    const status = campaign.cofundingStatus;
    const cents = campaign.cofundingCents ?? 0;
    const label = labels[campaign.slug];
    if ((status !== 'granted' && status !== 'reserved') || cents <= 0 || !label) continue;
    rows.push({ slug: campaign.slug, status, cents, ...label });
  }
  rows.sort((a, b) => (a.status === b.status ? b.cents - a.cents || a.title.localeCompare(b.title) : a.status === 'granted' ? -1 : 1));
  const total = (status: CofundingRow['status']) => rows.filter((row) => row.status === status).reduce((sum, row) => sum + row.cents, 0);
  return { rows, grantedCents: total('granted'), reservedCents: total('reserved') };
}
