/** The places of an infoday or path: the capacity from the build, then how many are left, live from the registration API. */
import { useEffect, useState } from 'preact/hooks';
import { formatNumber } from '../i18n/format.ts';
import { fetchPlaces, type PlacesView } from './api.ts';
import type { Locale } from './i18n.ts';
import { registrationTexts } from './i18n.ts';

interface Props {
  kind: 'infoday' | 'path';
  slug: string;
  capacity: number;
  locale?: Locale;
}

export function placesText(capacity: number, places: PlacesView | null, locale: Locale): string {
  const t = registrationTexts(locale).places;
  const n = (value: number) => formatNumber(value, locale);
  if (!places) return t.total(n(capacity));
  if (places.placesLeft === 0) return t.full(n(places.capacity), n(places.waitlisted));
  return t.left(n(places.capacity), n(places.placesLeft), places.placesLeft === 1);
}

export default function PlacesLeft({ kind, slug, capacity, locale = 'it' }: Props) {
  const [places, setPlaces] = useState<PlacesView | null>(null);
  useEffect(() => {
    let alive = true;
    // Without an answer the capacity stays, as the page was built: never a «loading» without a figure.
    fetchPlaces(kind, slug).then(
      (next) => alive && setPlaces(next),
      () => undefined,
    );
    return () => {
      alive = false;
    };
  }, [kind, slug]);
  return (
    <span data-testid="places" data-left={places?.placesLeft}>
      {placesText(capacity, places, locale)}
    </span>
  );
}
