/**
 * The progress of the cards of a list page, without a framework and in one request per page: the
 * cards are built with the progress block of ProgressIsland (goal, threshold, "loading"), and this
 * fills in the figures in place from GET /api/progress?slugs=..., then refreshes them while the page
 * is visible. The words come from the page's own language (src/i18n/islands.ts).
 */
import type { Progress } from '../domain/progress.ts';
import { fetchProgressOf } from './api.ts';
import { texts, type Locale } from './i18n.ts';
import { barSegments, describeProgress } from './progress-text.ts';

/** The API answers at most this many campaigns at once (MAX_PROGRESS_SLUGS on the server). */
const BATCH = 24;
const REFRESH_SECONDS = 20;

interface Card {
  slug: string;
  entitledCents: number;
  root: HTMLElement;
}

function show(card: Card, progress: Progress, locale: Locale): void {
  const section = card.root.querySelector<HTMLElement>('.progress');
  const box = card.root.querySelector<HTMLElement>('.progress__text');
  if (!section || !box) return;
  const segments = barSegments(progress);
  section.dataset['state'] = progress.state;
  card.root.querySelector<HTMLElement>('.progress__citizens')?.style.setProperty('width', `${segments.citizens}%`);
  card.root.querySelector<HTMLElement>('.progress__city')?.style.setProperty('width', `${segments.city}%`);
  const text = describeProgress(progress, card.entitledCents, locale);
  const list = document.createElement('ul');
  for (const [testId, line] of [['raised', text.raised], ['threshold', text.threshold], ['cofunding', text.cofunding], ['total', text.total], ['', text.time]] as const) {
    const item = document.createElement('li');
    if (testId) item.dataset['testid'] = testId;
    if (testId === 'cofunding') item.dataset['status'] = progress.cofunding.status;
    item.textContent = line;
    list.append(item);
  }
  box.replaceChildren(list);
}

function failed(card: Card, locale: Locale): void {
  const box = card.root.querySelector<HTMLElement>('.progress__text');
  // Figures already shown stay: a failed refresh is not worth hiding them.
  if (box && !box.querySelector('ul')) box.replaceChildren(Object.assign(document.createElement('p'), { textContent: texts(locale).progress.unavailable }));
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
        ({ campaigns }) => batch.forEach((card) => (campaigns[card.slug] ? show(card, campaigns[card.slug]!, locale) : failed(card, locale))),
        () => batch.forEach((card) => failed(card, locale)),
      );
    }
  };
  load();
  setInterval(() => doc.visibilityState === 'visible' && load(), REFRESH_SECONDS * 1000);
}
