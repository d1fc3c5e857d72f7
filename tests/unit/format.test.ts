import { describe, expect, it } from 'vitest';
import {
  formatAmount,
  formatMoney,
  formatNumber,
  formatShare,
  italianArticle,
  percentWithArticle,
  shareWithArticle,
} from '../../src/i18n/format.ts';
import { describeProgress } from '../../src/components/progress-text.ts';
import { placesText } from '../../src/components/PlacesLeft.tsx';
import type { Progress } from '../../src/domain/progress.ts';

// Intl puts a narrow no-break space between figure and sign in Italian; compare with plain spaces.
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('Italian articles before a percentage, as the number is read aloud', () => {
  it.each([
    [0, 'lo 0%'],
    [1, "l'1%"],
    [2, 'il 2%'],
    [5, 'il 5%'],
    [8, "l'8%"],
    [10, 'il 10%'],
    [11, "l'11%"],
    [18, 'il 18%'],
    [50, 'il 50%'],
    [80, "l'80%"],
    [83, "l'83%"],
    [100, 'il 100%'],
    [101, 'il 101%'],
    [800, "l'800%"],
    [1.5, "l'1,5%"],
    [0.5, 'lo 0,5%'],
  ])('%s -> %s', (value, expected) => {
    expect(plain(percentWithArticle(value, 'it'))).toBe(expected);
  });

  it.each([
    [11_000, "l'"],
    [12_000, 'il'],
    [1_000, 'il'],
    [1_000_000, "l'"],
    [10_000_000, 'il'],
  ])('the article of %s is %s', (value, expected) => {
    expect(italianArticle(value)).toBe(expected);
  });

  it('English takes no article and its own number format', () => {
    expect(percentWithArticle(1, 'en')).toBe('1%');
    expect(percentWithArticle(1.5, 'en')).toBe('1.5%');
    expect(shareWithArticle(5000, 'en')).toBe('50%');
    expect(shareWithArticle(5000, 'it')).toBe('il 50%');
    expect(plain(shareWithArticle(8000, 'it'))).toBe("l'80%");
  });
});

describe('money', () => {
  it.each([
    ['it', 500_000, '5.000 €'],
    ['it', 1_500_000, '15.000 €'],
    ['it', 1_250, '12,50 €'],
    ['it', 2_500, '25 €'],
    ['it', 100, '1 €'],
    ['en', 500_000, '€5,000'],
    ['en', 1_250, '€12.50'],
    ['en', 1_500_000, '€15,000'],
  ] as const)('in prose (%s) %i cents read %s: thousands always grouped, no ,00 on whole euros', (locale, cents, expected) => {
    expect(plain(formatAmount(cents, locale))).toBe(expected);
  });

  it.each([
    ['it', 500_000, '5.000,00 €'],
    ['it', 1_500_000, '15.000,00 €'],
    ['it', 1_250, '12,50 €'],
    ['en', 500_000, '€5,000.00'],
  ] as const)('in tables and receipts (%s) %i cents keep the cents: %s', (locale, cents, expected) => {
    expect(plain(formatMoney(cents, locale))).toBe(expected);
  });

  it('plain numbers group thousands in both languages', () => {
    expect(formatNumber(1234, 'it')).toBe('1.234');
    expect(formatNumber(1234, 'en')).toBe('1,234');
    expect(formatShare(5000, 'it')).toBe('50%');
  });
});

describe('the progress sentences use the article and the language’s number format', () => {
  const base: Progress = {
    slug: 'x',
    state: 'open',
    currency: 'EUR',
    goalCents: 1_000_000,
    raisedCents: 10_000,
    donors: 3,
    thresholdCents: 500_000,
    thresholdReached: false,
    cofunding: { status: 'none', cents: 0 },
    totalCents: 10_000,
    percent: 1,
    daysLeft: 12,
    poolRemainingCents: null,
    opensAt: '2026-01-01T00:00:00Z',
    closesAt: '2026-02-01T00:00:00Z',
    updatedAt: '2026-01-02T00:00:00Z',
  };
  it.each([
    [1, "Totale con il Comune: 100 €, l'1% dell'obiettivo di 10.000 €."],
    [0, "Totale con il Comune: 100 €, lo 0% dell'obiettivo di 10.000 €."],
    [5, "Totale con il Comune: 100 €, il 5% dell'obiettivo di 10.000 €."],
  ])('Italian, %i%%', (percent, expected) => {
    expect(plain(describeProgress({ ...base, percent }, 500_000, 'it').total)).toBe(expected);
  });
  it('English', () => {
    expect(describeProgress(base, 500_000, 'en').total).toBe('Total with the City: €100, 1% of the €10,000 goal.');
  });
});

describe('the places of an infoday, in each language', () => {
  it.each([
    ['it', null, '1.200 posti'],
    ['it', { capacity: 1200, confirmed: 1199, placesLeft: 1, waitlisted: 0 }, '1.200 posti: ne resta 1'],
    ['it', { capacity: 80, confirmed: 7, placesLeft: 73, waitlisted: 0 }, '80 posti: ne restano 73'],
    ['it', { capacity: 80, confirmed: 80, placesLeft: 0, waitlisted: 4 }, '80 posti: esauriti (in lista d’attesa: 4)'],
    ['en', { capacity: 1200, confirmed: 7, placesLeft: 1193, waitlisted: 0 }, '1,200 places: 1,193 are left'],
    ['en', { capacity: 80, confirmed: 79, placesLeft: 1, waitlisted: 0 }, '80 places: 1 is left'],
  ] as const)('%s %j -> %s', (locale, places, expected) => {
    expect(placesText(1200, places, locale)).toBe(expected);
  });
});
