import { describe, expect, it } from 'vitest';
import { checkTaxCode, entityCheckDigit, isValidTaxCode, personCheckCharacter } from '../../src/domain/tax-code.ts';

describe('codice fiscale', () => {
  it.each([
    { code: 'RSSMRA85T10A562S', kind: 'person', why: 'the ministry’s own example' },
    { code: 'rssmra85t10a562s', kind: 'person', why: 'lower case, as people type it' },
    { code: ' RSSMRA 85T10 A562S ', kind: 'person', why: 'spaces dropped' },
    { code: 'RSSMRA85T10A56NH', kind: 'person', why: 'omocodia: a digit replaced by its letter, check letter recomputed' },
    { code: '12345678903', kind: 'entity', why: 'eleven digits with the right check digit' },
    { code: '00000000000', kind: 'entity', why: 'all zeros is formally valid' },
  ])('$code is a valid $kind code ($why)', ({ code, kind }) => {
    expect(checkTaxCode(code)).toMatchObject({ valid: true, kind });
    expect(isValidTaxCode(code)).toBe(true);
  });

  it.each([
    { code: 'RSSMRA85T10A562T', problem: 'check_character' },
    { code: 'RSSMRA85T10A56NS', problem: 'check_character' },
    { code: '12345678901', problem: 'check_digit' },
    { code: '01234567890', problem: 'check_digit' },
    { code: 'RSSMRA85Z10A562S', problem: 'shape' },
    { code: 'RSSMRA85T10A562', problem: 'shape' },
    { code: '1234567890', problem: 'shape' },
    { code: '', problem: 'shape' },
  ])('$code is refused: $problem', ({ code, problem }) => {
    expect(checkTaxCode(code)).toEqual({ valid: false, problem });
    expect(isValidTaxCode(code)).toBe(false);
  });

  it.each([
    ['RSSMRA85T10A562', 'S'],
    ['VRDLGU90A01L736', 'S'],
  ])('the check letter of %s is %s', (first15, letter) => expect(personCheckCharacter(first15)).toBe(letter));

  it.each([
    ['1234567890', '3'],
    ['1111111111', '5'],
    ['2222222222', '0'],
    ['0000000001', '8'],
  ])('the check digit of %s is %s', (first10, digit) => expect(entityCheckDigit(first10)).toBe(digit));
});
