import { describe, expect, it } from 'vitest';
import { amountInWords, englishNumber, italianNumber } from '../../src/domain/amount-in-words.ts';

describe('amounts in words', () => {
  it.each([
    { cents: 12_050, it: 'euro centoventi/50', en: 'one hundred and twenty euros and 50 cents' },
    { cents: 2_500, it: 'euro venticinque/00', en: 'twenty-five euros' },
    { cents: 100, it: 'euro uno/00', en: 'one euro' },
    { cents: 2_101, it: 'euro ventuno/01', en: 'twenty-one euros and 1 cent' },
    { cents: 2_800, it: 'euro ventotto/00', en: 'twenty-eight euros' },
    { cents: 2_300, it: 'euro ventitré/00', en: 'twenty-three euros' },
    { cents: 300, it: 'euro tre/00', en: 'three euros' },
    { cents: 10_800, it: 'euro centootto/00', en: 'one hundred and eight euros' },
    { cents: 18_000, it: 'euro centottanta/00', en: 'one hundred and eighty euros' },
    { cents: 100_000, it: 'euro mille/00', en: 'one thousand euros' },
    { cents: 100_500, it: 'euro millecinque/00', en: 'one thousand and five euros' },
    { cents: 250_099, it: 'euro duemilacinquecento/99', en: 'two thousand five hundred euros and 99 cents' },
    { cents: 2_350_050, it: 'euro ventitremilacinquecento/50', en: 'twenty-three thousand five hundred euros and 50 cents' },
    { cents: 100_000_000, it: 'euro unmilione/00', en: 'one million euros' },
    { cents: 300_000_000, it: 'euro tremilioni/00', en: 'three million euros' },
    { cents: 5, it: 'euro zero/05', en: 'zero euros and 5 cents' },
  ])('$cents cents: "$it" / "$en"', ({ cents, it: italian, en }) => {
    expect(amountInWords(cents, 'it')).toBe(italian);
    expect(amountInWords(cents, 'en')).toBe(en);
  });

  it.each([
    [0, 'zero', 'zero'],
    [13, 'tredici', 'thirteen'],
    [91, 'novantuno', 'ninety-one'],
    [203, 'duecentotré', 'two hundred and three'],
    [1_001, 'milleuno', 'one thousand and one'],
    [21_000, 'ventunomila', 'twenty-one thousand'],
  ])('%s is "%s" and "%s"', (n, it_, en) => {
    expect(italianNumber(n)).toBe(it_);
    expect(englishNumber(n)).toBe(en);
  });

  it.each([[-1], [1.5], [Number.NaN]])('refuses %s', (cents) => expect(() => amountInWords(cents, 'it')).toThrow(RangeError));
});
