/**
 * The campaign's summary: raised (large), of the goal, donations, days left, one stacked bar with the threshold
 * marked and a legend, and the sentence on the city's rule. The page renders it at build time from what the
 * build knows (`initial`), so the figures are in the HTML; the island then refreshes them in place.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Progress } from '../domain/progress.ts';
import { fetchProgress, PLEDGE_SUCCEEDED_EVENT } from './api.ts';
import { texts, type Locale } from './i18n.ts';
import { summaryOf } from './progress-text.ts';
import './widgets.css';

interface Props {
  slug: string;
  goalCents: number;
  thresholdCents: number;
  entitledCents: number;
  /** The figures known when the page was built (no donations yet, days left at build time): never a «loading». */
  initial: Progress;
  /** Cards show a shorter summary: no legend, no rule sentence. */
  compact?: boolean;
  /** Seconds between refreshes while the page is visible. */
  refreshSeconds?: number;
  locale?: Locale;
}

export default function ProgressIsland({ slug, entitledCents, initial, compact = false, refreshSeconds = 20, locale = 'it' }: Props) {
  const t = texts(locale).progress;
  const [progress, setProgress] = useState<Progress>(initial);

  useEffect(() => {
    let alive = true;
    const load = () =>
      // A failed refresh keeps the figures shown: they are the last known, never a blank «loading».
      void fetchProgress(slug).then(
        (next) => alive && setProgress(next),
        () => undefined,
      );
    load();
    const timer = setInterval(() => document.visibilityState === 'visible' && load(), refreshSeconds * 1000);
    window.addEventListener(PLEDGE_SUCCEEDED_EVENT, load);
    return () => {
      alive = false;
      clearInterval(timer);
      window.removeEventListener(PLEDGE_SUCCEEDED_EVENT, load);
    };
  }, [slug, refreshSeconds]);

  const s = summaryOf(progress, entitledCents, locale);
  return (
    <section class={compact ? 'progress progress--compact' : 'progress'} aria-label={t.label} data-state={progress.state}>
      <p class="progress__raised" data-testid="raised">
        <strong class="progress__figure">{s.raised}</strong> <span>{s.ofGoal}</span>
      </p>
      <ul class="progress__facts">
        <li data-testid="donors">
          <strong>{s.donors}</strong> {s.donorsLabel}
        </li>
        <li data-testid="time">
          {s.days !== null ? (
            <>
              <strong>{s.days}</strong> {s.daysLabel}
            </>
          ) : (
            s.time
          )}
        </li>
        {!compact && (
          <li>
            <strong>{s.percent}</strong> {s.percentLabel}
          </li>
        )}
      </ul>
      <div class="progress__bar" aria-hidden="true">
        <span class="progress__citizens" style={{ width: `${s.bar.citizens}%` }} />
        <span class="progress__city" style={{ width: `${s.bar.city}%` }} />
        <span class="progress__threshold" style={{ left: `${s.bar.threshold}%` }} />
      </div>
      {/* A card has no legend: there the threshold's label is the text equivalent of the tick. */}
      <p class="progress__scale" aria-hidden={!compact}>
        <span class="progress__threshold-label" style={{ left: `${s.bar.threshold}%` }}>
          {t.thresholdMark} {s.threshold}
        </span>
      </p>
      {!compact && (
        <ul class="progress__legend">
          <li>
            <span class="progress__swatch progress__swatch--citizens" aria-hidden="true" />
            {s.legendCitizens}
          </li>
          <li>
            <span class="progress__swatch progress__swatch--city" aria-hidden="true" />
            {s.legendCity}
          </li>
          <li data-testid="threshold">
            <span class="progress__swatch progress__swatch--threshold" aria-hidden="true" />
            {s.legendThreshold}
          </li>
        </ul>
      )}
      {!compact && (
        <p class="progress__rule" data-testid="cofunding" data-status={progress.cofunding.status}>
          {s.cofunding}
        </p>
      )}
      <p class="visually-hidden" aria-live="polite" data-testid="total">
        {s.total}
      </p>
    </section>
  );
}
