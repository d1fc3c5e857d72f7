import { describe, expect, it } from 'vitest';
import { eurosToCents, shareOfCeil, shareOfRounded, shareToBasisPoints, sumCents } from '../../src/domain/money.ts';

describe('eurosToCents', () => {
  it.each([
    [2500, 250_000],
    [12.5, 1250],
    [0.1, 10],
    [1234.56, 123_456],
    [0.29, 29],
  ])('%s euros is %s cents', (euros, cents) => expect(eurosToCents(euros)).toBe(cents));

  it.each([[1.005], [Number.NaN], [Number.POSITIVE_INFINITY]])('refuses %s (finer than a cent or not a number)', (euros) =>
    expect(eurosToCents(euros)).toBeNull(),
  );
});

describe('shares in basis points', () => {
  it.each([
    [0.5, 5000],
    [0.4, 4000],
    [0.6, 6000],
    [0.3333, 3333],
  ])('%s is %s basis points', (share, bp) => expect(shareToBasisPoints(share)).toBe(bp));

  it('refuses a share finer than 0.01%', () => expect(shareToBasisPoints(0.12345)).toBeNull());

  it.each([
    [1000, 4000, 400, 400],
    [1001, 5000, 501, 501],
    [999_999, 5000, 500_000, 500_000],
    [3, 3333, 1, 1],
    [7, 5000, 4, 4],
  ])('share of %s cents at %s bp: ceil %s, rounded %s', (amount, bp, ceil, rounded) => {
    expect(shareOfCeil(amount, bp)).toBe(ceil);
    expect(shareOfRounded(amount, bp)).toBe(rounded);
  });
});

it('sums cents', () => expect(sumCents([1, 2, 3_000_000])).toBe(3_000_003));
