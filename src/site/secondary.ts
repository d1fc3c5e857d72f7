/** Infodays, paths, updates and calls in the reader's language, sorted as their lists show them. */
import { getCollection, type CollectionEntry } from 'astro:content';
import { localized, type Localized } from './content.ts';
import { localePath, type Locale } from './i18n.ts';

export async function callsByEdition(locale: Locale): Promise<Localized<'calls'>[]> {
  return (await localized('calls', locale)).sort((a, b) => b.entry.data.edition - a.entry.data.edition);
}

export async function infodaysByDate(locale: Locale): Promise<Localized<'infodays'>[]> {
  return (await localized('infodays', locale)).sort((a, b) => a.entry.data.startsAt.getTime() - b.entry.data.startsAt.getTime());
}

export async function pathsByDate(locale: Locale): Promise<Localized<'paths'>[]> {
  const first = (entry: CollectionEntry<'paths'>) => Math.min(...entry.data.sessions.map((session) => session.date.getTime()));
  return (await localized('paths', locale)).sort((a, b) => first(b.entry) - first(a.entry));
}

export async function updatesNewestFirst(locale: Locale): Promise<Localized<'updates'>[]> {
  return (await localized('updates', locale)).sort((a, b) => b.entry.data.date.getTime() - a.entry.data.date.getTime());
}

export async function organisationsByName(): Promise<CollectionEntry<'organisations'>[]> {
  return (await getCollection('organisations')).sort((a, b) => a.data.name.localeCompare(b.data.name, 'it'));
}

/** Title of a translatable entry in the reader's language, and whether it fell back to Italian. */
export function titleOf(item: Localized<'calls' | 'infodays' | 'paths' | 'updates' | 'pages'>): string {
  return item.en?.data.title ?? item.entry.data.title;
}

export function summaryOf(item: Localized<'calls' | 'infodays' | 'paths' | 'updates'>): string {
  return item.en?.data.summary ?? item.entry.data.summary;
}

export const urls = {
  campaign: (locale: Locale, id: string) => localePath(locale, `/campagne/${id}/`),
  organisation: (locale: Locale, id: string) => localePath(locale, `/organizzazioni/${id}/`),
  call: (locale: Locale, id: string) => localePath(locale, `/avvisi/${id}/`),
  infoday: (locale: Locale, id: string) => localePath(locale, `/infoday/${id}/`),
  path: (locale: Locale, id: string) => localePath(locale, `/percorsi/${id}/`),
  update: (locale: Locale, id: string) => localePath(locale, `/notizie/${id}/`),
};
