/** getStaticPaths of the dynamic pages, one per language: the page files in src/pages and src/pages/en stay thin. */
import type { PaginateFunction } from 'astro';
import { campaignViews } from './campaigns.ts';
import { localized } from './content.ts';
import { DIMENSIONS, filterValues, firstListPage, listPagePath, matches, PAGE_SIZE, type Filter } from './filters.ts';
import { localePath, type Locale } from './i18n.ts';
import { organisationsByName } from './secondary.ts';
import { buildNow } from './clock.ts';
import { pathsToRender } from './page-cache.ts';
import { campaignPageInputs, cardInputs, listPageInputs, sharedInputs } from './page-inputs.ts';

/** Pages of the `pages` collection with a page file of their own. */
const OWN_PAGE_FILE = new Set(['trasparenza']);

// Campaign, list and organisation pages are kept between builds when nothing they show changed (page-cache.ts).

export async function campaignPaths(locale: Locale) {
  const views = await campaignViews(buildNow(), locale);
  const inputs = new Map(await Promise.all(views.map(async (view) => [view, await campaignPageInputs(view, locale)] as const)));
  return pathsToRender(
    views.map((view) => ({ params: { slug: view.entry.id }, props: { view, locale } })),
    ({ props: { view } }) => ({ pathname: view.url, inputs: inputs.get(view) }),
  );
}

/** Page 1 of each filter (firstListPage, as CampaignList.astro renders it). */
export async function filterPaths(locale: Locale) {
  const views = await campaignViews(buildNow(), locale);
  const paths = await Promise.all(
    (await allFilters(locale)).map(async (filter) => ({
      path: { params: { dimension: filter.dimension, value: filter.value }, props: { locale, filter } },
      inputs: await listPageInputs(views, filter, firstListPage(views, filter)),
    })),
  );
  return pathsToRender(paths, ({ path, inputs }) => ({ pathname: localePath(locale, listPagePath(path.props.filter, 1)), inputs })).map(
    ({ path }) => path,
  );
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
  const pages = filters.flatMap((filter) =>
    paginate(
      views.filter((view) => matches(view, filter)),
      {
        pageSize: PAGE_SIZE,
        params: filter ? { dimension: filter.dimension, value: filter.value } : {},
        props: filter ? { locale, filter } : { locale },
      },
    )
      .filter((path) => path.props.page.currentPage > 1)
      .map((path) => ({ path, filter })),
  );
  const inputs = await Promise.all(pages.map(({ path: { props }, filter }) => listPageInputs(views, filter, props.page)));
  return pathsToRender(
    pages.map((page, index) => ({ ...page, inputs: inputs[index] })),
    ({ path, filter, inputs }) => ({ pathname: localePath(locale, listPagePath(filter, path.props.page.currentPage)), inputs }),
  ).map(({ path }) => path);
}

export async function organisationPaths(locale: Locale) {
  const views = await campaignViews(buildNow(), locale);
  const shared = await sharedInputs();
  // An organisation's page lists its campaigns: kept while they and the shared collections are unchanged.
  return pathsToRender(
    (await organisationsByName()).map((entry) => ({ params: { slug: entry.id }, props: { entry, locale } })),
    ({ props: { entry } }) => ({
      pathname: localePath(locale, `/organizzazioni/${entry.id}/`),
      inputs: { shared, campaigns: views.filter((view) => view.entry.data.organisations.includes(entry.id)).map(cardInputs) },
    }),
  );
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
