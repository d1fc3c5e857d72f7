import '../support/island-texts.ts';
import { describe, expect, it } from 'vitest';
import { firstInvalidField, messageFor, toPledgeBody, validate, type DonateForm } from '../../src/components/donate-model.ts';
import { parsePledgeRequest } from '../../src/domain/pledge.ts';

const form: DonateForm = { choice: 2500, otherEuros: '', name: 'Ada', anonymous: false, email: 'ada@example.org', privacy: true };
const limits = { minCents: 500, maxCents: 200_000 };

describe('tax code for an art. 83 receipt', () => {
  // The widget checks the shape only to spare a round trip; the server must agree on every case.
  it.each([
    ['RSSMRA85T10A562S', true],
    ['rssmra85t10a562s', true],
    [' RSSMRA 85T10 A562S ', true],
    ['01234567890', true],
    ['RSSMRA85T10A562', false],
    ['0123456789', false],
    ['RSSMRA85Z10A562S', false],
  ])('%j valid: %s, as the server decides', (taxCode, valid) => {
    const errors = validate({ ...form, taxCode }, limits);
    expect(errors.taxCode === undefined).toBe(valid);
    const body = toPledgeBody('orti', { ...form, taxCode });
    const server = () => parsePledgeRequest(body);
    if (valid) expect(server().donor.taxCode).toBe(body.donor.taxCode);
    else expect(server).toThrow();
  });

  it('is optional: an empty one sends nothing', () => {
    expect(validate({ ...form, taxCode: '  ' }, limits)).toEqual({});
    expect(toPledgeBody('orti', { ...form, taxCode: '' }).donor).not.toHaveProperty('taxCode');
  });
});

describe('public message', () => {
  it('is sent with the donor choice to show it or not', () => {
    expect(toPledgeBody('orti', { ...form, message: ' Forza! ', showMessage: true })).toMatchObject({
      message: 'Forza!',
      showMessage: true,
    });
    expect(toPledgeBody('orti', { ...form, message: 'Forza!' })).toMatchObject({ message: 'Forza!', showMessage: false });
  });
  it('is left out when empty, so no consent to show it is recorded either', () => {
    const body = toPledgeBody('orti', { ...form, message: '   ', showMessage: true });
    expect(body).not.toHaveProperty('message');
    expect(body).not.toHaveProperty('showMessage');
  });
  it('is refused beyond 500 characters', () =>
    expect(Object.keys(validate({ ...form, message: 'x'.repeat(501) }, limits))).toEqual(['message']));
});

describe('in English', () => {
  it('says every field error in English', () => {
    const errors = validate({ ...form, choice: 'other', otherEuros: 'x', name: '', email: '', privacy: false, taxCode: 'X' }, limits, 'en');
    expect(errors).toEqual({
      amount: expect.stringMatching(/^Write an amount/),
      name: expect.stringMatching(/^Write your name/),
      email: expect.stringMatching(/valid e-mail/),
      taxCode: expect.stringMatching(/tax code is not valid/),
      privacy: expect.stringMatching(/^Consent/),
    });
  });
  it('formats the limits the English way', () =>
    expect(validate({ ...form, choice: 'other', otherEuros: '1' }, limits, 'en').amount).toBe('The amount must be between €5 and €2,000.'));
  it('sends the locale with the pledge', () => expect(toPledgeBody('orti', form, 'en').locale).toBe('en'));
  it('has English words for refusals', () =>
    expect(messageFor('campaign_not_open', 'en')).toBe('This campaign is not collecting donations right now.'));
});

describe('firstInvalidField', () => {
  it('follows the order of the fields on screen, so focus goes to the first one at fault', () =>
    expect(firstInvalidField({ privacy: 'x', email: 'y', amount: 'z' })).toBe('amount'));
  it('is undefined for a valid form', () => expect(firstInvalidField({})).toBeUndefined());
});
