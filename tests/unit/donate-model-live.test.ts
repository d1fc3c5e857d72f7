/** The donate form's errors follow what is typed: shown once a field is left or the form sent, gone once right. */
import { describe, expect, it } from 'vitest';
import {
  errorList,
  formFromFields,
  serverErrors,
  shownErrors,
  type DonateForm,
  type FieldName,
} from '../../src/components/donate-model.ts';

const empty: DonateForm = { choice: 2500, otherEuros: '', name: '', anonymous: false, email: '', privacy: false };
const limits = { minCents: 500, maxCents: 200_000 };
const none = new Set<FieldName>();

describe('shownErrors', () => {
  it('an untouched form before sending shows no error', () => {
    expect(shownErrors(empty, limits, 'it', none, false)).toEqual({});
  });

  it('a field left empty shows its error, and only that field', () => {
    expect(Object.keys(shownErrors(empty, limits, 'it', new Set(['name']), false))).toEqual(['name']);
  });

  it('after sending every wrong field shows its error; each disappears as soon as it is right', () => {
    let form = empty;
    const errors = () => Object.keys(shownErrors(form, limits, 'it', none, true));
    expect(errors()).toEqual(['name', 'email', 'privacy']);
    form = { ...form, name: 'Ada Lovelace' };
    expect(errors()).toEqual(['email', 'privacy']);
    form = { ...form, email: 'ada@' };
    expect(errors()).toEqual(['email', 'privacy']);
    form = { ...form, email: 'ada@example.org' };
    expect(errors()).toEqual(['privacy']);
    form = { ...form, privacy: true };
    expect(errors()).toEqual([]);
  });

  it('the message changes with the mistake: an amount out of range names the limits in the page language', () => {
    const form = { ...empty, choice: 'other' as const, otherEuros: '3' };
    expect(shownErrors(form, limits, 'it', new Set(['amount']), false).amount?.replace(/\u00a0/g, ' ')).toBe(
      "L'importo deve essere tra 5 € e 2.000 €.",
    );
    expect(shownErrors(form, limits, 'en', new Set(['amount']), false).amount).toBe('The amount must be between €5 and €2,000.');
    expect(shownErrors({ ...form, otherEuros: 'tre' }, limits, 'it', new Set(['amount']), false).amount).toBe(
      'Scrivi un importo in euro, per esempio 25 o 25,50.',
    );
  });

  it('anonymous donors are not asked for a name', () => {
    expect(shownErrors({ ...empty, anonymous: true }, limits, 'it', none, true).name).toBeUndefined();
  });
});

describe('errorList (the summary at the top of the form)', () => {
  it('lists the errors in the order of the fields on screen', () => {
    expect(errorList({ privacy: 'p', amount: 'a', email: 'e' }).map((e) => e.field)).toEqual(['amount', 'email', 'privacy']);
    expect(errorList({})).toEqual([]);
  });
});

describe('serverErrors: a refusal speaks the page language, never the validator’s', () => {
  const form: DonateForm = { ...empty, name: 'Ada', email: 'ada@example.org', privacy: true };

  it.each([
    [
      { code: 'invalid_body', field: 'donor.email', message: 'donor.email: Invalid email address' },
      'email',
      'Scrivi un indirizzo e-mail valido: serve per la ricevuta.',
    ],
    [
      { code: 'consent_required', field: 'consent.privacy', message: 'Privacy consent is required to donate.' },
      'privacy',
      'Per donare serve il consenso al trattamento dei dati personali.',
    ],
    [
      { code: 'invalid_body', field: 'donor.name', message: 'donor.name: Invalid input: expected string, received undefined' },
      'name',
      'Scrivi il tuo nome, oppure scegli di donare in forma anonima.',
    ],
  ])('%j goes to the field %s with our words', (error, field, text) => {
    const refused = serverErrors(error, form, limits, 'it');
    expect(refused.fields).toEqual({ [field]: text });
    expect(refused.message).toBe('Controlla i campi segnalati.');
    expect(JSON.stringify(refused)).not.toContain(error.message);
  });

  it('an error without a field of ours gets the calm message for its code, or the generic one', () => {
    expect(serverErrors({ code: 'campaign_not_open' }, form, limits, 'en').message).toBe(
      'This campaign is not collecting donations right now.',
    );
    const raw = { code: 'invalid_body', field: 'campaign', message: 'campaign: Invalid input: expected string, received undefined' };
    const refused = serverErrors(raw, form, limits, 'it');
    expect(refused.fields).toEqual({});
    expect(refused.message).toBe('Alcuni dati del modulo non sono validi: controllali e riprova. Non è stato addebitato nulla.');
    expect(serverErrors({ code: 'something_new' }, form, limits, 'it').message).toBe(
      'Il servizio non ha risposto. Non è stato addebitato nulla: riprova tra qualche istante.',
    );
  });
});

describe('formFromFields: the form as a browser posts it without JavaScript', () => {
  const post = (fields: Record<string, string>) => formFromFields(new URLSearchParams(fields));
  it('a suggested amount, ticked boxes sent, unticked ones left out', () => {
    expect(post({ amount: '2500', name: 'Ada', email: 'ada@example.org', privacy: '1' })).toEqual({
      choice: 2500,
      otherEuros: '',
      name: 'Ada',
      anonymous: false,
      email: 'ada@example.org',
      taxCode: '',
      message: '',
      showMessage: false,
      updates: false,
      privacy: true,
    });
    expect(post({ amount: '2500', privacy: '1', updates: '1' })).toMatchObject({ updates: true, privacy: true });
  });
  it('a typed amount wins over a suggested one, as in the island', () => {
    expect(post({ amount: '2500', otherEuros: '12,50' }).choice).toBe('other');
    expect(post({ amount: 'other', otherEuros: '' }).choice).toBe('other');
    expect(post({ amount: 'lots' }).choice).toBe('other');
  });
  it('an empty value is not a tick', () => {
    expect(post({ privacy: '', anonymous: '' })).toMatchObject({ privacy: false, anonymous: false });
  });
});
