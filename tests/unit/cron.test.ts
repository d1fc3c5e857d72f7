import { describe, expect, it } from 'vitest';
import { nextRun, parseCron } from '../../src/domain/cron.ts';

describe('nextRun', () => {
  it.each([
    { schedule: '*/15 * * * *', after: '2027-03-01T10:07:30Z', next: '2027-03-01T10:15:00.000Z' },
    { schedule: '*/15 * * * *', after: '2027-03-01T10:15:00Z', next: '2027-03-01T10:30:00.000Z' },
    { schedule: '*/15 * * * *', after: '2027-03-01T23:59:00Z', next: '2027-03-02T00:00:00.000Z' },
    { schedule: '@daily', after: '2027-03-01T10:07:00Z', next: '2027-03-02T00:00:00.000Z' },
    { schedule: '@hourly', after: '2027-03-01T10:07:00Z', next: '2027-03-01T11:00:00.000Z' },
    { schedule: '@monthly', after: '2027-12-15T00:00:00Z', next: '2028-01-01T00:00:00.000Z' },
    { schedule: '@weekly', after: '2027-03-01T10:00:00Z', next: '2027-03-07T00:00:00.000Z' },
    { schedule: '30 2 * * 1-5', after: '2027-03-05T03:00:00Z', next: '2027-03-08T02:30:00.000Z' },
    { schedule: '0 0 29 2 *', after: '2027-03-01T00:00:00Z', next: '2028-02-29T00:00:00.000Z' },
    // Both day fields restricted: either one is enough (the 13th, or any Friday).
    { schedule: '0 12 13 * 5', after: '2027-03-01T00:00:00Z', next: '2027-03-05T12:00:00.000Z' },
    { schedule: '5,35 9-10 * * *', after: '2027-03-01T09:36:00Z', next: '2027-03-01T10:05:00.000Z' },
    { schedule: '0 0 * * 7', after: '2027-03-01T10:00:00Z', next: '2027-03-07T00:00:00.000Z' },
  ])('$schedule after $after -> $next', ({ schedule, after, next }) => {
    expect(nextRun(schedule, new Date(after)).toISOString()).toBe(next);
  });

  it.each(['* * * *', '60 * * * *', '* 24 * * *', '*/0 * * * *', 'a b c d e', '5-1 * * * *'])('refuses %s', (schedule) => {
    expect(() => parseCron(schedule)).toThrow(/cron/);
  });

  it('reads the schedules of this project', () => {
    for (const schedule of ['*/15 * * * *', '@daily']) expect(() => parseCron(schedule)).not.toThrow();
  });
});
