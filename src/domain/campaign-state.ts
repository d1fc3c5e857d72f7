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
 * succeeded when its confirmed citizens' money reached the threshold.
 */
export function campaignState(
  schedule: CampaignSchedule,
  rule: CofundingRule,
  goalCents: Cents,
  raisedCents: Cents,
  now: Date,
): CampaignState {
  if (schedule.cancelled) return 'cancelled';
  if (now < schedule.opensAt) return 'upcoming';
  if (now < schedule.closesAt) return 'open';
  return raisedCents >= thresholdCents(rule, goalCents) ? 'succeeded' : 'failed';
}

const DAY_MS = 86_400_000;

/** Whole days left before closing, rounded up, so "1" is shown on the last day and 0 once closed. */
export function daysLeft(closesAt: Date, now: Date): number {
  return Math.max(0, Math.ceil((closesAt.getTime() - now.getTime()) / DAY_MS));
}
