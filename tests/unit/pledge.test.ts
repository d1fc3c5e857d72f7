import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/domain/errors.ts';
import { checkAmountWithinLimits, parsePledgeRequest } from '../../src/domain/pledge.ts';

const valid = {
  campaign: 'orti',
  amountCents: 2500,
  donor: { name: 'Ada Lovelace', email: 'ada@example.org', anonymous: false },
  consent: { privacy: true },
};

function failure(body: unknown): { code: string; field: string | undefined } {
  try {
    parsePledgeRequest(body);
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, field: error.field };
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('parsePledgeRequest', () => {
  it('accepts a complete pledge and fills defaults', () => {
    expect(parsePledgeRequest(valid)).toMatchObject({ ...valid, showMessage: false, locale: 'it' });
  });

  it('asks for no campaign news unless the donor ticked it: consent.updates defaults to false', () => {
    expect(parsePledgeRequest(valid).consent).toEqual({ privacy: true, updates: false });
    expect(parsePledgeRequest({ ...valid, consent: { privacy: true, updates: true } }).consent).toEqual({ privacy: true, updates: true });
  });

  it('normalises a tax code to upper case', () => {
    expect(parsePledgeRequest({ ...valid, donor: { ...valid.donor, taxCode: 'rssmra80a01l736x' } }).donor.taxCode).toBe('RSSMRA80A01L736X');
  });

  it.each([
    { case: 'no consent', body: { ...valid, consent: { privacy: false } }, code: 'consent_required', field: 'consent.privacy' },
    { case: 'consent missing', body: { ...valid, consent: undefined }, code: 'consent_required', field: 'consent.privacy' },
    { case: 'amount in euros with decimals', body: { ...valid, amountCents: 25.5 }, code: 'invalid_amount', field: 'amountCents' },
    { case: 'negative amount', body: { ...valid, amountCents: -100 }, code: 'invalid_amount', field: 'amountCents' },
    { case: 'amount as a string', body: { ...valid, amountCents: '2500' }, code: 'invalid_amount', field: 'amountCents' },
    { case: 'bad e-mail', body: { ...valid, donor: { ...valid.donor, email: 'ada' } }, code: 'invalid_body', field: 'donor.email' },
    {
      case: 'no name and not anonymous',
      body: { ...valid, donor: { email: 'a@b.it', anonymous: false } },
      code: 'invalid_body',
      field: 'donor.name',
    },
    { case: 'bad tax code', body: { ...valid, donor: { ...valid.donor, taxCode: 'XYZ' } }, code: 'invalid_body', field: 'donor.taxCode' },
    { case: 'not an object', body: 'hello', code: 'invalid_body', field: undefined },
  ])('$case -> $code', ({ body, code, field }) => {
    expect(failure(body)).toEqual({ code, field });
  });

  it('accepts an anonymous donor without a name', () => {
    expect(parsePledgeRequest({ ...valid, donor: { email: 'a@b.it', anonymous: true } }).donor.anonymous).toBe(true);
  });
});

describe('checkAmountWithinLimits', () => {
  const limits = { minCents: 500, maxCents: 200_000 };
  it.each([500, 200_000, 2500])('accepts %s cents', (cents) => expect(() => checkAmountWithinLimits(cents, limits)).not.toThrow());
  it.each([499, 200_001])('refuses %s cents with invalid_amount', (cents) =>
    expect(() => checkAmountWithinLimits(cents, limits)).toThrow(expect.objectContaining({ code: 'invalid_amount', field: 'amountCents' })),
  );
});
