/**
 * The progress of the cards of a list page, without a framework and in one request per page: the
 * cards are built with the progress block of ProgressIsland (goal, threshold, "loading"), and this
 * fills in the figures in place from GET /api/progress?slugs=..., then refreshes them while the page
 * is visible. The words come from the page's own language (src/i18n/islands.ts).
 */
import type { Progress } from '../domain/progress.ts';
import { fetchProgressOf } from './api.ts';
import { texts, type Locale } from './i18n.ts';
import { summaryOf } from './progress-text.ts';

/** The API answers at most this many campaigns at once (MAX_PROGRESS_SLUGS on the server). */
const BATCH = 24;
const REFRESH_SECONDS = 20;

interface Card {
  slug: string;
  entitledCents: number;
  root: HTMLElement;
}

function figure(strong: string, words: string): Node[] {
  return [Object.assign(document.createElement('strong'), { textContent: strong }), document.createTextNode(` ${words}`)];
}

/** Fills the card's compact summary (ProgressIsland with `compact`) in place with the ledger's figures. */
function show(card: Card, progress: Progress, locale: Locale): void {
  const section = card.root.querySelector<HTMLElement>('.progress');
  if (!section) return;
  const s = summaryOf(progress, card.entitledCents, locale);
  const at = (testId: string) => card.root.querySelector<HTMLElement>(`[data-testid="${testId}"]`);
  section.dataset['state'] = progress.state;
  const raised = at('raised');
  if (raised) {
    raised.replaceChildren(
      Object.assign(document.createElement('strong'), { className: 'progress__figure', textContent: s.raised }),
      document.createTextNode(' '),
      Object.assign(document.createElement('span'), { textContent: s.ofGoal }),
    );
  }
  at('donors')?.replaceChildren(...figure(s.donors, s.donorsLabel));
  at('time')?.replaceChildren(...(s.days !== null ? figure(s.days, s.daysLabel) : [document.createTextNode(s.time)]));
  card.root.querySelector<HTMLElement>('.progress__citizens')?.style.setProperty('width', `${s.bar.citizens}%`);
  card.root.querySelector<HTMLElement>('.progress__city')?.style.setProperty('width', `${s.bar.city}%`);
  const threshold = at('threshold');
  if (threshold) threshold.textContent = s.legendThreshold;
  const total = at('total');
  if (total) total.textContent = s.total;
}

function failed(card: Card, locale: Locale): void {
  // The figures from the build (or the last refresh) stay: a failed refresh is not worth hiding them.
  const total = card.root.querySelector<HTMLElement>('[data-testid="total"]');
  if (total) total.textContent = texts(locale).progress.unavailable;
}

export function enhanceCardProgress(doc: Document, locale: Locale): void {
  const cards: Card[] = [...doc.querySelectorAll<HTMLElement>('[data-progress-slug]')].map((root) => ({
    slug: root.dataset['progressSlug']!,
    entitledCents: Number(root.dataset['entitledCents']),
    root,
  }));
  if (cards.length === 0) return;
  const load = () => {
    for (let start = 0; start < cards.length; start += BATCH) {
      const batch = cards.slice(start, start + BATCH);
      fetchProgressOf(batch.map((card) => card.slug)).then(
        ({ campaigns }) =>
          batch.forEach((card) => (campaigns[card.slug] ? show(card, campaigns[card.slug]!, locale) : failed(card, locale))),
        () => batch.forEach((card) => failed(card, locale)),
      );
    }
  };
  load();
  setInterval(() => doc.visibilityState === 'visible' && load(), REFRESH_SECONDS * 1000);
}
