/** The public picture of a campaign's money, as the progress endpoint and the islands show it. */
import { campaignState, daysLeft, type CampaignSchedule, type CampaignState } from './campaign-state.ts';
import type { Cofunding, CofundingRule } from './cofunding.ts';
import type { Cents } from './money.ts';

export interface Progress {
  slug: string;
  state: CampaignState;
  currency: 'EUR';
  goalCents: Cents;
  raisedCents: Cents;
  donors: number;
  thresholdCents: Cents;
  thresholdReached: boolean;
  cofunding: Cofunding;
  totalCents: Cents;
  /** Citizens plus city, as a whole percentage of the goal; above 100 when over-funded. */
  percent: number;
  daysLeft: number;
  poolRemainingCents: Cents | null;
  opensAt: string;
  closesAt: string;
  updatedAt: string;
}

export interface ProgressInput {
  slug: string;
  schedule: CampaignSchedule;
  rule: CofundingRule;
  goalCents: Cents;
  thresholdCents: Cents;
  raisedCents: Cents;
  donors: number;
  cofunding: Cofunding;
  poolRemainingCents: Cents | null;
  updatedAt: Date;
  now: Date;
  /** Recorded by the closing job; null while the campaign has not been closed. */
  outcome?: 'succeeded' | 'failed' | null;
}

export function buildProgress(input: ProgressInput): Progress {
  const totalCents = input.raisedCents + input.cofunding.cents;
  return {
    slug: input.slug,
    state: campaignState(input.schedule, input.rule, input.goalCents, input.raisedCents, input.now, input.outcome ?? null),
    currency: 'EUR',
    goalCents: input.goalCents,
    raisedCents: input.raisedCents,
    donors: input.donors,
    thresholdCents: input.thresholdCents,
    thresholdReached: input.raisedCents >= input.thresholdCents,
    cofunding: { status: input.cofunding.status, cents: input.cofunding.cents },
    totalCents,
    percent: input.goalCents > 0 ? Math.floor((totalCents * 100) / input.goalCents) : 0,
    daysLeft: daysLeft(input.schedule.closesAt, input.now),
    poolRemainingCents: input.poolRemainingCents,
    opensAt: input.schedule.opensAt.toISOString(),
    closesAt: input.schedule.closesAt.toISOString(),
    updatedAt: input.updatedAt.toISOString(),
  };
}
