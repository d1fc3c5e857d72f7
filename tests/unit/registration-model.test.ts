import '../support/island-texts.ts';
import { describe, expect, it } from 'vitest';
import { registrationTexts } from '../../src/components/i18n.ts';
import {
  dateTime,
  EMPTY_FORM,
  firstInvalidField,
  formPhase,
  linkByEmail,
  messageFor,
  outcomeOf,
  privateLink,
  toRegistrationBody,
  tokenFromHash,
  validate,
  type RegistrationForm,
} from '../../src/components/registration-model.ts';

const filled: RegistrationForm = { name: ' Ada Lovelace ', email: ' ada@example.org ', organisation: '', privacy: true };
const TOKEN = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde';

describe('validate', () => {
  it('an empty form has every required field at fault, in screen order', () => {
    const errors = validate(EMPTY_FORM, 'infoday');
    expect(Object.keys(errors)).toEqual(['name', 'email', 'privacy']);
    expect(firstInvalidField(errors)).toBe('name');
  });

  it.each([
    ['an infoday', 'infoday', {}],
    ['a path, which registers organisations', 'path', { organisation: registrationTexts('it').errors.organisation }],
  ] as const)('a filled form without organisation is fine for %s, or not', (_case, kind, expected) => {
    expect(validate(filled, kind)).toEqual(expected);
  });

  it.each([
    ['ada@example', 'email'],
    ['ada example.org', 'email'],
    ['', 'email'],
  ])('refuses the e-mail %j', (email, field) => {
    expect(firstInvalidField(validate({ ...filled, email }, 'infoday'))).toBe(field);
  });

  it('speaks English on English pages', () => {
    expect(validate({ ...filled, privacy: false }, 'infoday', 'en').privacy).toBe(
      'Consent to the processing of personal data is needed to register.',
    );
  });
});

describe('toRegistrationBody', () => {
  it('trims, leaves out an empty organisation and carries the language', () => {
    expect(toRegistrationBody(filled, 'en')).toEqual({
      name: 'Ada Lovelace',
      email: 'ada@example.org',
      consent: { privacy: true },
      locale: 'en',
    });
    expect(toRegistrationBody({ ...filled, organisation: ' APS ' })).toMatchObject({ organisation: 'APS', locale: 'it' });
  });
});

describe('formPhase', () => {
  const window = { opensAt: '2026-11-20T08:00:00.000Z', closesAt: '2026-12-09T11:00:00.000Z' };
  it.each([
    ['2026-11-19T12:00:00Z', 'not-yet'],
    ['2026-11-26T12:00:00Z', 'open'],
    ['2026-12-09T11:00:00Z', 'closed'],
  ])('at %s the form is %s', (now, phase) => {
    expect(formPhase(window, new Date(now))).toBe(phase);
  });
});

describe('messages', () => {
  it.each([
    ['already_registered', 'it', /già iscritto/],
    ['registration_closed', 'en', /Registration is closed/],
    ['rate_limited', 'it', /aspetta un minuto/],
    ['network_error', 'it', /non ha risposto/],
    [undefined, 'en', /did not answer/],
  ] as const)('%s in %s', (code, locale, text) => {
    expect(messageFor(code, locale)).toMatch(text);
  });

  it.each([
    [{ status: 'confirmed', position: null }, 'it', 'Iscrizione confermata', /Hai un posto/],
    [{ status: 'waitlisted', position: 1 }, 'it', 'Sei in lista d’attesa', /al primo posto/],
    [{ status: 'waitlisted', position: 7 }, 'en', 'You are on the waiting list', /number 7/],
    [{ status: 'cancelled', position: null }, 'en', 'Registration cancelled', /data has been deleted/],
  ] as const)('outcome of %o in %s', (view, locale, heading, text) => {
    const outcome = outcomeOf(view, locale);
    expect(outcome.heading).toBe(heading);
    expect(outcome.text).toMatch(text);
  });

  it('the confirmation tells people to keep the link, in both languages', () => {
    expect(registrationTexts('it').result.keepTitle).toBe('Conserva questo link');
    expect(registrationTexts('en').result.keepTitle).toBe('Keep this link');
  });
});

describe('links', () => {
  it('the private link is the page of the reader language with the token in the fragment', () => {
    expect(privateLink('https://example.org', 'it', TOKEN)).toBe(`https://example.org/iscrizione/#${TOKEN}`);
    expect(privateLink('https://example.org', 'en', TOKEN)).toBe(`https://example.org/en/iscrizione/#${TOKEN}`);
  });

  it.each([
    [`#${TOKEN}`, TOKEN],
    [`#${encodeURIComponent(TOKEN)}`, TOKEN],
    ['', null],
    ['#', null],
    ['#abc', null],
  ])('tokenFromHash(%j) is %j', (hash, token) => {
    expect(tokenFromHash(hash)).toBe(token);
  });

  it.each([
    [{ status: 'confirmed', event: { mode: 'online' } }, true],
    [{ status: 'waitlisted', event: { mode: 'online' } }, false],
    [{ status: 'cancelled', event: { mode: 'online' } }, false],
    [{ status: 'confirmed', event: { mode: 'in-person' } }, false],
  ] as const)('linkByEmail(%o) is %s: the page points to the e-mail, it never shows the link', (view, byEmail) => {
    expect(linkByEmail(view as Parameters<typeof linkByEmail>[0])).toBe(byEmail);
  });

  it('dates read as in Venice', () => {
    expect(dateTime('2026-12-09T11:00:00.000Z', 'it')).toBe('9 dicembre 2026 alle ore 12:00');
    expect(dateTime('2026-12-09T11:00:00.000Z', 'en')).toBe('9 December 2026 at 12:00');
  });
});
