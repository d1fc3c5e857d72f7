/**
 * What happens to a campaign when it closes: its outcome, the city's share granted or released,
 * and whether the citizens get their money back. Decided once, from the figures at closing.
 */
import type { CampaignSchedule } from './campaign-state.ts';
import { entitledCents, thresholdCents, type Cofunding, type CofundingRule } from './cofunding.ts';
import type { Cents } from './money.ts';

export type CampaignOutcome = 'succeeded' | 'failed';
export type FundingModel = 'keep-it-all' | 'all-or-nothing';

/** A campaign can be closed once its closing instant has passed, or at once when an editor cancelled it. */
export function isDueForClosing(schedule: CampaignSchedule, now: Date): boolean {
  return schedule.cancelled || now >= schedule.closesAt;
}

export interface ClosingSituation {
  schedule: CampaignSchedule;
  rule: CofundingRule;
  fundingModel: FundingModel;
  goalCents: Cents;
  /** Succeeded citizens' money net of refunds, at the moment of closing. */
  raisedCents: Cents;
  /** The city's share as the campaign holds it (reserved, partly reserved, released or none). */
  current: Cofunding;
  poolRemainingCents: Cents;
  now: Date;
}

export type ClosingDecision =
  | { kind: 'not_due' }
  | {
      kind: 'close';
      outcome: 'succeeded';
      /**
       * Reserved from the pool at closing, beyond what the campaign already held: money that arrived
       * when the campaign was no longer open to reservations (a payment confirmed late), or a share
       * that the pool could not cover while it was open and can now.
       */
      topUpCents: Cents;
      /** Everything the city now owes the campaign: what it held plus the top-up. */
      grantCents: Cents;
      next: Cofunding;
      refundDonations: false;
    }
  | {
      kind: 'close';
      outcome: 'failed';
      /** The reservation given back to the pool. */
      releaseCents: Cents;
      next: Cofunding;
      /** All-or-nothing: every succeeded donation goes back to its donor. */
      refundDonations: boolean;
    };

export function decideClosing(situation: ClosingSituation): ClosingDecision {
  const { schedule, rule, fundingModel, goalCents, raisedCents, current, poolRemainingCents, now } = situation;
  if (!isDueForClosing(schedule, now)) return { kind: 'not_due' };

  const reached = raisedCents >= thresholdCents(rule, goalCents);
  // A cancelled campaign is treated as failed whatever it raised.
  if (schedule.cancelled || !reached) {
    const held = current.cents;
    const next: Cofunding = held > 0 || current.status === 'released' ? { status: 'released', cents: 0 } : { status: 'none', cents: 0 };
    return { kind: 'close', outcome: 'failed', releaseCents: held, next, refundDonations: fundingModel === 'all-or-nothing' };
  }

  const entitled = entitledCents(rule, goalCents);
  const missing = Math.max(entitled - current.cents, 0);
  const topUpCents = Math.min(missing, Math.max(poolRemainingCents, 0));
  const grantCents = current.cents + topUpCents;
  const next: Cofunding = grantCents > 0 ? { status: 'granted', cents: grantCents } : { status: 'pool_exhausted', cents: 0 };
  return { kind: 'close', outcome: 'succeeded', topUpCents, grantCents, next, refundDonations: false };
}
