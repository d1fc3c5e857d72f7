/** Campaigns joined with their call, organisations and English texts, as the pages show them. */
import { getCollection, type CollectionEntry } from 'astro:content';
import { campaignPhase } from '../components/live-state.ts';
import { entitledCents, NO_COFUNDING, thresholdCents, type CofundingRule } from '../domain/cofunding.ts';
import { buildProgress, type Progress } from '../domain/progress.ts';
import { localePath, type Locale } from './i18n.ts';
import { buildNow } from './clock.ts';

/** The words of a campaign in the reader's language; `translated` is false when an English page falls back to Italian. */
export interface CampaignText {
  title: string;
  summary: string;
  coverAlt: string;
  galleryAlts: string[];
  budgetLabels: string[];
  historyOutcome: string | undefined;
  otherWaysToGive: string | undefined;
  translated: boolean;
  /** The entry whose Markdown body is shown. */
  body: CollectionEntry<'campaigns'> | CollectionEntry<'campaignsEn'>;
}

export interface CampaignView {
  entry: CollectionEntry<'campaigns'>;
  call: CollectionEntry<'calls'>;
  organisations: CollectionEntry<'organisations'>[];
  rule: CofundingRule;
  /** Live campaigns only: the figures the progress island starts from. */
  money: { goalCents: number; thresholdCents: number; entitledCents: number } | null;
  /** At build time; islands re-evaluate it in the browser. */
  phase: 'historical' | 'upcoming' | 'open' | 'closed';
  text: CampaignText;
  url: string;
}

function campaignText(entry: CollectionEntry<'campaigns'>, en: CollectionEntry<'campaignsEn'> | undefined, locale: Locale): CampaignText {
  const { data } = entry;
  const italian: CampaignText = {
    title: data.title,
    summary: data.summary,
    coverAlt: data.cover.alt,
    galleryAlts: data.gallery.map((picture) => picture.alt),
    budgetLabels: (data.budget ?? []).map((line) => line.item),
    historyOutcome: data.history?.outcome,
    otherWaysToGive: data.otherWaysToGive,
    translated: locale === 'it',
    body: entry,
  };
  if (!en) return italian;
  // The catalog check has already held list lengths equal to the Italian ones.
  return {
    title: en.data.title,
    summary: en.data.summary,
    coverAlt: en.data.coverAlt,
    galleryAlts: en.data.galleryAlts ?? italian.galleryAlts,
    budgetLabels: en.data.budget ?? italian.budgetLabels,
    historyOutcome: en.data.historyOutcome ?? italian.historyOutcome,
    otherWaysToGive: en.data.otherWaysToGive ?? italian.otherWaysToGive,
    translated: true,
    body: en,
  };
}

// A production build joins the campaigns once per language, at one instant, and every page reads that
// list: joining per page made the build O(pages x campaigns). The dev server re-joins on every request,
// so edited content shows at once. Callers must not sort or splice the shared list in place.
const joined = new Map<Locale, Promise<readonly CampaignView[]>>();

export function campaignViews(now = buildNow(), locale: Locale = 'it'): Promise<readonly CampaignView[]> {
  if (!import.meta.env.PROD) return joinCampaigns(now, locale);
  let views = joined.get(locale);
  if (!views) {
    views = joinCampaigns(now, locale);
    joined.set(locale, views);
  }
  return views;
}

export interface CampaignUpdate {
  entry: CollectionEntry<'updates'>;
  /** Its English version, on English pages, when there is one. */
  en: CollectionEntry<'updatesEn'> | undefined;
}

const updatesIndex = new Map<Locale, Promise<ReadonlyMap<string, readonly CampaignUpdate[]>>>();

/**
 * The updates about each campaign, newest first, indexed once per build and language: a campaign page
 * looks its own up instead of scanning every update (which made the build O(campaigns x updates)).
 */
export async function campaignUpdates(campaign: string, locale: Locale): Promise<readonly CampaignUpdate[]> {
  let index = import.meta.env.PROD ? updatesIndex.get(locale) : undefined;
  if (!index) {
    index = indexUpdates(locale);
    if (import.meta.env.PROD) updatesIndex.set(locale, index);
  }
  return (await index).get(campaign) ?? [];
}

async function indexUpdates(locale: Locale): Promise<ReadonlyMap<string, readonly CampaignUpdate[]>> {
  const [updates, english] = await Promise.all([
    getCollection('updates'),
    locale === 'en' ? getCollection('updatesEn') : Promise.resolve([]),
  ]);
  const enById = new Map(english.map((entry) => [entry.id, entry]));
  const index = new Map<string, CampaignUpdate[]>();
  for (const entry of [...updates].sort((a, b) => b.data.date.getTime() - a.data.date.getTime())) {
    if (!entry.data.campaign) continue;
    const list = index.get(entry.data.campaign) ?? [];
    list.push({ entry, en: enById.get(entry.id) });
    index.set(entry.data.campaign, list);
  }
  return index;
}

async function joinCampaigns(now: Date, locale: Locale): Promise<CampaignView[]> {
  const [campaigns, calls, organisations, english] = await Promise.all([
    getCollection('campaigns', (entry) => !entry.data.draft),
    getCollection('calls'),
    getCollection('organisations'),
    locale === 'en' ? getCollection('campaignsEn') : Promise.resolve([]),
  ]);
  const callById = new Map(calls.map((call) => [call.id, call]));
  const orgById = new Map(organisations.map((org) => [org.id, org]));
  const enById = new Map(english.map((entry) => [entry.id, entry]));
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
      const phase: CampaignView['phase'] = historical
        ? 'historical'
        : campaignPhase({ opensAt: entry.data.opensAt, closesAt, cancelled: entry.data.cancelled }, now);
      return {
        entry,
        call,
        organisations: entry.data.organisations.map((id) => orgById.get(id)!),
        rule,
        money: historical
          ? null
          : { goalCents: goal, thresholdCents: thresholdCents(rule, goal), entitledCents: entitledCents(rule, goal) },
        phase,
        text: campaignText(entry, enById.get(entry.id), locale),
        url: localePath(locale, `/campagne/${entry.id}/`),
      };
    })
    .sort((a, b) => b.entry.data.opensAt.getTime() - a.entry.data.opensAt.getTime());
}

/**
 * What the build knows of a live campaign's money: no ledger is reachable at build time, so the page starts
 * from no donations and the days left at `now`; the progress island replaces these figures with the ledger's.
 */
export function buildTimeProgress(view: CampaignView, now: Date): Progress | null {
  const { money, entry } = view;
  if (!money || !entry.data.closesAt) return null;
  return buildProgress({
    slug: entry.id,
    schedule: { opensAt: entry.data.opensAt, closesAt: entry.data.closesAt, cancelled: entry.data.cancelled },
    rule: view.rule,
    goalCents: money.goalCents,
    thresholdCents: money.thresholdCents,
    raisedCents: 0,
    donors: 0,
    cofunding: NO_COFUNDING,
    poolRemainingCents: null,
    updatedAt: now,
    now,
  });
}
