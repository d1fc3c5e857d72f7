import { describe, expect, it } from 'vitest';
import { campaignState, daysLeft, isOpenAt } from '../../src/domain/campaign-state.ts';
import type { CofundingRule } from '../../src/domain/cofunding.ts';

const rule: CofundingRule = { thresholdBasisPoints: 5000, cofundingShareBasisPoints: 5000, maxCofundingPerProjectCents: 500_000 };
const schedule = { opensAt: new Date('2027-01-01T00:00:00Z'), closesAt: new Date('2027-02-15T00:00:00Z'), cancelled: false };

describe('campaignState', () => {
  it.each([
    { at: '2026-12-31T23:59:59Z', raised: 0, state: 'upcoming' },
    { at: '2027-01-01T00:00:00Z', raised: 0, state: 'open' },
    { at: '2027-02-14T23:59:59Z', raised: 900_000, state: 'open' },
    { at: '2027-02-15T00:00:00Z', raised: 500_000, state: 'succeeded' },
    { at: '2027-02-15T00:00:00Z', raised: 499_999, state: 'failed' },
  ])('at $at with $raised cents raised: $state', ({ at, raised, state }) => {
    expect(campaignState(schedule, rule, 1_000_000, raised, new Date(at))).toBe(state);
  });

  it('a cancelled campaign is cancelled whatever the clock and the money', () => {
    expect(campaignState({ ...schedule, cancelled: true }, rule, 1_000_000, 900_000, new Date('2027-01-10T00:00:00Z'))).toBe('cancelled');
  });
});

describe('isOpenAt', () => {
  it.each([
    ['2026-12-31T23:59:59.999Z', false],
    ['2027-01-01T00:00:00Z', true],
    ['2027-02-14T23:59:59.999Z', true],
    ['2027-02-15T00:00:00Z', false],
  ])('%s -> %s', (at, open) => expect(isOpenAt(schedule, new Date(at))).toBe(open));

  it('a cancelled campaign takes no money', () =>
    expect(isOpenAt({ ...schedule, cancelled: true }, new Date('2027-01-10T00:00:00Z'))).toBe(false));
});

describe('daysLeft', () => {
  it.each([
    ['2027-02-14T23:00:00Z', 1],
    ['2027-02-13T00:00:00Z', 2],
    ['2027-02-12T23:59:00Z', 3],
    ['2027-02-16T00:00:00Z', 0],
  ])('at %s: %s', (at, days) => expect(daysLeft(schedule.closesAt, new Date(at))).toBe(days));
});
