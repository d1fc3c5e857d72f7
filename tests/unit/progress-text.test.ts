import '../support/island-texts.ts';
import { describe, expect, it } from 'vitest';
import { barSegments, describeProgress } from '../../src/components/progress-text.ts';
import type { Progress } from '../../src/domain/progress.ts';

// Intl puts a no-break space before the euro sign; the expectations are written with plain spaces.
const plain = (text: string) => text.replaceAll('\u00a0', ' ');

const base: Progress = {
  slug: 'orti',
  state: 'open',
  currency: 'EUR',
  goalCents: 600_000,
  raisedCents: 120_000,
  donors: 12,
  thresholdCents: 300_000,
  thresholdReached: false,
  cofunding: { status: 'none', cents: 0 },
  totalCents: 120_000,
  percent: 20,
  daysLeft: 30,
  poolRemainingCents: 1_000_000,
  opensAt: '2027-01-01T00:00:00.000Z',
  closesAt: '2027-03-01T00:00:00.000Z',
  updatedAt: '2027-01-15T00:00:00.000Z',
};

describe('describeProgress', () => {
  it('says how much is missing to the threshold and what the city will add', () => {
    const text = Object.fromEntries(Object.entries(describeProgress(base, 300_000)).map(([key, value]) => [key, plain(value)]));
    expect(text['raised']).toBe('Raccolti dai cittadini: 1.200 € da 12 donazioni.');
    expect(text['threshold']).toBe('Soglia del cofinanziamento: 3.000 €; mancano 1.800 €.');
    expect(text['cofunding']).toBe('Quando i cittadini raggiungono la soglia, il Comune aggiunge 3.000 €.');
    expect(text['time']).toBe('Mancano 30 giorni alla chiusura.');
  });

  it.each([
    { status: 'reserved' as const, cents: 300_000, expected: 'Quota del Comune riservata: 3.000 €.' },
    { status: 'granted' as const, cents: 300_000, expected: 'Quota del Comune assegnata: 3.000 €.' },
    { status: 'pool_exhausted' as const, cents: 100_000, expected: 'Il fondo del Comune è quasi esaurito: riservati 1.000 € su 3.000 €.' },
    { status: 'pool_exhausted' as const, cents: 0, expected: 'Soglia raggiunta, ma il fondo del Comune per questo avviso è esaurito.' },
  ])('cofunding $status with $cents cents', ({ status, cents, expected }) => {
    expect(plain(describeProgress({ ...base, cofunding: { status, cents } }, 300_000).cofunding)).toBe(expected);
  });

  it('speaks of one donation in the singular', () =>
    expect(describeProgress({ ...base, donors: 1 }, 1).raised).toMatch(/da 1 donazione\.$/));
});

describe('barSegments', () => {
  it('places the threshold marker and splits citizens and city', () => {
    expect(barSegments({ ...base, raisedCents: 300_000, cofunding: { status: 'reserved', cents: 300_000 } })).toEqual({
      citizens: 50,
      city: 50,
      threshold: 50,
    });
  });
  it('keeps an over-funded bar inside 100%', () => {
    expect(barSegments({ ...base, raisedCents: 900_000, cofunding: { status: 'reserved', cents: 300_000 } })).toEqual({
      citizens: 100,
      city: 0,
      threshold: 50,
    });
  });
});
