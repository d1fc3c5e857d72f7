/**
 * Progressive enhancement of the campaign list: without JavaScript each filter link opens its own
 * server-rendered page; with it, the links combine (state + district + call + theme) on one page, the
 * state is re-derived from the visitor's clock, and the address keeps the selection (?stato=aperte).
 */
import { campaignPhase } from './live-state.ts';

const DIMENSIONS = ['stato', 'quartiere', 'avviso', 'tema'] as const;
type Dimension = (typeof DIMENSIONS)[number];
export type Selection = Partial<Record<Dimension, string>>;

/** What the list knows of a card, from its data-* attributes. */
export interface CardData {
  district?: string | undefined;
  call?: string | undefined;
  problem?: string | undefined;
  historical?: string | undefined;
  opens?: string | undefined;
  closes?: string | undefined;
  cancelled?: string | undefined;
}

export function cardState(card: CardData, now: Date): string {
  if (card.historical === 'true' || !card.opens || !card.closes) return 'storiche';
  const phase = campaignPhase({ opensAt: card.opens, closesAt: card.closes, cancelled: card.cancelled === 'true' }, now);
  return phase === 'open' ? 'aperte' : phase === 'upcoming' ? 'in-arrivo' : 'concluse';
}

export function cardMatches(card: CardData, selection: Selection, now: Date): boolean {
  const value: Record<Dimension, string | undefined> = {
    stato: cardState(card, now),
    quartiere: card.district,
    avviso: card.call,
    tema: card.problem,
  };
  return DIMENSIONS.every((dimension) => !selection[dimension] || selection[dimension] === value[dimension]);
}

export function selectionFrom(active: string, search: string): Selection {
  const selection: Selection = {};
  const [dimension, value] = active.split('=');
  if (dimension && value && (DIMENSIONS as readonly string[]).includes(dimension)) selection[dimension as Dimension] = value;
  const params = new URLSearchParams(search);
  for (const name of DIMENSIONS) {
    const fromQuery = params.get(name);
    if (fromQuery) selection[name] = fromQuery;
  }
  return selection;
}

export function selectionQuery(selection: Selection): string {
  const params = new URLSearchParams();
  for (const name of DIMENSIONS) if (selection[name]) params.set(name, selection[name]);
  const query = params.toString();
  return query ? `?${query}` : '';
}

export function enhanceFilters(doc: Document): void {
  const root = doc.querySelector<HTMLElement>('[data-filters]');
  if (!root) return;
  // Only a list that holds every campaign can combine filters in place; a paginated one keeps its links.
  const combine = root.dataset['filters'] === 'combine';
  const base = root.dataset['base'] ?? '/campagne/';
  const cards = [...doc.querySelectorAll<HTMLElement>('[data-cards] > [data-campaign]')];
  const count = doc.querySelector<HTMLElement>('[data-count]');
  const none = doc.querySelector<HTMLElement>('[data-none]');
  const links = [...root.querySelectorAll<HTMLAnchorElement>('a[data-dimension]')];
  const selection = selectionFrom(root.dataset['active'] ?? '', doc.location.search);

  const apply = () => {
    const now = new Date();
    let shown = 0;
    for (const card of cards) {
      const visible = cardMatches(card.dataset, selection, now);
      card.hidden = !visible;
      if (visible) shown += 1;
    }
    // A paginated list's count is the server's total over all its pages, not the cards of this one.
    if (count && combine)
      count.textContent = shown === 1 ? (count.dataset['one'] ?? '1') : (count.dataset['many'] ?? '{n}').replace('{n}', String(shown));
    if (none) none.hidden = shown > 0;
    for (const link of links) {
      const dimension = link.dataset['dimension'] as Dimension;
      const selected = (selection[dimension] ?? '') === (link.dataset['value'] ?? '');
      if (selected) link.setAttribute('aria-current', 'true');
      else link.removeAttribute('aria-current');
    }
  };

  for (const link of combine ? links : []) {
    link.addEventListener('click', (event) => {
      event.preventDefault();
      const dimension = link.dataset['dimension'] as Dimension;
      const value = link.dataset['value'];
      if (value) selection[dimension] = value;
      // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- one of the fixed keys of Selection
      else delete selection[dimension];
      apply();
      doc.defaultView?.history.replaceState(null, '', base + selectionQuery(selection));
    });
  }
  apply();
}
