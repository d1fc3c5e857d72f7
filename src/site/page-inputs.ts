/**
 * What each kept page is made from (see page-cache.ts): a campaign's own pages, its embeds, and the list pages.
 * Adding something to one of those pages that these inputs do not cover would let the cache serve it stale:
 * name it here.
 */
import { getCollection, type CollectionKey } from 'astro:content';
import { buildNow } from './clock.ts';
import { buildTimeProgress, campaignUpdates, type CampaignView } from './campaigns.ts';
import { filterValues, listCards, type Filter, type ListPage } from './filters.ts';
import type { Locale } from './i18n.ts';
import { digestOf } from './page-cache.ts';

/**
 * The collections every page may read (calls and organisations appear on campaign pages and cards, the pages
 * collection in menus). Campaigns are not here: each page names the campaigns it shows. Updates are not here
 * either: a campaign page names its own, and no kept page shows the others.
 */
export const SHARED_COLLECTIONS = [
  'calls',
  'callsEn',
  'organisations',
  'organisationsEn',
  'infodays',
  'infodaysEn',
  'paths',
  'pathsEn',
  'pages',
  'pagesEn',
] as const satisfies readonly CollectionKey[];

let shared: Promise<string> | undefined;

/** One digest of the shared collections, computed once per build. */
export function sharedInputs(): Promise<string> {
  shared ??= Promise.all(SHARED_COLLECTIONS.map((name) => getCollection(name))).then((collections) =>
    digestOf(collections.map((entries) => entries.map((entry) => [entry.id, entry.digest ?? entry.data]))),
  );
  return shared;
}

/** What the clock decides for a campaign at this build: the instant itself is not shown, what it decides is. */
function clockInputs(view: CampaignView): unknown {
  const progress = buildTimeProgress(view, buildNow());
  return { phase: view.phase, progress: progress && { ...progress, updatedAt: null } };
}

/** A digest per view, computed once per build: thousands of pages name the same campaigns. */
function digestPerView(inputsOf: (view: CampaignView) => unknown): (view: CampaignView) => string {
  const digests = new WeakMap<CampaignView, string>();
  return (view) => {
    let digest = digests.get(view);
    if (digest === undefined) {
      digest = digestOf(inputsOf(view));
      digests.set(view, digest);
    }
    return digest;
  };
}

/**
 * A campaign as its own pages show it: its file and translation (digest and data: the data carries the
 * content-hashed image names), and what the clock decides at this build.
 */
export const viewInputs = digestPerView((view) => ({
  campaign: [view.entry.id, view.entry.digest, view.entry.data],
  text: view.text.body === view.entry ? null : [view.text.body.digest, view.text.body.data],
  clock: clockInputs(view),
}));

/**
 * A campaign as a card or an embed shows it (lists, organisation pages, embeds): its front matter and
 * translation, without the Markdown text, which no card shows, so editing a campaign's text renders its own
 * pages only.
 */
export const cardInputs = digestPerView((view) => ({
  campaign: [view.entry.id, view.entry.data],
  text: view.text.body === view.entry ? null : view.text.body.data,
  clock: clockInputs(view),
}));

/** A campaign's page: the campaign, its updates in the page's language, the shared collections. */
export async function campaignPageInputs(view: CampaignView, locale: Locale): Promise<unknown> {
  const updates = await campaignUpdates(view.entry.id, locale);
  return {
    shared: await sharedInputs(),
    campaign: viewInputs(view),
    updates: updates.map(({ entry, en }) => [entry.id, entry.digest, en?.digest]),
  };
}

/** A list page: its cards, where it stands among the pages of its list, and the filters it links to. */
export async function listPageInputs(views: readonly CampaignView[], filter: Filter | undefined, page: ListPage): Promise<unknown> {
  return {
    shared: await sharedInputs(),
    campaigns: views.length,
    filters: filterValues(views),
    filter: filter ?? null,
    page: [page.currentPage, page.lastPage, page.total],
    cards: listCards(views, page).map(cardInputs),
  };
}
