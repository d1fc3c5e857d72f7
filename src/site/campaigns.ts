/** Campaigns joined with their call and organisations, as the pages show them. */
import { getCollection, type CollectionEntry } from 'astro:content';
import { isOpenAt } from '../domain/campaign-state.ts';
import { entitledCents, thresholdCents, type CofundingRule } from '../domain/cofunding.ts';

export interface CampaignView {
  entry: CollectionEntry<'campaigns'>;
  call: CollectionEntry<'calls'>;
  organisations: CollectionEntry<'organisations'>[];
  rule: CofundingRule;
  /** Live campaigns only: the figures the progress island starts from. */
  money: { goalCents: number; thresholdCents: number; entitledCents: number } | null;
  phase: 'historical' | 'upcoming' | 'open' | 'closed';
}

export async function campaignViews(now = new Date()): Promise<CampaignView[]> {
  const [campaigns, calls, organisations] = await Promise.all([
    getCollection('campaigns', (entry) => !entry.data.draft),
    getCollection('calls'),
    getCollection('organisations'),
  ]);
  const callById = new Map(calls.map((call) => [call.id, call]));
  const orgById = new Map(organisations.map((org) => [org.id, org]));
  return campaigns
    .map((entry) => {
      // The catalog integration has already refused unknown calls and organisations.
      const call = callById.get(entry.data.call)!;
      const rule: CofundingRule = {
        thresholdBasisPoints: call.data.threshold,
        cofundingShareBasisPoints: call.data.cofundingShare,
        maxCofundingPerProjectCents: call.data.maxCofundingPerProject,
      };
      const { goal, closesAt } = entry.data;
      const historical = entry.data.history !== undefined || goal === undefined || closesAt === undefined;
      const schedule = { opensAt: entry.data.opensAt, closesAt: closesAt ?? entry.data.opensAt, cancelled: entry.data.cancelled };
      const phase: CampaignView['phase'] = historical
        ? 'historical'
        : now < schedule.opensAt
          ? 'upcoming'
          : isOpenAt(schedule, now)
            ? 'open'
            : 'closed';
      return {
        entry,
        call,
        organisations: entry.data.organisations.map((id) => orgById.get(id)!),
        rule,
        money: historical || goal === undefined ? null : { goalCents: goal, thresholdCents: thresholdCents(rule, goal), entitledCents: entitledCents(rule, goal) },
        phase,
      };
    })
    .sort((a, b) => b.entry.data.opensAt.getTime() - a.entry.data.opensAt.getTime());
}
