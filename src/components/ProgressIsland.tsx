/** Live progress of a campaign: citizens' money, the 50% threshold, the city's share. Refreshes itself. */
import { useEffect, useState } from 'preact/hooks';
import type { Progress } from '../domain/progress.ts';
import { fetchProgress, PLEDGE_SUCCEEDED_EVENT } from './api.ts';
import { euros, texts } from './i18n.ts';
import { barSegments, describeProgress } from './progress-text.ts';
import './widgets.css';

interface Props {
  slug: string;
  goalCents: number;
  thresholdCents: number;
  entitledCents: number;
  /** Seconds between refreshes while the page is visible. */
  refreshSeconds?: number;
  locale?: 'it' | 'en';
}

export default function ProgressIsland({ slug, goalCents, thresholdCents, entitledCents, refreshSeconds = 20, locale = 'it' }: Props) {
  const t = texts(locale).progress;
  const [progress, setProgress] = useState<Progress | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let alive = true;
    const load = () =>
      fetchProgress(slug).then(
        (next) => alive && (setProgress(next), setFailed(false)),
        () => alive && setFailed(true),
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

  const thresholdPercent = goalCents > 0 ? (thresholdCents * 100) / goalCents : 50;
  const segments = progress ? barSegments(progress) : { citizens: 0, city: 0, threshold: thresholdPercent };
  const text = progress && describeProgress(progress, entitledCents, locale);

  return (
    <section class="progress" aria-label={t.label} data-state={progress?.state ?? 'loading'}>
      <div class="progress__bar" aria-hidden="true">
        <span class="progress__citizens" style={{ width: `${segments.citizens}%` }} />
        <span class="progress__city" style={{ width: `${segments.city}%` }} />
        <span class="progress__threshold" style={{ left: `${segments.threshold}%` }} title={t.thresholdMark} />
      </div>
      <p class="progress__goal">
        {t.goal} <strong>{euros(goalCents, locale)}</strong> · {t.threshold} {euros(thresholdCents, locale)}
      </p>
      <div aria-live="polite" aria-atomic="true" class="progress__text">
        {text ? (
          <ul>
            <li data-testid="raised">{text.raised}</li>
            <li data-testid="threshold">{text.threshold}</li>
            <li data-testid="cofunding" data-status={progress.cofunding.status}>{text.cofunding}</li>
            <li data-testid="total">{text.total}</li>
            <li>{text.time}</li>
          </ul>
        ) : (
          <p>
            {failed ? t.unavailable : t.loading(euros(thresholdCents, locale), euros(entitledCents, locale))}
          </p>
        )}
      </div>
    </section>
  );
}
