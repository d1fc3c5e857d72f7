/** The words of the progress island, from the figures: pure, so the text equivalents are tested. */
import type { Progress } from '../domain/progress.ts';
import { formatNumber, formatPercent, percentWithArticle } from '../i18n/format.ts';
import { euros, longDate, texts, type Locale } from './i18n.ts';

export interface ProgressText {
  raised: string;
  threshold: string;
  cofunding: string;
  total: string;
  time: string;
}

type ProgressWords = ReturnType<typeof texts>['progress'];

/** The sentence on the city's share, from its status. */
function cofundingSentence(p: Progress, entitledCents: number, t: ProgressWords, money: (cents: number) => string): string {
  const cofunding: Record<Progress['cofunding']['status'], () => string> = {
    none: () => t.cofundingNone(money(entitledCents)),
    reserved: () => t.cofundingReserved(money(p.cofunding.cents)),
    granted: () => t.cofundingGranted(money(p.cofunding.cents)),
    released: () => t.cofundingReleased,
    pool_exhausted: () => (p.cofunding.cents > 0 ? t.poolPartial(money(p.cofunding.cents), money(entitledCents)) : t.poolExhausted),
  };
  return cofunding[p.cofunding.status]();
}

/** What the clock says of the campaign: opening date, days left, or how it ended. */
function timeSentence(p: Progress, t: ProgressWords, locale: Locale): string {
  const time: Record<Progress['state'], () => string> = {
    upcoming: () => t.opens(longDate(p.opensAt, locale)),
    open: () => (p.daysLeft <= 1 ? t.lastDay : t.daysLeft(p.daysLeft)),
    succeeded: () => t.succeeded,
    failed: () => t.failed,
    cancelled: () => t.cancelled,
  };
  return time[p.state]();
}

export function describeProgress(p: Progress, entitledCents: number, locale: Locale = 'it'): ProgressText {
  const t = texts(locale).progress;
  const money = (cents: number) => euros(cents, locale);
  const missing = Math.max(0, p.thresholdCents - p.raisedCents);
  return {
    raised: t.raised(money(p.raisedCents), p.donors),
    threshold: p.thresholdReached
      ? t.thresholdReached(money(p.thresholdCents))
      : t.thresholdMissing(money(p.thresholdCents), money(missing)),
    cofunding: cofundingSentence(p, entitledCents, t, money),
    // The percentage with its article («l'1%», «lo 0%»): the dictionary takes it written out.
    total: t.total(money(p.totalCents), percentWithArticle(p.percent, locale), money(p.goalCents)),
    time: timeSentence(p, t, locale),
  };
}

/** Widths of the bar's segments in percent of the goal, capped so an over-funded bar stays inside. */
export function barSegments(p: Progress): { citizens: number; city: number; threshold: number } {
  const pct = (cents: number) => (p.goalCents > 0 ? (cents * 100) / p.goalCents : 0);
  const citizens = Math.min(100, pct(p.raisedCents));
  return { citizens, city: Math.min(100 - citizens, pct(p.cofunding.cents)), threshold: pct(p.thresholdCents) };
}

/** What the summary shows, each figure apart from its words so the figure can be large. */
export interface ProgressSummary {
  raised: string;
  ofGoal: string;
  donors: string;
  donorsLabel: string;
  /** Days left while open; null otherwise (then `time` says the state). */
  days: string | null;
  daysLabel: string;
  time: string;
  percent: string;
  percentLabel: string;
  threshold: string;
  legendCitizens: string;
  legendCity: string;
  legendThreshold: string;
  cofunding: string;
  total: string;
  bar: { citizens: number; city: number; threshold: number };
}

export function summaryOf(p: Progress, entitledCents: number, locale: Locale = 'it'): ProgressSummary {
  const t = texts(locale).progress;
  const money = (cents: number) => euros(cents, locale);
  const open = p.state === 'open' && p.daysLeft > 1;
  const missing = Math.max(0, p.thresholdCents - p.raisedCents);
  return {
    raised: money(p.raisedCents),
    ofGoal: t.ofGoal(money(p.goalCents)),
    donors: formatNumber(p.donors, locale),
    donorsLabel: t.donations(p.donors),
    days: open ? formatNumber(p.daysLeft, locale) : null,
    daysLabel: t.daysLeftLabel(p.daysLeft),
    time: timeSentence(p, t, locale),
    percent: formatPercent(p.percent, locale),
    percentLabel: t.percentLabel,
    threshold: money(p.thresholdCents),
    legendCitizens: t.legendCitizens(money(p.raisedCents)),
    legendCity: p.cofunding.cents > 0 ? t.legendCity(money(p.cofunding.cents)) : t.legendCityNone(money(entitledCents)),
    legendThreshold: p.thresholdReached
      ? t.legendThresholdReached(money(p.thresholdCents))
      : t.legendThreshold(money(p.thresholdCents), money(missing)),
    cofunding: cofundingSentence(p, entitledCents, t, money),
    // Announced when the figures change: the same facts as the summary shows.
    total: `${money(p.raisedCents)} ${t.ofGoal(money(p.goalCents))}, ${formatNumber(p.donors, locale)} ${t.donations(p.donors)}.`,
    bar: barSegments(p),
  };
}
