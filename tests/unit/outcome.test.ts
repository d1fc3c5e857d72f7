import { describe, expect, it } from 'vitest';
import { campaignState } from '../../src/domain/campaign-state.ts';
import type { Cofunding, CofundingRule } from '../../src/domain/cofunding.ts';
import { decideClosing, isDueForClosing, type ClosingSituation } from '../../src/domain/outcome.ts';

const venice: CofundingRule = { thresholdBasisPoints: 5000, cofundingShareBasisPoints: 5000, maxCofundingPerProjectCents: 500_000 };
const schedule = { opensAt: new Date('2027-01-01T00:00:00Z'), closesAt: new Date('2027-02-15T00:00:00Z'), cancelled: false };
const afterClosing = new Date('2027-02-15T00:00:00Z');
const none: Cofunding = { status: 'none', cents: 0 };

const situation = (overrides: Partial<ClosingSituation>): ClosingSituation => ({
  schedule,
  rule: venice,
  fundingModel: 'keep-it-all',
  goalCents: 1_000_000,
  raisedCents: 0,
  current: none,
  poolRemainingCents: 7_000_000,
  now: afterClosing,
  ...overrides,
});

describe('isDueForClosing', () => {
  it.each([
    { at: '2027-02-14T23:59:59.999Z', cancelled: false, due: false },
    { at: '2027-02-15T00:00:00Z', cancelled: false, due: true },
    { at: '2027-01-10T00:00:00Z', cancelled: true, due: true },
  ])('at $at, cancelled $cancelled: $due', ({ at, cancelled, due }) => {
    expect(isDueForClosing({ ...schedule, cancelled }, new Date(at))).toBe(due);
  });
});

describe('decideClosing', () => {
  it.each([
    {
      case: 'before the closing instant nothing happens',
      given: { now: new Date('2027-02-14T23:59:59Z'), raisedCents: 900_000, current: { status: 'reserved', cents: 500_000 } },
      expected: { kind: 'not_due' },
    },
    {
      case: 'at the threshold with the share reserved: succeeded, the reservation is granted',
      given: { raisedCents: 500_000, current: { status: 'reserved', cents: 500_000 } },
      expected: {
        kind: 'close',
        outcome: 'succeeded',
        topUpCents: 0,
        grantCents: 500_000,
        next: { status: 'granted', cents: 500_000 },
        refundDonations: false,
      },
    },
    {
      case: 'over-funded: the share does not grow',
      given: { raisedCents: 1_900_000, current: { status: 'reserved', cents: 500_000 } },
      expected: {
        kind: 'close',
        outcome: 'succeeded',
        topUpCents: 0,
        grantCents: 500_000,
        next: { status: 'granted', cents: 500_000 },
        refundDonations: false,
      },
    },
    {
      case: 'a partial reservation is topped up from what the pool now holds, then granted',
      given: { raisedCents: 600_000, current: { status: 'pool_exhausted', cents: 200_000 }, poolRemainingCents: 100_000 },
      expected: {
        kind: 'close',
        outcome: 'succeeded',
        topUpCents: 100_000,
        grantCents: 300_000,
        next: { status: 'granted', cents: 300_000 },
        refundDonations: false,
      },
    },
    {
      case: 'threshold reached but the pool was and is empty: succeeded without the city',
      given: { raisedCents: 600_000, current: { status: 'pool_exhausted', cents: 0 }, poolRemainingCents: 0 },
      expected: {
        kind: 'close',
        outcome: 'succeeded',
        topUpCents: 0,
        grantCents: 0,
        next: { status: 'pool_exhausted', cents: 0 },
        refundDonations: false,
      },
    },
    {
      case: 'money confirmed after the last reservation moment still earns the share at closing',
      given: { raisedCents: 500_000, current: none },
      expected: {
        kind: 'close',
        outcome: 'succeeded',
        topUpCents: 500_000,
        grantCents: 500_000,
        next: { status: 'granted', cents: 500_000 },
        refundDonations: false,
      },
    },
    {
      case: 'keep-it-all under the threshold: failed, donations stay',
      given: { raisedCents: 499_999 },
      expected: { kind: 'close', outcome: 'failed', releaseCents: 0, next: none, refundDonations: false },
    },
    {
      case: 'all-or-nothing under the threshold: failed, donations are refunded',
      given: { fundingModel: 'all-or-nothing', raisedCents: 499_999 },
      expected: { kind: 'close', outcome: 'failed', releaseCents: 0, next: none, refundDonations: true },
    },
    {
      case: 'a share released by refunds while open stays released',
      given: { raisedCents: 100, current: { status: 'released', cents: 0 } },
      expected: { kind: 'close', outcome: 'failed', releaseCents: 0, next: { status: 'released', cents: 0 }, refundDonations: false },
    },
    {
      case: 'cancelled by an editor while holding a reservation: failed, the reservation goes back to the pool',
      given: {
        schedule: { ...schedule, cancelled: true },
        now: new Date('2027-01-20T00:00:00Z'),
        fundingModel: 'all-or-nothing',
        raisedCents: 800_000,
        current: { status: 'reserved', cents: 500_000 },
      },
      expected: { kind: 'close', outcome: 'failed', releaseCents: 500_000, next: { status: 'released', cents: 0 }, refundDonations: true },
    },
  ] as const)('$case', ({ given, expected }) => {
    expect(decideClosing(situation(given as Partial<ClosingSituation>))).toEqual(expected);
  });

  it('never grants more than the share the rule entitles', () => {
    const decision = decideClosing(
      situation({ raisedCents: 600_000, current: { status: 'pool_exhausted', cents: 100_000 }, poolRemainingCents: 9_000_000 }),
    );
    expect(decision).toMatchObject({ outcome: 'succeeded', grantCents: 500_000, topUpCents: 400_000 });
  });
});

describe('campaignState after closing', () => {
  it.each([
    { raised: 0, outcome: 'succeeded', state: 'succeeded', why: 'refunds after a success do not undo it' },
    { raised: 900_000, outcome: 'failed', state: 'failed', why: 'the recorded outcome wins over later figures' },
    { raised: 900_000, outcome: null, state: 'succeeded', why: 'before the job runs the figures decide' },
  ] as const)('$why', ({ raised, outcome, state }) => {
    expect(campaignState(schedule, venice, 1_000_000, raised, afterClosing, outcome)).toBe(state);
  });
});
