/**
 * The ledger's operations, each over one transaction that the caller owns: record a donation, move money
 * out of (or back to) one, reserve or release the city's share as the citizens' money crosses the
 * threshold, and settle a campaign at closing. Each records its fact once and keeps the running totals
 * and the pool right beside it; the locks follow the order written at the top of repository.ts.
 */
import { isOpenAt } from '../../domain/campaign-state.ts';
import { decideCofunding } from '../../domain/cofunding.ts';
import type { Cents } from '../../domain/money.ts';
import { decideClosing, type CampaignOutcome } from '../../domain/outcome.ts';
import type { Tx } from '../db/pool.ts';
import type { LiveCampaign } from '../services/campaigns.ts';
import {
  appendEntry,
  findOutcome,
  insertOutcome,
  lockInOrder,
  owesRefundsForLateDonations,
  remaining,
  saveTotals,
  savePool,
  scheduleClosingRefund,
  scheduleRefundsForCampaign,
  scheduleTransfer,
  scheduleTransfersForCampaign,
  type CampaignTotals,
  type MoneyLocks,
  type PoolTotals,
} from './repository.ts';

export type Recorded = 'recorded' | 'duplicate';

export async function recordDonation(
  tx: Tx,
  campaign: LiveCampaign,
  donation: {
    externalKey: string;
    pledgeId: string;
    amountCents: Cents;
    /** Money at Stripe, which the payee is owed. */ transferable?: boolean;
  },
  now: Date,
): Promise<Recorded> {
  const locks = lockInOrder(tx);
  const totals = await locks.totals(campaign.slug, campaign.call.id);
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
  await settleCofunding(tx, locks, campaign, totals, now);
  await saveTotals(tx, totals);
  // A payment confirmed after an all-or-nothing campaign failed is owed back like the others. The
  // totals row is locked, so the closing job has either finished (and its outcome is seen here) or
  // not started (and it will see this donation).
  if (await owesRefundsForLateDonations(tx, campaign.slug)) {
    await scheduleClosingRefund(tx, { pledgeId: donation.pledgeId, campaign: campaign.slug, amountCents: donation.amountCents });
  } else if (
    donation.transferable &&
    (campaign.call.fundingModel === 'keep-it-all' || (await findOutcome(tx, campaign.slug)) === 'succeeded')
  ) {
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
  movement: {
    externalKey: string;
    kind: 'refund' | 'dispute_lost' | 'refund_failed';
    pledgeId: string;
    amountCents: Cents;
    donorDelta: -1 | 0 | 1;
  },
  now: Date,
): Promise<Recorded> {
  const locks = lockInOrder(tx);
  const totals = await locks.totals(campaign.slug, campaign.call.id);
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
  await settleCofunding(tx, locks, campaign, totals, now);
  await saveTotals(tx, totals);
  return 'recorded';
}

/** Reserves or releases the city's share as the rule decides; the pool row is locked only when it moves. */
async function settleCofunding(tx: Tx, locks: MoneyLocks, campaign: LiveCampaign, totals: CampaignTotals, now: Date): Promise<void> {
  const situation = {
    rule: campaign.call.rule,
    goalCents: campaign.goalCents,
    raisedCents: totals.raisedCents,
    open: isOpenAt(campaign.schedule, now),
    current: totals.cofunding,
  };
  if (decideCofunding({ ...situation, poolRemainingCents: Number.MAX_SAFE_INTEGER }).kind === 'none') return;

  const pool = await locks.pool(campaign.call.id, campaign.call.poolCents);
  const move = decideCofunding({ ...situation, poolRemainingCents: remaining(pool) });
  if (move.kind === 'none') return;
  if (move.kind === 'reserve') await reserve(tx, campaign, totals, pool, move.cents);
  if (move.kind === 'release') await release(tx, campaign, totals, pool, move.cents);
  if (move.kind === 'reserve' || move.kind === 'release') await savePool(tx, pool);
  totals.cofunding = move.next;
}

/** Sets aside the city's share for the campaign, as one numbered fact of its own. */
async function reserve(tx: Tx, campaign: LiveCampaign, totals: CampaignTotals, pool: PoolTotals, cents: Cents): Promise<void> {
  await appendCofundingMove(tx, campaign, totals, 'reservation', cents);
  pool.reservedCents += cents;
}

/** Gives the campaign's reserved share back to the pool, as one numbered fact of its own. */
async function release(tx: Tx, campaign: LiveCampaign, totals: CampaignTotals, pool: PoolTotals, cents: Cents): Promise<void> {
  await appendCofundingMove(tx, campaign, totals, 'release', cents);
  pool.reservedCents -= cents;
}

/** A reservation or release of the city's share, numbered per campaign so that each is its own fact. */
async function appendCofundingMove(
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

export interface ClosedCampaign {
  campaign: string;
  outcome: CampaignOutcome;
  raisedCents: Cents;
  grantedCents: Cents;
  releasedCents: Cents;
  refundsOwed: number;
}

/**
 * Settles a campaign's money at closing, once: grants the city's share (topping up the reservation if
 * the pool allows) or releases it, owes every donor a refund when an all-or-nothing campaign failed,
 * owes the payee its donations when one succeeded, and records the outcome. Null when the campaign is
 * not due or another run closed it first (the totals row, the campaign's lock, makes them take turns).
 */
export async function settleAtClosing(tx: Tx, campaign: LiveCampaign, now: Date): Promise<ClosedCampaign | null> {
  const locks = lockInOrder(tx);
  const totals = await locks.totals(campaign.slug, campaign.call.id);
  if (await findOutcome(tx, campaign.slug)) return null;
  const pool = await locks.pool(campaign.call.id, campaign.call.poolCents);
  const decision = decideClosing({
    schedule: campaign.schedule,
    rule: campaign.call.rule,
    fundingModel: campaign.call.fundingModel,
    goalCents: campaign.goalCents,
    raisedCents: totals.raisedCents,
    current: totals.cofunding,
    poolRemainingCents: remaining(pool),
    now,
  });
  if (decision.kind === 'not_due') return null;

  let grantedCents = 0;
  let releasedCents = 0;
  if (decision.outcome === 'succeeded') {
    if (decision.topUpCents > 0) await reserve(tx, campaign, totals, pool, decision.topUpCents);
    if (decision.grantCents > 0) {
      await appendEntry(tx, {
        externalKey: `grant:${campaign.slug}`,
        kind: 'grant',
        campaign: campaign.slug,
        callId: campaign.call.id,
        pledgeId: null,
        amountCents: decision.grantCents,
      });
      pool.reservedCents -= decision.grantCents;
      pool.grantedCents += decision.grantCents;
      grantedCents = decision.grantCents;
    }
  } else if (decision.releaseCents > 0) {
    await release(tx, campaign, totals, pool, decision.releaseCents);
    releasedCents = decision.releaseCents;
  }
  totals.cofunding = decision.next;
  await savePool(tx, pool);
  await saveTotals(tx, totals);

  const refundsOwed = decision.outcome === 'failed' && decision.refundDonations ? await scheduleRefundsForCampaign(tx, campaign.slug) : 0;
  // All-or-nothing money stays on the platform until the campaign succeeds; now it is the payee's.
  if (decision.outcome === 'succeeded' && campaign.call.fundingModel === 'all-or-nothing') {
    await scheduleTransfersForCampaign(tx, campaign.slug, campaign.payee);
  }
  await insertOutcome(
    tx,
    {
      campaign: campaign.slug,
      callId: campaign.call.id,
      outcome: decision.outcome,
      fundingModel: campaign.call.fundingModel,
      raisedCents: totals.raisedCents,
      thresholdCents: campaign.thresholdCents,
      grantedCents,
      releasedCents,
      refundsOwed,
    },
    now,
  );
  return { campaign: campaign.slug, outcome: decision.outcome, raisedCents: totals.raisedCents, grantedCents, releasedCents, refundsOwed };
}
