/** RSS feeds of new campaigns and of news, one per language. */
import rss from '@astrojs/rss';
import { campaignViews } from './campaigns.ts';
import { localePath, t, type Locale } from './i18n.ts';
import { summaryOf, titleOf, updatesNewestFirst, urls } from './secondary.ts';
import { buildNow } from './clock.ts';

const LANGUAGE: Record<Locale, string> = { it: 'it-it', en: 'en-gb' };

export async function campaignsFeed(locale: Locale, site: URL | undefined) {
  const s = t(locale);
  // The newest campaigns: a feed reader wants what is new, and the feed stays small at any scale.
  const views = (await campaignViews(buildNow(), locale)).slice(0, 50);
  return rss({
    title: s.rss.campaigns,
    description: s.rss.campaignsDescription,
    site: new URL(localePath(locale, '/'), site ?? 'http://localhost:8888'),
    customData: `<language>${LANGUAGE[locale]}</language>`,
    items: views.map((view) => ({
      title: view.text.title,
      link: view.url,
      pubDate: view.entry.data.opensAt,
      description: view.text.summary,
    })),
  });
}

export async function updatesFeed(locale: Locale, site: URL | undefined) {
  const s = t(locale);
  const updates = await updatesNewestFirst(locale);
  return rss({
    title: s.rss.updates,
    description: s.rss.updatesDescription,
    site: new URL(localePath(locale, '/'), site ?? 'http://localhost:8888'),
    customData: `<language>${LANGUAGE[locale]}</language>`,
    items: updates.map((item) => ({
      title: titleOf(item),
      link: urls.update(locale, item.entry.id),
      pubDate: item.entry.data.date,
      description: summaryOf(item),
    })),
  });
}
