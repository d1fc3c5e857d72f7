import { buildProgress, type Progress } from '../../domain/progress.ts';
import { DomainError } from '../../domain/errors.ts';
import type { App } from '../app.ts';
import {
  emptyTotals,
  readAllTotals,
  readPool,
  readPoolsOf,
  readTotals,
  readTotalsOf,
  remaining,
  type CampaignTotals,
} from '../ledger/repository.ts';
import { findLiveCampaign, type LiveCampaign } from './campaigns.ts';

function progressOf(campaign: LiveCampaign, totals: CampaignTotals, poolRemainingCents: number | null, now: Date): Progress {
  return buildProgress({
    slug: campaign.slug,
    schedule: campaign.schedule,
    rule: campaign.call.rule,
    goalCents: campaign.goalCents,
    thresholdCents: campaign.thresholdCents,
    raisedCents: totals.raisedCents,
    donors: totals.donors,
    cofunding: totals.cofunding,
    poolRemainingCents,
    updatedAt: totals.updatedAt,
    now,
    outcome: totals.outcome,
  });
}

/** Two primary-key reads, however many donations the campaign has. */
export async function getProgress(app: App, slug: string): Promise<Progress> {
  const campaign = findLiveCampaign(app.catalog, slug);
  const db = app.db();
  const [totals, pool] = await Promise.all([readTotals(db, slug), readPool(db, campaign.call.id)]);
  return progressOf(campaign, totals ?? emptyTotals(slug, campaign.call.id), pool ? remaining(pool) : campaign.call.poolCents, app.now());
}

/** As many campaigns as a list page shows: one page of cards asks once. */
export const MAX_PROGRESS_SLUGS = 24;
const SLUG = /^[a-z0-9][a-z0-9-]{0,99}$/;

/**
 * `?slugs=a,b,c`: the campaigns' slugs, without repeats; refuses an empty list, more than
 * MAX_PROGRESS_SLUGS or a malformed slug.
 */
export function parseSlugs(query: string | null): string[] {
  const slugs = [
    ...new Set(
      (query ?? '')
        .split(',')
        .map((slug) => slug.trim())
        .filter((slug) => slug !== ''),
    ),
  ];
  if (slugs.length === 0) throw new DomainError('invalid_query', 'Name the campaigns: ?slugs=a,b,c.', 'slugs');
  if (slugs.length > MAX_PROGRESS_SLUGS)
    throw new DomainError('invalid_query', `At most ${MAX_PROGRESS_SLUGS} campaigns per request.`, 'slugs');
  const bad = slugs.find((slug) => !SLUG.test(slug));
  if (bad !== undefined) throw new DomainError('invalid_query', `"${bad.slice(0, 100)}" is not a campaign slug.`, 'slugs');
  return slugs;
}

/**
 * The progress of several campaigns in two queries, whatever their number. A slug that names no live
 * campaign (unknown, or a historical one without figures) is left out of the answer rather than
 * failing the others: a list page shows every card it can.
 */
export async function getProgressOf(app: App, slugs: readonly string[]): Promise<Record<string, Progress>> {
  const campaigns = slugs.flatMap((slug) => {
    try {
      return [findLiveCampaign(app.catalog, slug)];
    } catch (error) {
      if (error instanceof DomainError && error.code === 'campaign_not_found') return [];
      throw error;
    }
  });
  if (campaigns.length === 0) return {};
  const db = app.db();
  const [totals, pools] = await Promise.all([
    readTotalsOf(
      db,
      campaigns.map((campaign) => campaign.slug),
    ),
    readPoolsOf(db, [...new Set(campaigns.map((campaign) => campaign.call.id))]),
  ]);
  const now = app.now();
  return Object.fromEntries(
    campaigns.map((campaign) => {
      const pool = pools.get(campaign.call.id);
      const poolRemainingCents = pool ? remaining(pool) : campaign.call.poolCents;
      return [
        campaign.slug,
        progressOf(campaign, totals.get(campaign.slug) ?? emptyTotals(campaign.slug, campaign.call.id), poolRemainingCents, now),
      ];
    }),
  );
}

export interface PoolView {
  call: string;
  poolCents: number;
  reservedCents: number;
  grantedCents: number;
  remainingCents: number;
}

export async function getPool(app: App, callId: string): Promise<PoolView> {
  const call = Object.hasOwn(app.catalog.calls, callId) ? app.catalog.calls[callId] : undefined;
  if (!call || call.poolCents === null) throw new DomainError('call_not_found', `No call with a pool under "${callId}".`);
  const pool = await readPool(app.db(), callId);
  const reservedCents = pool?.reservedCents ?? 0;
  const grantedCents = pool?.grantedCents ?? 0;
  // The catalogue's size, which the stored row follows only once a movement locks it.
  const remainingCents = remaining({ callId, poolCents: call.poolCents, reservedCents, grantedCents });
  return { call: callId, poolCents: call.poolCents, reservedCents, grantedCents, remainingCents };
}

export async function allProgress(app: App): Promise<Map<string, Progress>> {
  const totals = await readAllTotals(app.db());
  const now = app.now();
  const result = new Map<string, Progress>();
  for (const slug of Object.keys(app.catalog.campaigns)) {
    try {
      const campaign = findLiveCampaign(app.catalog, slug);
      result.set(slug, progressOf(campaign, totals.get(slug) ?? emptyTotals(slug, campaign.call.id), null, now));
    } catch {
      // Historical campaigns have no live figures.
    }
  }
  return result;
}
