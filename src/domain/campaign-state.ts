import { thresholdCents, type CofundingRule } from './cofunding.ts';
import type { Cents } from './money.ts';

export type CampaignState = 'upcoming' | 'open' | 'succeeded' | 'failed' | 'cancelled';

export interface CampaignSchedule {
  opensAt: Date;
  closesAt: Date;
  cancelled: boolean;
}

/** Whether donations are accepted at `now`: from the opening instant included to the closing instant excluded. */
export function isOpenAt(schedule: CampaignSchedule, now: Date): boolean {
  return !schedule.cancelled && schedule.opensAt <= now && now < schedule.closesAt;
}

/**
 * The state is derived from the clock and the ledger, never typed by hand: after closing a campaign
 * succeeded when its confirmed citizens' money reached the threshold. Once the closing job has
 * recorded the outcome, that record wins: refunds after closing (all of them, for an all-or-nothing
 * failure) must not turn a result into another.
 */
export function campaignState(
  schedule: CampaignSchedule,
  rule: CofundingRule,
  goalCents: Cents,
  raisedCents: Cents,
  now: Date,
  outcome: 'succeeded' | 'failed' | null = null,
): CampaignState {
  if (schedule.cancelled) return 'cancelled';
  if (now < schedule.opensAt) return 'upcoming';
  if (now < schedule.closesAt) return 'open';
  if (outcome) return outcome;
  return raisedCents >= thresholdCents(rule, goalCents) ? 'succeeded' : 'failed';
}

const DAY_MS = 86_400_000;

/** Whole days left before closing, rounded up, so "1" is shown on the last day and 0 once closed. */
export function daysLeft(closesAt: Date, now: Date): number {
  return Math.max(0, Math.ceil((closesAt.getTime() - now.getTime()) / DAY_MS));
}
