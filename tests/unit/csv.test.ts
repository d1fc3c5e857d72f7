import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../src/server/http/csv.ts';

describe('csvCell', () => {
  it.each([
    ['plain', 'plain'],
    ['Città, Venezia', '"Città, Venezia"'],
    ['say "hi"', '"say ""hi"""'],
    ['=HYPERLINK("http://evil")', `"'=HYPERLINK(""http://evil"")"`],
    ['+39 041', "'+39 041"],
    ['-1+1', "'-1+1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    [-500, '-500'],
    [null, ''],
    [true, 'true'],
  ])('%j -> %s', (value, cell) => expect(csvCell(value)).toBe(cell));
});

it('toCsv starts with a byte-order mark and ends rows with CRLF', () => {
  expect(toCsv(['a', 'b'], [[1, 'è']])).toBe('\uFEFFa,b\r\n1,è\r\n');
});
