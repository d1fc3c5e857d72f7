/**
 * The ledger's rules over one transaction that the caller owns: record a fact once, update the
 * running totals beside it, and move the city's share when the citizens' money crosses the threshold.
 */
import { isOpenAt } from '../../domain/campaign-state.ts';
import { decideCofunding } from '../../domain/cofunding.ts';
import type { Cents } from '../../domain/money.ts';
import type { Tx } from '../db/pool.ts';
import type { LiveCampaign } from '../services/campaigns.ts';
import { appendEntry, lockPool, lockTotals, saveTotals, savePool, type CampaignTotals } from './repository.ts';

export type Recorded = 'recorded' | 'duplicate';

export async function recordDonation(
  tx: Tx,
  campaign: LiveCampaign,
  donation: { externalKey: string; pledgeId: string; amountCents: Cents },
  now: Date,
): Promise<Recorded> {
  const totals = await lockTotals(tx, campaign.slug, campaign.call.id);
  const fresh = await appendEntry(tx, {
    externalKey: donation.externalKey,
    kind: 'donation',
    campaign: campaign.slug,
    callId: campaign.call.id,
    pledgeId: donation.pledgeId,
    amountCents: donation.amountCents,
  });
  if (!fresh) return 'duplicate';
  totals.raisedCents += donation.amountCents;
  totals.donors += 1;
  await settleCofunding(tx, campaign, totals, now);
  await saveTotals(tx, totals);
  return 'recorded';
}

/**
 * Records money given back to a donor. `donorGone` is true when this refund makes the donation fully
 * refunded, so the donor no longer counts.
 */
export async function recordRefund(
  tx: Tx,
  campaign: LiveCampaign,
  refund: { externalKey: string; pledgeId: string; amountCents: Cents; donorGone: boolean },
  now: Date,
): Promise<Recorded> {
  const totals = await lockTotals(tx, campaign.slug, campaign.call.id);
  const fresh = await appendEntry(tx, {
    externalKey: refund.externalKey,
    kind: 'refund',
    campaign: campaign.slug,
    callId: campaign.call.id,
    pledgeId: refund.pledgeId,
    amountCents: refund.amountCents,
  });
  if (!fresh) return 'duplicate';
  totals.raisedCents -= refund.amountCents;
  if (refund.donorGone) totals.donors -= 1;
  await settleCofunding(tx, campaign, totals, now);
  await saveTotals(tx, totals);
  return 'recorded';
}

/** Reserves or releases the city's share as the rule decides; the pool row is locked only when it moves. */
async function settleCofunding(tx: Tx, campaign: LiveCampaign, totals: CampaignTotals, now: Date): Promise<void> {
  const situation = {
    rule: campaign.call.rule,
    goalCents: campaign.goalCents,
    raisedCents: totals.raisedCents,
    open: isOpenAt(campaign.schedule, now),
    current: totals.cofunding,
  };
  if (decideCofunding({ ...situation, poolRemainingCents: Number.MAX_SAFE_INTEGER }).kind === 'none') return;

  const pool = await lockPool(tx, campaign.call.id, campaign.call.poolCents);
  const move = decideCofunding({ ...situation, poolRemainingCents: pool.poolCents - pool.reservedCents - pool.grantedCents });
  if (move.kind === 'none') return;
  if (move.kind === 'reserve' || move.kind === 'release') {
    totals.movements += 1;
    await appendEntry(tx, {
      externalKey: `${move.kind === 'reserve' ? 'reservation' : 'release'}:${campaign.slug}:${totals.movements}`,
      kind: move.kind === 'reserve' ? 'reservation' : 'release',
      campaign: campaign.slug,
      callId: campaign.call.id,
      pledgeId: null,
      amountCents: move.cents,
    });
    pool.reservedCents += move.kind === 'reserve' ? move.cents : -move.cents;
    await savePool(tx, pool);
  }
  totals.cofunding = move.next;
}
