/** The words of the progress island, from the figures: pure, so the text equivalents are tested. */
import type { Progress } from '../domain/progress.ts';
import { euros, longDate, texts, type Locale } from './i18n.ts';

export interface ProgressText {
  raised: string;
  threshold: string;
  cofunding: string;
  total: string;
  time: string;
}

export function describeProgress(p: Progress, entitledCents: number, locale: Locale = 'it'): ProgressText {
  const t = texts(locale).progress;
  const money = (cents: number) => euros(cents, locale);
  const missing = Math.max(0, p.thresholdCents - p.raisedCents);
  const cofunding: Record<Progress['cofunding']['status'], string> = {
    none: t.cofundingNone(money(entitledCents)),
    reserved: t.cofundingReserved(money(p.cofunding.cents)),
    granted: t.cofundingGranted(money(p.cofunding.cents)),
    released: t.cofundingReleased,
    pool_exhausted: p.cofunding.cents > 0 ? t.poolPartial(money(p.cofunding.cents), money(entitledCents)) : t.poolExhausted,
  };
  const time: Record<Progress['state'], string> = {
    upcoming: t.opens(longDate(p.opensAt, locale)),
    open: p.daysLeft <= 1 ? t.lastDay : t.daysLeft(p.daysLeft),
    succeeded: t.succeeded,
    failed: t.failed,
    cancelled: t.cancelled,
  };
  return {
    raised: t.raised(money(p.raisedCents), p.donors),
    threshold: p.thresholdReached ? t.thresholdReached(money(p.thresholdCents)) : t.thresholdMissing(money(p.thresholdCents), money(missing)),
    cofunding: cofunding[p.cofunding.status],
    total: t.total(money(p.totalCents), p.percent, money(p.goalCents)),
    time: time[p.state],
  };
}

/** Widths of the bar's segments in percent of the goal, capped so an over-funded bar stays inside. */
export function barSegments(p: Progress): { citizens: number; city: number; threshold: number } {
  const pct = (cents: number) => (p.goalCents > 0 ? (cents * 100) / p.goalCents : 0);
  const citizens = Math.min(100, pct(p.raisedCents));
  return { citizens, city: Math.min(100 - citizens, pct(p.cofunding.cents)), threshold: pct(p.thresholdCents) };
}
