import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/domain/errors.ts';
import {
  assertRegistrationOpen,
  isToken,
  managePath,
  parseRegistrationRequest,
  promotionsDue,
  statusForNewcomer,
  windowState,
} from '../../src/domain/registration.ts';

const window = { opensAt: new Date('2026-11-20T08:00:00Z'), closesAt: new Date('2026-12-09T11:00:00Z') };

describe('windowState', () => {
  it.each([
    ['a minute before it opens', '2026-11-20T07:59:00Z', 'not-yet'],
    ['the instant it opens', '2026-11-20T08:00:00Z', 'open'],
    ['in the middle', '2026-11-26T10:00:00Z', 'open'],
    ['a millisecond before it closes', '2026-12-09T10:59:59.999Z', 'open'],
    ['the instant it closes', '2026-12-09T11:00:00Z', 'closed'],
    ['after it closed', '2027-01-01T00:00:00Z', 'closed'],
  ])('%s it is %s', (_case, now, state) => {
    expect(windowState(window, new Date(now))).toBe(state);
  });

  it('an event without a window (historical) is closed', () => {
    expect(windowState(null, new Date('2021-01-01T00:00:00Z'))).toBe('closed');
  });

  it.each([
    ['2026-11-19T00:00:00Z', /not open yet/],
    ['2026-12-10T00:00:00Z', /closed/],
  ])('assertRegistrationOpen at %s throws registration_closed', (now, message) => {
    let thrown: unknown;
    try {
      assertRegistrationOpen(window, new Date(now));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    expect((thrown as DomainError).code).toBe('registration_closed');
    expect((thrown as DomainError).message).toMatch(message);
  });
});

describe('places', () => {
  it.each([
    [{ confirmed: 0, waitlisted: 0, capacity: 10 }, 'confirmed'],
    [{ confirmed: 9, waitlisted: 0, capacity: 10 }, 'confirmed'],
    [{ confirmed: 10, waitlisted: 0, capacity: 10 }, 'waitlisted'],
    [{ confirmed: 12, waitlisted: 0, capacity: 10 }, 'waitlisted'],
    [{ confirmed: 9, waitlisted: 1, capacity: 10 }, 'waitlisted'],
  ] as const)('a newcomer with %o is %s', (counts, status) => {
    expect(statusForNewcomer(counts)).toBe(status);
  });

  it.each([
    [{ confirmed: 9, waitlisted: 3, capacity: 10 }, 1],
    [{ confirmed: 10, waitlisted: 3, capacity: 10 }, 0],
    [{ confirmed: 5, waitlisted: 3, capacity: 10 }, 3],
    [{ confirmed: 5, waitlisted: 0, capacity: 10 }, 0],
    [{ confirmed: 12, waitlisted: 4, capacity: 10 }, 0],
  ] as const)('with %o, %i people on the list are promoted', (counts, promoted) => {
    expect(promotionsDue(counts)).toBe(promoted);
  });
});

describe('parseRegistrationRequest', () => {
  const body = { name: ' Ada Lovelace ', email: ' ada@example.org ', organisation: ' APS ', consent: { privacy: true } };

  it('trims what was typed and defaults the language to Italian', () => {
    expect(parseRegistrationRequest(body, { organisationRequired: false })).toEqual({
      name: 'Ada Lovelace',
      email: 'ada@example.org',
      organisation: 'APS',
      consent: { privacy: true },
      locale: 'it',
    });
  });

  it('an empty organisation is none', () => {
    expect(parseRegistrationRequest({ ...body, organisation: '   ' }, { organisationRequired: false }).organisation).toBeNull();
  });

  it.each([
    ['no consent', { ...body, consent: { privacy: false } }, false, 'consent_required', 'consent.privacy'],
    ['a missing consent', { name: 'A', email: 'a@example.org' }, false, 'consent_required', 'consent.privacy'],
    ['no name', { ...body, name: '' }, false, 'invalid_body', 'name'],
    ['a name too long', { ...body, name: 'x'.repeat(121) }, false, 'invalid_body', 'name'],
    ['a wrong e-mail', { ...body, email: 'ada at example' }, false, 'invalid_body', 'email'],
    ['no organisation for a path', { ...body, organisation: undefined }, true, 'invalid_body', 'organisation'],
    ['a body that is not an object', 'hello', false, 'invalid_body', undefined],
  ])('refuses %s', (_case, input, organisationRequired, code, field) => {
    let thrown: DomainError | undefined;
    try {
      parseRegistrationRequest(input, { organisationRequired });
    } catch (error) {
      thrown = error as DomainError;
    }
    expect(thrown?.code).toBe(code);
    expect(thrown?.field).toBe(field);
  });
});

describe('private link', () => {
  const token = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde';

  it('puts the token in the fragment of the page in the reader language', () => {
    expect(managePath('it', token)).toBe(`/iscrizione/#${token}`);
    expect(managePath('en', token)).toBe(`/en/iscrizione/#${token}`);
  });

  it.each([
    [token, true],
    [token.slice(1), false],
    [`${token}x`, false],
    [token.replace('A', '/'), false],
  ])('isToken(%s) is %s', (value, valid) => {
    expect(isToken(value)).toBe(valid);
  });
});
