import { expect, it } from 'vitest';
import { cofundingRows } from '../../src/components/cofunding-list.ts';

const label = (title: string) => ({ title, url: `/campagne/${title}/`, organisations: 'Org', call: '2026' });

it('lists granted shares first, then reserved ones, with their totals, and leaves out the rest', () => {
  const { rows, grantedCents, reservedCents } = cofundingRows(
    [
      { slug: 'a', call: 'x', cofundingStatus: 'reserved', cofundingCents: 300_000 },
      { slug: 'b', call: 'x', cofundingStatus: 'granted', cofundingCents: 500_000 },
      { slug: 'c', call: 'x', cofundingStatus: 'none', cofundingCents: 0 },
      { slug: 'd', call: 'x', cofundingStatus: 'released', cofundingCents: 0 },
      { slug: 'e', call: 'x', cofundingStatus: null, cofundingCents: null },
      { slug: 'unknown', call: 'x', cofundingStatus: 'granted', cofundingCents: 100 },
    ],
    { a: label('a'), b: label('b'), c: label('c'), d: label('d'), e: label('e') },
  );
  expect(rows.map((row) => [row.slug, row.status, row.cents])).toEqual([
    ['b', 'granted', 500_000],
    ['a', 'reserved', 300_000],
  ]);
  expect(grantedCents).toBe(500_000);
  expect(reservedCents).toBe(300_000);
});
