import { describe, expect, it } from 'vitest';
import { campaignPhase, infodayPhase } from '../../src/components/live-state.ts';

const campaign = { opensAt: '2026-11-01T09:00:00+01:00', closesAt: '2026-12-01T00:00:00+01:00', cancelled: false };

describe('campaignPhase re-derives a built page’s campaign from the clock', () => {
  it.each([
    ['2026-10-31T12:00:00+01:00', false, 'upcoming'],
    ['2026-11-01T09:00:00+01:00', false, 'open'],
    ['2026-11-30T23:59:59+01:00', false, 'open'],
    ['2026-12-01T00:00:00+01:00', false, 'closed'],
    ['2026-11-15T12:00:00+01:00', true, 'closed'],
    ['2026-10-01T12:00:00+01:00', true, 'closed'],
  ])('at %s (cancelled %s) it is %s', (now, cancelled, phase) => {
    expect(campaignPhase({ ...campaign, cancelled }, new Date(now))).toBe(phase);
  });
});

describe('infodayPhase tells registration and the meeting apart', () => {
  const infoday = {
    startsAt: '2026-12-10T17:00:00+01:00',
    endsAt: '2026-12-10T18:30:00+01:00',
    registrationOpensAt: '2026-11-20T09:00:00+01:00',
    registrationClosesAt: '2026-12-09T12:00:00+01:00',
  };
  it.each([
    ['2026-11-19T00:00:00+01:00', 'not-yet'],
    ['2026-11-20T09:00:00+01:00', 'open'],
    ['2026-12-09T12:00:00+01:00', 'closed'],
    ['2026-12-10T17:30:00+01:00', 'closed'],
    ['2026-12-10T18:30:00+01:00', 'past'],
  ])('at %s it is %s', (now, phase) => expect(infodayPhase(infoday, new Date(now))).toBe(phase));

  it('a historical infoday with only a date is past the day after', () => {
    expect(infodayPhase({ startsAt: '2021-02-18' }, new Date('2021-02-19T00:00:00Z'))).toBe('past');
  });
});
