import { buildProgress, type Progress } from '../../domain/progress.ts';
import { DomainError } from '../../domain/errors.ts';
import type { App } from '../app.ts';
import { emptyTotals, readAllTotals, readPool, readTotals, type CampaignTotals } from '../ledger/repository.ts';
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
  const remaining = pool ? pool.poolCents - pool.reservedCents - pool.grantedCents : campaign.call.poolCents;
  return progressOf(campaign, totals ?? emptyTotals(slug, campaign.call.id), remaining, app.now());
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
  return { call: callId, poolCents: call.poolCents, reservedCents, grantedCents, remainingCents: call.poolCents - reservedCents - grantedCents };
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
