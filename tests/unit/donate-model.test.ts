import '../support/island-texts.ts';
import { describe, expect, it } from 'vitest';
import { errors } from '../../src/i18n/it.ts';
import { messageFor, parseEuros, toPledgeBody, validate, type DonateForm } from '../../src/components/donate-model.ts';

const form: DonateForm = { choice: 2500, otherEuros: '', name: 'Ada', anonymous: false, email: 'ada@example.org', privacy: true };
const limits = { minCents: 500, maxCents: 200_000 };

describe('parseEuros', () => {
  it.each([
    ['25', 2500],
    ['25,50', 2550],
    ['25.5', 2550],
    [' 1 000 ', 100_000],
    ['€ 7', 700],
  ])('%j is %s cents', (text, cents) => expect(parseEuros(text)).toBe(cents));
  it.each(['', 'abc', '1,234', '-5', '2,5,0'])('%j is not an amount', (text) => expect(parseEuros(text)).toBeNull());
});

describe('validate', () => {
  it('accepts a complete form', () => expect(validate(form, limits)).toEqual({}));
  it.each([
    { case: 'free amount not a number', patch: { choice: 'other' as const, otherEuros: 'tanti' }, field: 'amount' },
    { case: 'free amount below the minimum', patch: { choice: 'other' as const, otherEuros: '4,99' }, field: 'amount' },
    { case: 'no name and not anonymous', patch: { name: ' ' }, field: 'name' },
    { case: 'bad e-mail', patch: { email: 'ada@' }, field: 'email' },
    { case: 'no consent', patch: { privacy: false }, field: 'privacy' },
  ])('$case -> error on $field', ({ patch, field }) => expect(Object.keys(validate({ ...form, ...patch }, limits))).toEqual([field]));
  it('an anonymous donor needs no name', () => expect(validate({ ...form, name: '', anonymous: true }, limits)).toEqual({}));
});

describe('toPledgeBody', () => {
  it('sends cents and leaves the name out for an anonymous donor', () => {
    expect(toPledgeBody('orti', { ...form, anonymous: true, choice: 'other', otherEuros: '12,34' })).toEqual({
      campaign: 'orti',
      amountCents: 1234,
      donor: { email: 'ada@example.org', anonymous: true },
      consent: { privacy: true },
      locale: 'it',
    });
  });
  it.each([
    [undefined, { privacy: true }],
    [false, { privacy: true }],
    [true, { privacy: true, updates: true }],
  ])('the news by e-mail is asked for only when ticked (%s)', (updates, consent) => {
    expect(toPledgeBody('orti', { ...form, ...(updates !== undefined && { updates }) }).consent).toEqual(consent);
  });
});

describe('messageFor', () => {
  it('has Italian words for refusals the donor can act on', () => expect(messageFor('campaign_not_open')).toMatch(/non sta raccogliendo/));
  it('falls back to a calm generic message', () => expect(messageFor('internal_error')).toBe(errors.generic));
});
