/**
 * Infodays and path sessions as calendar events: the .ics files built with the site and the "add to
 * calendar" links. The online link is never part of them: only confirmed registrants receive it.
 */
import { writeCalendar, type CalendarEvent } from '../domain/ics.ts';
import type { Localized } from './content.ts';
import { t, type Locale } from './i18n.ts';
import { summaryOf, titleOf, urls } from './secondary.ts';

const PRODUCT_ID = '-//Comune di Venezia//Crowdfunding civico//IT';

const uidHost = (site: URL) => site.hostname || 'localhost';

function placeOf(place: { name: string; address: string } | undefined, placeName: string | undefined): string | undefined {
  return place ? `${placeName ?? place.name}, ${place.address}` : undefined;
}

export function infodayEvent(item: Localized<'infodays'>, locale: Locale, site: URL): CalendarEvent {
  const { data, id } = item.entry;
  const page = new URL(urls.infoday(locale, id), site).href;
  return {
    uid: `infoday-${id}@${uidHost(site)}`,
    start: data.startsAt,
    end: data.endsAt,
    allDay: data.historical,
    summary: titleOf(item),
    description: `${summaryOf(item)}\n\n${page}`,
    location: placeOf(data.place, item.en?.data.placeName) ?? (data.mode === 'online' ? t(locale).infoday.online : undefined),
    url: page,
  };
}

export function pathEvents(item: Localized<'paths'>, locale: Locale, site: URL): CalendarEvent[] {
  const { data, id } = item.entry;
  const page = new URL(urls.path(locale, id), site).href;
  const title = titleOf(item);
  return data.sessions.map((session, index) => {
    const topic = item.en?.data.sessions?.[index] ?? session.topic;
    return {
      uid: `path-${id}-${session.date.toISOString().slice(0, 10)}@${uidHost(site)}`,
      start: session.date,
      end: session.endsAt,
      summary: `${title}: ${topic}`,
      description: `${topic}\n${session.trainer}\n\n${page}`,
      location: placeOf(data.place, item.en?.data.placeName),
      url: page,
    };
  });
}

export function calendarFile(name: string, events: CalendarEvent[], stamp: Date): Response {
  return new Response(writeCalendar({ productId: PRODUCT_ID, name, events, stamp }), {
    headers: { 'content-type': 'text/calendar; charset=utf-8' },
  });
}

export const icsPath = {
  infoday: (locale: Locale, id: string) => urls.infoday(locale, id).replace(/\/$/, '.ics'),
  path: (locale: Locale, id: string) => urls.path(locale, id).replace(/\/$/, '.ics'),
};
