/**
 * The campaign list's filters. Each value of each dimension has its own server-rendered page
 * (/campagne/<dimension>/<value>/), so filters work without JavaScript; with it, a small script
 * combines them on one page and re-derives the state from the clock.
 */
import { DISTRICTS, SOCIAL_PROBLEMS, type District, type SocialProblem } from '../content/schemas.ts';
import type { CampaignView } from './campaigns.ts';

export const STATE_VALUES = ['aperte', 'in-arrivo', 'concluse', 'storiche'] as const;
export type StateValue = (typeof STATE_VALUES)[number];
export type Dimension = 'stato' | 'quartiere' | 'avviso' | 'tema';
export const DIMENSIONS: readonly Dimension[] = ['stato', 'quartiere', 'avviso', 'tema'];

export interface Filter {
  dimension: Dimension;
  value: string;
}

const STATE_OF_PHASE: Record<CampaignView['phase'], StateValue> = {
  open: 'aperte',
  upcoming: 'in-arrivo',
  closed: 'concluse',
  historical: 'storiche',
};

export function stateValue(view: CampaignView): StateValue {
  return STATE_OF_PHASE[view.phase];
}

export function matches(view: CampaignView, filter: Filter | undefined): boolean {
  if (!filter) return true;
  switch (filter.dimension) {
    case 'stato':
      return stateValue(view) === filter.value;
    case 'quartiere':
      return view.entry.data.district === filter.value;
    case 'avviso':
      return view.entry.data.call === filter.value;
    case 'tema':
      return view.entry.data.socialProblem === filter.value;
  }
}

/** A list page holds at most this many campaigns; the rest follow on /pagina/2/, /pagina/3/, ... */
export const PAGE_SIZE = 24;

/** A page of a campaign list: its campaigns, and where it stands among the list's pages. */
export interface ListPage {
  data: readonly CampaignView[];
  currentPage: number;
  lastPage: number;
  total: number;
}

/** Page 1 of a list, filtered or not (pages 2, 3, ... come from Astro's paginate()). */
export function firstListPage(views: readonly CampaignView[], filter: Filter | undefined): ListPage {
  const matching = views.filter((view) => matches(view, filter));
  return {
    data: matching.slice(0, PAGE_SIZE),
    currentPage: 1,
    lastPage: Math.max(1, Math.ceil(matching.length / PAGE_SIZE)),
    total: matching.length,
  };
}

/**
 * A small site fits on one page: its filter pages carry every card, the others hidden, so the script can
 * combine filters in place. A larger one gets PAGE_SIZE matching cards per page and filter links that lead
 * to their pages.
 */
export function fitsOnOnePage(views: readonly CampaignView[]): boolean {
  return views.length <= PAGE_SIZE;
}

/** The cards a list page carries (see fitsOnOnePage). */
export function listCards(views: readonly CampaignView[], page: ListPage): readonly CampaignView[] {
  return fitsOnOnePage(views) ? views : page.data;
}

/** The address of page `page` (1-based) of a list, filtered or not, without the language prefix. */
export function listPagePath(filter: Filter | undefined, page: number): string {
  return page <= 1 ? filterPath(filter) : `${filterPath(filter)}pagina/${page}/`;
}

const valuesOf = new WeakMap<readonly CampaignView[], Record<Dimension, string[]>>();

/** Values worth a link: every state (they change with the clock), and the others that some campaign has. */
export function filterValues(views: readonly CampaignView[]): Record<Dimension, string[]> {
  // Every list page of a build asks with the same list: compute once, not once per page.
  let values = valuesOf.get(views);
  if (!values) {
    values = computeFilterValues(views);
    valuesOf.set(views, values);
  }
  return values;
}

function computeFilterValues(views: readonly CampaignView[]): Record<Dimension, string[]> {
  const used = <T extends string>(all: readonly T[], of: (view: CampaignView) => string) =>
    all.filter((value) => views.some((view) => of(view) === value));
  const calls = [...new Set(views.map((view) => view.entry.data.call))].sort().reverse();
  return {
    stato: [...STATE_VALUES],
    quartiere: used<District>(DISTRICTS, (view) => view.entry.data.district),
    avviso: calls,
    tema: used<SocialProblem>(SOCIAL_PROBLEMS, (view) => view.entry.data.socialProblem),
  };
}

export function filterPath(filter: Filter | undefined): string {
  return filter ? `/campagne/${filter.dimension}/${filter.value}/` : '/campagne/';
}
