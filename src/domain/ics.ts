/**
 * An iCalendar writer (RFC 5545) for the infodays and the sessions of the paths. Times are written as
 * local wall-clock times in Europe/Rome with a VTIMEZONE carrying its daylight-saving rules, so a
 * calendar shows 17:30 as 17:30 whichever side of a DST change the event falls. Pure: the caller
 * passes the stamp instant.
 */

export const TIME_ZONE = 'Europe/Rome';

export interface CalendarEvent {
  /** Globally unique and stable across builds, e.g. `infoday-<slug>@<host>`. */
  uid: string;
  start: Date;
  end?: Date | undefined;
  /** Only the day is known (the time is not): written as a VALUE=DATE event of that day in Rome. */
  allDay?: boolean;
  summary: string;
  description?: string | undefined;
  location?: string | undefined;
  url?: string | undefined;
}

export interface Calendar {
  /** Identifies the product that wrote the file (PRODID). */
  productId: string;
  name?: string | undefined;
  events: readonly CalendarEvent[];
  /** DTSTAMP of every event: when this file was written. */
  stamp: Date;
}

// The EU rule since 1996: summer time from the last Sunday of March at 02:00 to the last Sunday of October at 03:00.
const VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  `TZID:${TIME_ZONE}`,
  `X-LIC-LOCATION:${TIME_ZONE}`,
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'TZNAME:CEST',
  'DTSTART:19700329T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'TZNAME:CET',
  'DTSTART:19701025T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
];

const romeParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** The wall-clock time in Rome of an instant, as `YYYYMMDDTHHMMSS`. */
export function romeLocal(instant: Date): string {
  const part = Object.fromEntries(romeParts.formatToParts(instant).map((p) => [p.type, p.value]));
  return `${part['year']}${part['month']}${part['day']}T${part['hour']}${part['minute']}${part['second']}`;
}

export function utcStamp(instant: Date): string {
  return instant
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** The day in Rome of an instant, and the day after (DTEND of an all-day event is exclusive). */
export function romeDay(instant: Date): { day: string; next: string } {
  const day = romeLocal(instant).slice(0, 8);
  const next = new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(4, 6)) - 1, Number(day.slice(6, 8)) + 1));
  return { day, next: next.toISOString().slice(0, 10).replaceAll('-', '') };
}

/** TEXT values: backslash, semicolon, comma and line breaks are escaped (RFC 5545, 3.3.11). */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

const encoder = new TextEncoder();

/**
 * Folds a content line so no physical line exceeds 75 octets (RFC 5545, 3.1): the continuation starts
 * with a space, which counts towards its 75. A multi-octet UTF-8 character is never split.
 */
export function foldLine(line: string): string {
  const pieces: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    const limit = pieces.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      pieces.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  pieces.push(current);
  return pieces.join('\r\n ');
}

function eventLines(event: CalendarEvent, stamp: Date): string[] {
  const lines = ['BEGIN:VEVENT', `UID:${event.uid}`, `DTSTAMP:${utcStamp(stamp)}`];
  if (event.allDay) {
    const { day, next } = romeDay(event.start);
    lines.push(`DTSTART;VALUE=DATE:${day}`, `DTEND;VALUE=DATE:${next}`);
  } else {
    lines.push(`DTSTART;TZID=${TIME_ZONE}:${romeLocal(event.start)}`);
    if (event.end) lines.push(`DTEND;TZID=${TIME_ZONE}:${romeLocal(event.end)}`);
  }
  lines.push(`SUMMARY:${escapeText(event.summary)}`);
  if (event.description) lines.push(`DESCRIPTION:${escapeText(event.description)}`);
  if (event.location) lines.push(`LOCATION:${escapeText(event.location)}`);
  if (event.url) lines.push(`URL:${event.url}`);
  lines.push('END:VEVENT');
  return lines;
}

export function writeCalendar(calendar: Calendar): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${calendar.productId}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    ...(calendar.name ? [`X-WR-CALNAME:${escapeText(calendar.name)}`] : []),
    `X-WR-TIMEZONE:${TIME_ZONE}`,
    ...VTIMEZONE,
    ...calendar.events.flatMap((event) => eventLines(event, calendar.stamp)),
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join('\r\n') + '\r\n';
}

/** "Add to calendar" links: plain URLs of Google Calendar's and Outlook's compose pages, nothing is loaded from them. */
export function googleCalendarUrl(event: CalendarEvent): string {
  const dates = event.allDay
    ? `${romeDay(event.start).day}/${romeDay(event.start).next}`
    : `${utcStamp(event.start)}/${utcStamp(event.end ?? event.start)}`;
  const params = new URLSearchParams({ action: 'TEMPLATE', text: event.summary, dates, ctz: TIME_ZONE });
  if (event.description) params.set('details', event.description);
  if (event.location) params.set('location', event.location);
  return `https://calendar.google.com/calendar/render?${params}`;
}

export function outlookCalendarUrl(event: CalendarEvent): string {
  const iso = (instant: Date) => instant.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const params = new URLSearchParams({ path: '/calendar/action/compose', rru: 'addevent', subject: event.summary });
  if (event.allDay) {
    const { day, next } = romeDay(event.start);
    const dashed = (d: string) => `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`;
    params.set('startdt', dashed(day));
    params.set('enddt', dashed(next));
    params.set('allday', 'true');
  } else {
    params.set('startdt', iso(event.start));
    params.set('enddt', iso(event.end ?? event.start));
  }
  if (event.description) params.set('body', event.description);
  if (event.location) params.set('location', event.location);
  return `https://outlook.live.com/calendar/0/deeplink/compose?${params}`;
}
