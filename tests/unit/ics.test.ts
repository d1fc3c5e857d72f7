import { describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import {
  escapeText,
  foldLine,
  googleCalendarUrl,
  outlookCalendarUrl,
  romeLocal,
  writeCalendar,
  type CalendarEvent,
} from '../../src/domain/ics.ts';

const STAMP = new Date('2026-11-26T09:15:00Z');

const event = (overrides: Partial<CalendarEvent> = {}): CalendarEvent => ({
  uid: 'infoday-test@crowdfunding.example.org',
  start: new Date('2026-12-10T17:00:00+01:00'),
  end: new Date('2026-12-10T18:30:00+01:00'),
  summary: 'Webinar di esempio',
  ...overrides,
});

/** Parses with ical.js, which knows no time zone by itself: only the file's VTIMEZONE can place local times. */
function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  const events = calendar.getAllSubcomponents('vevent').map((component) => new ICAL.Event(component));
  return { calendar, events };
}

describe('writeCalendar', () => {
  it('writes a calendar a real parser reads, with version, product, a VTIMEZONE and one VEVENT per event', () => {
    const text = writeCalendar({
      productId: '-//Comune di Venezia//Crowdfunding civico//IT',
      name: 'Infoday',
      stamp: STAMP,
      events: [event(), event({ uid: 'second@x' })],
    });
    const { calendar, events } = parse(text);
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    expect(calendar.getFirstPropertyValue('prodid')).toBe('-//Comune di Venezia//Crowdfunding civico//IT');
    expect(calendar.getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid')).toBe('Europe/Rome');
    expect(events.map((e) => e.uid)).toEqual(['infoday-test@crowdfunding.example.org', 'second@x']);
    expect(events[0]!.component.getFirstPropertyValue('dtstamp')?.toString()).toBe('2026-11-26T09:15:00Z');
  });

  it('ends every line with CRLF and never has a bare LF', () => {
    const text = writeCalendar({ productId: '-//x//y//IT', stamp: STAMP, events: [event({ description: 'riga uno\nriga due' })] });
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('writes local times in Europe/Rome with TZID, and the parser turns them into the right instants', () => {
    const text = writeCalendar({ productId: '-//x//y//IT', stamp: STAMP, events: [event()] });
    expect(text).toContain('DTSTART;TZID=Europe/Rome:20261210T170000\r\n');
    expect(text).toContain('DTEND;TZID=Europe/Rome:20261210T183000\r\n');
    const [parsed] = parse(text).events;
    expect(parsed!.startDate.zone?.tzid).toBe('Europe/Rome');
    expect(parsed!.startDate.toJSDate().toISOString()).toBe('2026-12-10T16:00:00.000Z');
    expect(parsed!.endDate.toJSDate().toISOString()).toBe('2026-12-10T17:30:00.000Z');
  });

  // 2027-03-28 is the last Sunday of March: at 02:00 Rome goes from +01:00 to +02:00. 2027-10-31 it comes back.
  describe.each([
    ['the day summer time starts, before the change', '2027-03-28T01:30:00+01:00', '20270328T013000', '2027-03-28T00:30:00.000Z'],
    ['the day summer time starts, after the change', '2027-03-28T10:00:00+02:00', '20270328T100000', '2027-03-28T08:00:00.000Z'],
    ['the Thursday before the change', '2027-03-25T17:30:00+01:00', '20270325T173000', '2027-03-25T16:30:00.000Z'],
    ['the Thursday after the change', '2027-04-01T17:30:00+02:00', '20270401T173000', '2027-04-01T15:30:00.000Z'],
    ['the day summer time ends, after the change', '2027-10-31T10:00:00+01:00', '20271031T100000', '2027-10-31T09:00:00.000Z'],
    ['the day before summer time ends', '2027-10-30T10:00:00+02:00', '20271030T100000', '2027-10-30T08:00:00.000Z'],
  ])('an event on %s', (_case, instant, local, utc) => {
    const start = new Date(instant);
    const text = writeCalendar({
      productId: '-//x//y//IT',
      stamp: STAMP,
      events: [event({ start, end: new Date(start.getTime() + 90 * 60_000) })],
    });

    it(`is written at its local time ${local}`, () => {
      expect(text).toContain(`DTSTART;TZID=Europe/Rome:${local}\r\n`);
    });

    it(`is read back by ical.js as ${utc}`, () => {
      expect(parse(text).events[0]!.startDate.toJSDate().toISOString()).toBe(utc);
    });
  });

  it('keeps sessions at 17:30 local on both sides of the change, though their UTC times differ by an hour', () => {
    const sessions = ['2027-03-25T17:30:00+01:00', '2027-04-01T17:30:00+02:00'].map((start, n) =>
      event({ uid: `s${n}@x`, start: new Date(start), end: new Date(new Date(start).getTime() + 90 * 60_000) }),
    );
    const { events } = parse(writeCalendar({ productId: '-//x//y//IT', stamp: STAMP, events: sessions }));
    expect(events.map((e) => [e.startDate.hour, e.startDate.minute, e.endDate.hour])).toEqual([
      [17, 30, 19],
      [17, 30, 19],
    ]);
    expect(events.map((e) => e.startDate.toJSDate().toISOString())).toEqual(['2027-03-25T16:30:00.000Z', '2027-04-01T15:30:00.000Z']);
  });

  it('writes an event known only by its day as an all-day event of that day in Rome', () => {
    const text = writeCalendar({
      productId: '-//x//y//IT',
      stamp: STAMP,
      events: [event({ start: new Date('2021-02-18T00:00:00+01:00'), end: undefined, allDay: true })],
    });
    expect(text).toContain('DTSTART;VALUE=DATE:20210218\r\nDTEND;VALUE=DATE:20210219\r\n');
    const [parsed] = parse(text).events;
    expect(parsed!.startDate.isDate).toBe(true);
    expect(parsed!.startDate.toString()).toBe('2021-02-18');
  });

  it('escapes commas, semicolons, backslashes and line breaks so the parser gives the text back', () => {
    const summary = 'Infoday: budget, foto; domande \\ risposte';
    const description = 'Prima riga\nSeconda riga, con virgola';
    const location = 'Centro civico, Via di Esempio 1; Marghera';
    const [parsed] = parse(
      writeCalendar({ productId: '-//x//y//IT', stamp: STAMP, events: [event({ summary, description, location })] }),
    ).events;
    expect([parsed!.summary, parsed!.description, parsed!.location]).toEqual([summary, description, location]);
  });

  it('folds long lines at 75 octets without splitting accented letters, and the parser unfolds them', () => {
    const summary = 'Perché è già ora: città, comunità e qualità della vita '.repeat(4) + '🎉 fine';
    const text = writeCalendar({ productId: '-//x//y//IT', stamp: STAMP, events: [event({ summary })] });
    const encoder = new TextEncoder();
    for (const line of text.split('\r\n')) expect(encoder.encode(line).length).toBeLessThanOrEqual(75);
    expect(text.split('\r\n').filter((line) => line.startsWith(' ')).length).toBeGreaterThan(2);
    expect(parse(text).events[0]!.summary).toBe(summary);
  });
});

describe('pieces', () => {
  it.each([
    ['a,b', 'a\\,b'],
    ['a;b', 'a\\;b'],
    ['a\\b', 'a\\\\b'],
    ['a\nb', 'a\\nb'],
    ['a\r\nb', 'a\\nb'],
  ])('escapeText(%j) is %j', (input, output) => {
    expect(escapeText(input)).toBe(output);
  });

  it('foldLine leaves a line of exactly 75 octets alone and folds one of 76', () => {
    expect(foldLine('x'.repeat(75))).toBe('x'.repeat(75));
    expect(foldLine('x'.repeat(76))).toBe(`${'x'.repeat(75)}\r\n x`);
  });

  it.each([
    ['2026-12-10T16:00:00Z', '20261210T170000'],
    ['2027-07-01T22:30:00Z', '20270702T003000'],
    ['2027-03-28T01:00:00Z', '20270328T030000'],
  ])('romeLocal(%s) is %s', (instant, local) => {
    expect(romeLocal(new Date(instant))).toBe(local);
  });
});

describe('add-to-calendar links', () => {
  const e = event({ summary: 'Webinar: foto & testi', description: 'Dettagli', location: 'Online' });

  it('Google Calendar gets a template with UTC times, the Rome zone and the texts', () => {
    const url = new URL(googleCalendarUrl(e));
    expect(url.origin + url.pathname).toBe('https://calendar.google.com/calendar/render');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      action: 'TEMPLATE',
      text: 'Webinar: foto & testi',
      dates: '20261210T160000Z/20261210T173000Z',
      ctz: 'Europe/Rome',
      details: 'Dettagli',
      location: 'Online',
    });
  });

  it('Outlook gets its compose deep link with ISO times', () => {
    const url = new URL(outlookCalendarUrl(e));
    expect(url.origin + url.pathname).toBe('https://outlook.live.com/calendar/0/deeplink/compose');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      rru: 'addevent',
      subject: 'Webinar: foto & testi',
      startdt: '2026-12-10T16:00:00Z',
      enddt: '2026-12-10T17:30:00Z',
      body: 'Dettagli',
      location: 'Online',
    });
  });

  it('an all-day event is a day in both', () => {
    const day = event({ start: new Date('2021-02-18T00:00:00+01:00'), end: undefined, allDay: true });
    expect(new URL(googleCalendarUrl(day)).searchParams.get('dates')).toBe('20210218/20210219');
    expect(Object.fromEntries(new URL(outlookCalendarUrl(day)).searchParams)).toMatchObject({
      startdt: '2021-02-18',
      enddt: '2021-02-19',
      allday: 'true',
    });
  });
});
