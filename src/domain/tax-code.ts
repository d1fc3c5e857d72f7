/**
 * The Italian codice fiscale, checked the way the Agenzia delle Entrate computes it: a person's 16
 * characters end with a check letter over the first 15 (omocodia letters allowed in the digit places);
 * an entity's 11 digits end with a Luhn-like check digit. A code that merely has the right shape but a
 * wrong check character is a typo, and a receipt carrying it is worth nothing to the donor.
 */

export type TaxCodeKind = 'person' | 'entity';

export type TaxCodeCheck =
  { valid: true; kind: TaxCodeKind; code: string } | { valid: false; problem: 'shape' | 'check_character' | 'check_digit' };

// Omocodia: when two people would share a code, digits are replaced by these letters (0 -> L ... 9 -> V).
const DIGIT = '[0-9LMNP-V]';
const PERSON = new RegExp(`^[A-Z]{6}${DIGIT}{2}[A-EHLMPR-T]${DIGIT}{2}[A-Z]${DIGIT}{3}[A-Z]$`);
const ENTITY = /^\d{11}$/;

// Values of the characters in odd places (1st, 3rd, ...), from the ministerial decree of 1976; digits 0-9 map like A-J.
const ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];

const indexOf = (char: string): number => (char >= '0' && char <= '9' ? char.charCodeAt(0) - 48 : char.charCodeAt(0) - 65);

/** The check letter of a person's code, from its first 15 characters. */
export function personCheckCharacter(first15: string): string {
  let sum = 0;
  for (let i = 0; i < 15; i += 1) {
    const value = indexOf(first15.charAt(i));
    // 0-based index i even is an odd place (1st, 3rd, ...).
    sum += i % 2 === 0 ? ODD[value]! : value;
  }
  return String.fromCharCode(65 + (sum % 26));
}

/** The check digit of an entity's code, from its first 10 digits. */
export function entityCheckDigit(first10: string): string {
  let sum = 0;
  for (let i = 0; i < 10; i += 1) {
    const digit = first10.charCodeAt(i) - 48;
    if (i % 2 === 0) sum += digit;
    else sum += digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
  }
  return String((10 - (sum % 10)) % 10);
}

/** Spaces are dropped and letters upper-cased before checking, as people type codes both ways. */
export function normaliseTaxCode(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase();
}

export function checkTaxCode(value: string): TaxCodeCheck {
  const code = normaliseTaxCode(value);
  if (PERSON.test(code)) {
    return personCheckCharacter(code.slice(0, 15)) === code.charAt(15)
      ? { valid: true, kind: 'person', code }
      : { valid: false, problem: 'check_character' };
  }
  if (ENTITY.test(code)) {
    return entityCheckDigit(code.slice(0, 10)) === code.charAt(10)
      ? { valid: true, kind: 'entity', code }
      : { valid: false, problem: 'check_digit' };
  }
  return { valid: false, problem: 'shape' };
}

export function isValidTaxCode(value: string): boolean {
  return checkTaxCode(value).valid;
}
