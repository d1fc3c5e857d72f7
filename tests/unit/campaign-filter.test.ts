import { describe, expect, it } from 'vitest';
import { cardMatches, cardState, selectionFrom, selectionQuery } from '../../src/components/campaign-filter.ts';

const now = new Date('2027-01-10T12:00:00+01:00');
const open = {
  district: 'marghera',
  call: 'esempio-2026',
  problem: 'anziani',
  historical: 'false',
  opens: '2026-11-01T09:00:00+01:00',
  closes: '2027-03-01T00:00:00+01:00',
  cancelled: 'false',
};

describe('the enhanced campaign filter', () => {
  it.each([
    [open, 'aperte'],
    [{ ...open, opens: '2027-02-01T09:00:00+01:00' }, 'in-arrivo'],
    [{ ...open, closes: '2027-01-01T00:00:00+01:00' }, 'concluse'],
    [{ ...open, cancelled: 'true' }, 'concluse'],
    [{ ...open, historical: 'true', closes: undefined }, 'storiche'],
  ])('derives the state of a card from its dates at view time: %j is %s', (card, state) => expect(cardState(card, now)).toBe(state));

  it('a campaign built as open but closed since no longer matches "aperte"', () => {
    const closedSince = { ...open, closes: '2027-01-09T00:00:00+01:00' };
    expect(cardMatches(closedSince, { stato: 'aperte' }, now)).toBe(false);
    expect(cardMatches(closedSince, { stato: 'concluse' }, now)).toBe(true);
  });

  it('combines dimensions: every selected one must match', () => {
    expect(cardMatches(open, { stato: 'aperte', quartiere: 'marghera' }, now)).toBe(true);
    expect(cardMatches(open, { stato: 'aperte', quartiere: 'lido-pellestrina' }, now)).toBe(false);
    expect(cardMatches(open, {}, now)).toBe(true);
  });

  it('starts from the page’s own filter and the address, and writes the selection back', () => {
    expect(selectionFrom('quartiere=marghera', '?tema=anziani&other=x')).toEqual({ quartiere: 'marghera', tema: 'anziani' });
    expect(selectionQuery({ tema: 'anziani', stato: 'aperte' })).toBe('?stato=aperte&tema=anziani');
    expect(selectionQuery({})).toBe('');
  });
});
