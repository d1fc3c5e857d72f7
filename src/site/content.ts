/** Entries of a collection with their English translation, as the pages of one language show them. */
import { getCollection, type CollectionEntry } from 'astro:content';
import type { Locale } from './i18n.ts';

export interface EnglishCollections {
  calls: 'callsEn';
  organisations: 'organisationsEn';
  updates: 'updatesEn';
  infodays: 'infodaysEn';
  paths: 'pathsEn';
  pages: 'pagesEn';
}
type Translatable = keyof EnglishCollections;

export interface Localized<C extends Translatable> {
  entry: CollectionEntry<C>;
  /** Present on English pages when the English file exists. */
  en: CollectionEntry<EnglishCollections[C]> | undefined;
  /** The entry whose body is shown: the English one, or the Italian one as a fallback. */
  body: CollectionEntry<C> | CollectionEntry<EnglishCollections[C]>;
  /** False when an English page shows Italian text: the page says so. */
  translated: boolean;
}

export async function localized<C extends Translatable>(collection: C, locale: Locale): Promise<Localized<C>[]> {
  const entries = (await getCollection(collection)) as CollectionEntry<C>[];
  const english =
    locale === 'en' ? ((await getCollection(`${collection}En` as EnglishCollections[C])) as CollectionEntry<EnglishCollections[C]>[]) : [];
  const enById = new Map(english.map((entry) => [entry.id, entry]));
  return entries.map((entry) => {
    const en = enById.get(entry.id);
    return { entry, en, body: en ?? entry, translated: locale === 'it' || en !== undefined };
  });
}
