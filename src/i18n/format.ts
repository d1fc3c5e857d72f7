/**
 * Every number and date a person reads, in one module for the pages and the islands: dates in Venice's time
 * zone, money (with cents in tables and receipts, without «,00» on whole euros in prose), percentages and the
 * Italian article that goes before them. The site, the islands, the e-mails, the receipts and the console all
 * format through here. Pure: tested in tests/unit/format.test.ts.
 */
import { localeTag, type Locale } from './locale.ts';

const TIME_ZONE = 'Europe/Rome';

// Italian CLDR groups thousands only from five digits («5000» beside «15.000»): a page that lists both reads
// as two different formats, so grouping is always on.
const money = {
  exact: memo((locale: Locale) => new Intl.NumberFormat(localeTag(locale), { style: 'currency', currency: 'EUR', useGrouping: 'always' })),
  prose: memo(
    (locale: Locale) =>
      new Intl.NumberFormat(localeTag(locale), {
        style: 'currency',
        currency: 'EUR',
        useGrouping: 'always',
        trailingZeroDisplay: 'stripIfInteger',
      }),
  ),
};
const number = memo((locale: Locale) => new Intl.NumberFormat(localeTag(locale), { useGrouping: 'always', maximumFractionDigits: 2 }));
const percent = memo(
  (locale: Locale) => new Intl.NumberFormat(localeTag(locale), { style: 'percent', useGrouping: 'always', maximumFractionDigits: 2 }),
);

function memo<T>(make: (locale: Locale) => T): (locale: Locale) => T {
  const made = new Map<Locale, T>();
  return (locale) => {
    let value = made.get(locale);
    if (value === undefined) made.set(locale, (value = make(locale)));
    return value;
  };
}

/** Cents with their cents, for tables, receipts and summaries: «1.250,00 €», «€1,250.00». */
export function formatMoney(cents: number, locale: Locale = 'it'): string {
  return money.exact(locale).format(cents / 100);
}

/** Cents as a sentence says them: «5.000 €» for whole euros, «12,50 €» otherwise. */
export function formatAmount(cents: number, locale: Locale = 'it'): string {
  return money.prose(locale).format(cents / 100);
}

export function formatNumber(value: number, locale: Locale = 'it'): string {
  return number(locale).format(value);
}

/** A whole or decimal percentage, e.g. 50 -> «50%». */
export function formatPercent(value: number, locale: Locale = 'it'): string {
  return percent(locale).format(value / 100);
}

/** A share in basis points (5000 = 50%) as a percentage in the reader's locale. */
export function formatShare(basisPoints: number, locale: Locale = 'it'): string {
  return percent(locale).format(basisPoints / 10_000);
}

/**
 * The Italian definite article before a number, as the number is read aloud: «l'» before a vowel (uno, otto,
 * undici, ottanta, ottocento, un milione...), «lo» before zero, «il» otherwise (il 5%, il 18%, il 100%).
 */
export function italianArticle(value: number): "l'" | 'lo' | 'il' {
  const whole = Math.floor(Math.abs(value));
  if (whole === 0) return Math.abs(value) === 0 || Math.abs(value) < 1 ? 'lo' : 'il';
  const digits = String(whole);
  if (digits.startsWith('8')) return "l'"; // otto, ottanta, ottocento, ottomila
  if (whole === 1 || whole === 11) return "l'"; // uno, undici
  if (whole >= 11_000 && whole < 12_000) return "l'"; // undicimila
  if (digits.length >= 7 && digits.length % 3 === 1 && digits.startsWith('1')) return "l'"; // un milione, un miliardo
  return 'il';
}

/** «l'1%», «lo 0%», «il 5%» in Italian; «1%» in English (which needs no article). */
export function percentWithArticle(value: number, locale: Locale = 'it'): string {
  const text = formatPercent(value, locale);
  if (locale !== 'it') return text;
  const article = italianArticle(value);
  return article === "l'" ? `l'${text}` : `${article} ${text}`;
}

/** A share in basis points with its article in Italian: 5000 -> «il 50%». */
export function shareWithArticle(basisPoints: number, locale: Locale = 'it'): string {
  return percentWithArticle(basisPoints / 100, locale);
}

// Made once per locale, like the number formats: building an Intl.DateTimeFormat costs far more than using
// one, and a build formats dates on every campaign page. Pure annotations: an island bundle that formats
// no date drops them.
const dates = {
  date: /* @__PURE__ */ memo((locale: Locale) => new Intl.DateTimeFormat(localeTag(locale), { dateStyle: 'long', timeZone: TIME_ZONE })),
  dateTime: /* @__PURE__ */ memo(
    (locale: Locale) => new Intl.DateTimeFormat(localeTag(locale), { dateStyle: 'long', timeStyle: 'short', timeZone: TIME_ZONE }),
  ),
  time: /* @__PURE__ */ memo((locale: Locale) => new Intl.DateTimeFormat(localeTag(locale), { timeStyle: 'short', timeZone: TIME_ZONE })),
  // ISO dates and the 24-hour clock have no language: one of each, whatever the locale asked.
  iso: /* @__PURE__ */ memo(() => new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE })),
  clock: /* @__PURE__ */ memo(() => new Intl.DateTimeFormat('en-GB', { timeStyle: 'short', timeZone: TIME_ZONE })),
};

export function formatDate(value: Date | string, locale: Locale = 'it'): string {
  return dates.date(locale).format(new Date(value));
}

export function formatDateTime(value: Date | string, locale: Locale = 'it'): string {
  return dates.dateTime(locale).format(new Date(value));
}

export function formatTime(value: Date | string, locale: Locale = 'it'): string {
  return dates.time(locale).format(new Date(value));
}

/** An ISO date (YYYY-MM-DD) in Venice's time zone, for <time datetime>. */
export function isoDate(value: Date): string {
  return dates.iso('it').format(value);
}

/**
 * An instant at 00:00 in Venice stands for a day whose hour the sources do not give (e.g. a call that
 * closed "on 9 February 2024"): it is shown as a date, never with an invented time.
 */
export function formatInstant(value: Date, locale: Locale = 'it'): string {
  const time = dates.clock('it').format(value);
  return time === '00:00' ? formatDate(value, locale) : formatDateTime(value, locale);
}
