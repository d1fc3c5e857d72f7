import { describe, expect, it } from 'vitest';
import { decideCofunding, entitledCents, thresholdCents, type Cofunding, type CofundingRule } from '../../src/domain/cofunding.ts';

const venice: CofundingRule = { thresholdBasisPoints: 5000, cofundingShareBasisPoints: 5000, maxCofundingPerProjectCents: 500_000 };
const milan: CofundingRule = { thresholdBasisPoints: 4000, cofundingShareBasisPoints: 6000, maxCofundingPerProjectCents: 6_000_000 };

describe.each([
  { name: 'Venice 2021', rule: venice, goal: 1_000_000, threshold: 500_000, entitled: 500_000 },
  { name: 'Venice, odd goal', rule: venice, goal: 700_001, threshold: 350_001, entitled: 350_001 },
  {
    name: 'Venice 2025, capped',
    rule: { ...venice, maxCofundingPerProjectCents: 1_500_000 },
    goal: 3_000_000,
    threshold: 1_500_000,
    entitled: 1_500_000,
  },
  { name: 'Venice, cap below half', rule: venice, goal: 1_500_000, threshold: 750_000, entitled: 500_000 },
  { name: 'Milan 40/60', rule: milan, goal: 1_000_000, threshold: 400_000, entitled: 600_000 },
  { name: 'Milan 40/60, capped', rule: milan, goal: 20_000_000, threshold: 8_000_000, entitled: 6_000_000 },
])('$name', ({ rule, goal, threshold, entitled }) => {
  it(`threshold is ${threshold} cents`, () => expect(thresholdCents(rule, goal)).toBe(threshold));
  it(`city share is ${entitled} cents`, () => expect(entitledCents(rule, goal)).toBe(entitled));
});

const none: Cofunding = { status: 'none', cents: 0 };
const base = { rule: venice, goalCents: 1_000_000, open: true, poolRemainingCents: 7_000_000 };

describe('decideCofunding', () => {
  it.each([
    { case: 'below the threshold: nothing', raised: 499_999, current: none, pool: 7_000_000, expected: { kind: 'none' } },
    {
      case: 'reaching the threshold exactly reserves the full share',
      raised: 500_000,
      current: none,
      pool: 7_000_000,
      expected: { kind: 'reserve', cents: 500_000, next: { status: 'reserved', cents: 500_000 } },
    },
    {
      case: 'already reserved: nothing more',
      raised: 900_000,
      current: { status: 'reserved', cents: 500_000 },
      pool: 7_000_000,
      expected: { kind: 'none' },
    },
    {
      case: 'a pool with less than the share reserves what is left',
      raised: 600_000,
      current: none,
      pool: 120_000,
      expected: { kind: 'reserve', cents: 120_000, next: { status: 'pool_exhausted', cents: 120_000 } },
    },
    {
      case: 'an empty pool marks the share exhausted',
      raised: 600_000,
      current: none,
      pool: 0,
      expected: { kind: 'mark_exhausted', next: { status: 'pool_exhausted', cents: 0 } },
    },
    {
      case: 'a partly reserved share is topped up when the pool recovers',
      raised: 600_000,
      current: { status: 'pool_exhausted', cents: 120_000 },
      pool: 1_000_000,
      expected: { kind: 'reserve', cents: 380_000, next: { status: 'reserved', cents: 500_000 } },
    },
    {
      case: 'falling back under the threshold releases the share',
      raised: 499_000,
      current: { status: 'reserved', cents: 500_000 },
      pool: 0,
      expected: { kind: 'release', cents: 500_000, next: { status: 'released', cents: 0 } },
    },
    {
      case: 'a released share is reserved again when citizens climb back',
      raised: 500_000,
      current: { status: 'released', cents: 0 },
      pool: 7_000_000,
      expected: { kind: 'reserve', cents: 500_000, next: { status: 'reserved', cents: 500_000 } },
    },
    {
      case: 'over-funding does not grow the share',
      raised: 5_000_000,
      current: { status: 'reserved', cents: 500_000 },
      pool: 7_000_000,
      expected: { kind: 'none' },
    },
  ])('$case', ({ raised, current, pool, expected }) => {
    expect(decideCofunding({ ...base, raisedCents: raised, current: current as Cofunding, poolRemainingCents: pool })).toEqual(expected);
  });

  it('does nothing once the campaign is closed', () => {
    expect(decideCofunding({ ...base, open: false, raisedCents: 900_000, current: none })).toEqual({ kind: 'none' });
  });

  it('never moves a granted share', () => {
    expect(decideCofunding({ ...base, raisedCents: 0, current: { status: 'granted', cents: 500_000 } })).toEqual({ kind: 'none' });
  });
});
