import { describe, expect, it } from 'vitest';
import { eurosToCents, formatEuros, shareOfCeil, shareOfRounded, shareToBasisPoints, sumCents } from '../../src/domain/money.ts';

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

describe('formatEuros', () => {
  it('formats in Italian by default', () => {
    expect(formatEuros(123_456)).toBe(new Intl.NumberFormat('it-IT', { style: 'currency', currency: 'EUR' }).format(1234.56));
    // Italian groups thousands from five digits on: 1234,56 € but 12.345,67 €.
    expect(formatEuros(1_234_567)).toMatch(/^12\.345,67\s€$/);
  });

  it('formats in another locale when asked', () => expect(formatEuros(500, 'en-GB')).toBe('€5.00'));
});

it('sums cents', () => expect(sumCents([1, 2, 3_000_000])).toBe(3_000_003));
