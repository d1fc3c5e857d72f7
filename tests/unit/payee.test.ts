import { describe, expect, it } from 'vitest';
import { messageFor } from '../../src/components/donate-model.ts';
import { canReceiveDonations, payeeStatus, payoutOf } from '../../src/domain/payee.ts';

describe('the payee’s connected account', () => {
  it.each([
    { facts: { detailsSubmitted: false, chargesEnabled: false, transfersActive: false }, status: 'onboarding', open: false },
    { facts: { detailsSubmitted: true, chargesEnabled: false, transfersActive: false }, status: 'restricted', open: false },
    { facts: { detailsSubmitted: true, chargesEnabled: true, transfersActive: false }, status: 'restricted', open: false },
    { facts: { detailsSubmitted: true, chargesEnabled: true, transfersActive: true }, status: 'enabled', open: true },
  ])('$facts is $status; takes donations: $open', ({ facts, status, open }) => {
    expect(payeeStatus(facts)).toBe(status);
    expect(canReceiveDonations(payeeStatus(facts))).toBe(open);
  });

  it('takes no donations without an account', () => expect(canReceiveDonations(null)).toBe(false));
});

describe('what the payee receives of a donation', () => {
  it.each([
    { net: 2500, bp: 0, amount: 2500, fee: 0 },
    { net: 2500, bp: 150, amount: 2462, fee: 38 },
    { net: 1001, bp: 500, amount: 951, fee: 50 },
    { net: 1, bp: 10_000, amount: 0, fee: 1 },
  ])('$net cents at $bp bp: $amount to the payee, $fee kept', ({ net, bp, amount, fee }) => {
    expect(payoutOf(net, bp)).toEqual({ amountCents: amount, feeCents: fee });
  });
});

describe('the donate widget when the payee is not ready', () => {
  it.each([
    ['it' as const, /si aprono a breve.*Non è stato addebitato nulla/],
    ['en' as const, /open soon.*Nothing was charged/],
  ])('says in %s that donations open soon', (locale, text) => expect(messageFor('payee_not_ready', locale)).toMatch(text));
});
