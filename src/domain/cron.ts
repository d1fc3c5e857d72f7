/**
 * The next run of a scheduled function's `config.schedule`, as Netlify reads it: five-field cron in UTC
 * (minute hour day-of-month month day-of-week; `*`, `*\/n`, `a-b`, `a-b/n`, lists) or one of the
 * nicknames @yearly @annually @monthly @weekly @daily @midnight @hourly. Pure: the caller passes the instant.
 */

const NICKNAMES: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'day of week', min: 0, max: 7 },
] as const;

export interface CronSchedule {
  minutes: Set<number>;
  hours: Set<number>;
  days: Set<number>;
  months: Set<number>;
  weekdays: Set<number>;
  /** Cron's rule: when both day fields are restricted, a day matching either one runs. */
  dayRestricted: boolean;
  weekdayRestricted: boolean;
}

function parseField(text: string, field: (typeof FIELDS)[number]): Set<number> {
  const values = new Set<number>();
  for (const part of text.split(',')) {
    const match = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
    if (!match) throw new Error(`cron: invalid ${field.name} "${part}"`);
    const [, whole, from, to, step] = match;
    const start = whole === '*' ? field.min : Number(from);
    const end = whole === '*' ? field.max : to !== undefined ? Number(to) : step !== undefined ? field.max : start;
    const by = step === undefined ? 1 : Number(step);
    if (start < field.min || end > field.max || start > end || by < 1) throw new Error(`cron: ${field.name} "${part}" out of range`);
    for (let value = start; value <= end; value += by) values.add(value);
  }
  return values;
}

export function parseCron(expression: string): CronSchedule {
  const text = NICKNAMES[expression.trim().toLowerCase()] ?? expression.trim();
  const parts = text.split(/\s+/);
  if (parts.length !== 5) throw new Error(`cron: "${expression}" needs five fields`);
  const [minutes, hours, days, months, weekdays] = parts.map((part, index) => parseField(part, FIELDS[index]!));
  // 7 is Sunday too.
  if (weekdays!.delete(7)) weekdays!.add(0);
  return {
    minutes: minutes!,
    hours: hours!,
    days: days!,
    months: months!,
    weekdays: weekdays!,
    dayRestricted: parts[2] !== '*',
    weekdayRestricted: parts[4] !== '*',
  };
}

function dayMatches(schedule: CronSchedule, date: Date): boolean {
  const day = schedule.days.has(date.getUTCDate());
  const weekday = schedule.weekdays.has(date.getUTCDay());
  if (schedule.dayRestricted && schedule.weekdayRestricted) return day || weekday;
  return day && weekday;
}

/** The first instant strictly after `after`, at a whole minute, when the schedule runs. */
export function nextRun(expression: string, after: Date): Date {
  const schedule = parseCron(expression);
  const t = new Date(Math.floor(after.getTime() / 60_000) * 60_000 + 60_000);
  // Minute steps would be slow for yearly schedules: skip whole days and hours that cannot match.
  for (let guard = 0; guard < 600_000; guard++) {
    if (!schedule.months.has(t.getUTCMonth() + 1) || !dayMatches(schedule, t)) {
      t.setUTCHours(24, 0, 0, 0);
      continue;
    }
    if (!schedule.hours.has(t.getUTCHours())) {
      t.setUTCHours(t.getUTCHours() + 1, 0, 0, 0);
      continue;
    }
    if (!schedule.minutes.has(t.getUTCMinutes())) {
      t.setUTCMinutes(t.getUTCMinutes() + 1, 0, 0);
      continue;
    }
    return t;
  }
  throw new Error(`cron: "${expression}" never runs`);
}
