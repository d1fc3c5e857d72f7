/** getStaticPaths of the dynamic pages, one per language: the page files in src/pages and src/pages/en stay thin. */
import type { PaginateFunction } from 'astro';
import { campaignViews } from './campaigns.ts';
import { localized } from './content.ts';
import { DIMENSIONS, filterValues, matches, PAGE_SIZE, type Filter } from './filters.ts';
import type { Locale } from './i18n.ts';
import { organisationsByName } from './secondary.ts';
import { buildNow } from './clock.ts';

/** Pages of the `pages` collection with a page file of their own. */
const OWN_PAGE_FILE = new Set(['trasparenza']);

export async function campaignPaths(locale: Locale) {
  return (await campaignViews(buildNow(), locale)).map((view) => ({ params: { slug: view.entry.id }, props: { view, locale } }));
}

export async function filterPaths(locale: Locale) {
  return (await allFilters(locale)).map((filter) => ({
    params: { dimension: filter.dimension, value: filter.value },
    props: { locale, filter },
  }));
}

/** Every filter with a page of its own: one per value of each dimension. */
async function allFilters(locale: Locale): Promise<Filter[]> {
  const values = filterValues(await campaignViews(buildNow(), locale));
  return DIMENSIONS.flatMap((dimension) => values[dimension].map((value) => ({ dimension, value })));
}

/**
 * Pages 2, 3, ... of the campaign list (`filtered: false`) or of each filter page (`filtered: true`);
 * page 1 is the list's own address, built by campagne/index.astro and campagne/[dimension]/[value].astro.
 */
export async function listPagePaths(locale: Locale, paginate: PaginateFunction, filtered: boolean) {
  const views = await campaignViews(buildNow(), locale);
  const filters: (Filter | undefined)[] = filtered ? await allFilters(locale) : [undefined];
  return filters.flatMap((filter) =>
    paginate(
      views.filter((view) => matches(view, filter)),
      {
        pageSize: PAGE_SIZE,
        params: filter ? { dimension: filter.dimension, value: filter.value } : {},
        props: filter ? { locale, filter } : { locale },
      },
    ).filter((path) => path.props.page.currentPage > 1),
  );
}

export async function organisationPaths(locale: Locale) {
  return (await organisationsByName()).map((entry) => ({ params: { slug: entry.id }, props: { entry, locale } }));
}

async function localizedPaths<C extends 'calls' | 'infodays' | 'paths' | 'updates'>(collection: C, locale: Locale) {
  return (await localized(collection, locale)).map((item) => ({ params: { slug: item.entry.id }, props: { item, locale } }));
}

export const callPaths = (locale: Locale) => localizedPaths('calls', locale);
export const infodayPaths = (locale: Locale) => localizedPaths('infodays', locale);
export const pathPaths = (locale: Locale) => localizedPaths('paths', locale);
export const updatePaths = (locale: Locale) => localizedPaths('updates', locale);

export async function contentPagePaths(locale: Locale) {
  return (await localized('pages', locale))
    .filter((item) => !OWN_PAGE_FILE.has(item.entry.id))
    .map((item) => ({ params: { page: item.entry.id }, props: { item, locale } }));
}

export async function pageItem(locale: Locale, id: string) {
  const item = (await localized('pages', locale)).find((candidate) => candidate.entry.id === id);
  if (!item) throw new Error(`content/pages/${id}.md is missing: the ${id} page is built from it`);
  return item;
}
