/**
 * The ledger's rules over one transaction that the caller owns: record a fact once, update the
 * running totals beside it, and move the city's share when the citizens' money crosses the threshold.
 */
import { isOpenAt } from '../../domain/campaign-state.ts';
import { decideCofunding } from '../../domain/cofunding.ts';
import type { Cents } from '../../domain/money.ts';
import { findOutcome, owesRefundsForLateDonations, scheduleClosingRefund } from '../closing/repository.ts';
import type { Tx } from '../db/pool.ts';
import type { LiveCampaign } from '../services/campaigns.ts';
import { appendEntry, lockPool, lockTotals, saveTotals, savePool, type CampaignTotals } from './repository.ts';
import { scheduleTransfer } from './transfers.ts';

export type Recorded = 'recorded' | 'duplicate';

export async function recordDonation(
  tx: Tx,
  campaign: LiveCampaign,
  donation: { externalKey: string; pledgeId: string; amountCents: Cents; /** Money at Stripe, which the payee is owed. */ transferable?: boolean },
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
  // A payment confirmed after an all-or-nothing campaign failed is owed back like the others. The
  // totals row is locked, so the closing job has either finished (and its outcome is seen here) or
  // not started (and it will see this donation).
  if (await owesRefundsForLateDonations(tx, campaign.slug)) {
    await scheduleClosingRefund(tx, { pledgeId: donation.pledgeId, campaign: campaign.slug, amountCents: donation.amountCents });
  } else if (donation.transferable && (campaign.call.fundingModel === 'keep-it-all' || (await findOutcome(tx, campaign.slug)) === 'succeeded')) {
    // Keep-it-all: every donation is the organisation's at once. All-or-nothing: only once the campaign has
    // succeeded (the closing job schedules the ones before), so nothing is stranded with it if it fails.
    await scheduleTransfer(tx, { pledgeId: donation.pledgeId, campaign: campaign.slug, organisation: campaign.payee });
  }
  return 'recorded';
}

/**
 * Money leaving a donation (a refund, a lost dispute) or coming back to it (a counted refund that
 * failed). `donorDelta` is -1 when the donation becomes fully returned, +1 when it stops being so.
 */
export async function recordReturn(
  tx: Tx,
  campaign: LiveCampaign,
  movement: { externalKey: string; kind: 'refund' | 'dispute_lost' | 'refund_failed'; pledgeId: string; amountCents: Cents; donorDelta: -1 | 0 | 1 },
  now: Date,
): Promise<Recorded> {
  const totals = await lockTotals(tx, campaign.slug, campaign.call.id);
  const fresh = await appendEntry(tx, {
    externalKey: movement.externalKey,
    kind: movement.kind,
    campaign: campaign.slug,
    callId: campaign.call.id,
    pledgeId: movement.pledgeId,
    amountCents: movement.amountCents,
  });
  if (!fresh) return 'duplicate';
  totals.raisedCents += movement.kind === 'refund_failed' ? movement.amountCents : -movement.amountCents;
  totals.donors += movement.donorDelta;
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
    await appendCofundingMove(tx, campaign, totals, move.kind === 'reserve' ? 'reservation' : 'release', move.cents);
    pool.reservedCents += move.kind === 'reserve' ? move.cents : -move.cents;
    await savePool(tx, pool);
  }
  totals.cofunding = move.next;
}

/** A reservation or release of the city's share, numbered per campaign so that each is its own fact. */
export async function appendCofundingMove(
  tx: Tx,
  campaign: LiveCampaign,
  totals: CampaignTotals,
  kind: 'reservation' | 'release',
  cents: Cents,
): Promise<void> {
  totals.movements += 1;
  await appendEntry(tx, {
    externalKey: `${kind}:${campaign.slug}:${totals.movements}`,
    kind,
    campaign: campaign.slug,
    callId: campaign.call.id,
    pledgeId: null,
    amountCents: cents,
  });
}
