/**
 * Where an organisation's Stripe connected account stands, from what Stripe reports of it. The platform
 * charges donors itself and transfers each donation to the organisation (separate charges and transfers),
 * so what the organisation's account must be able to do is receive transfers.
 */
import type { Cents } from './money.ts';
import { shareOfRounded } from './money.ts';

export type PayeeStatus = 'onboarding' | 'restricted' | 'enabled';

export interface AccountFacts {
  detailsSubmitted: boolean;
  chargesEnabled: boolean;
  /** The `transfers` capability is `active`. */
  transfersActive: boolean;
}

export function payeeStatus(account: AccountFacts): PayeeStatus {
  if (account.transfersActive && account.chargesEnabled) return 'enabled';
  return account.detailsSubmitted ? 'restricted' : 'onboarding';
}

/** A campaign takes donations in Stripe mode only when its payee can receive them. */
export const canReceiveDonations = (status: PayeeStatus | null): boolean => status === 'enabled';

/** What the payee receives of a donation: all of it, unless the call sets a platform fee (rounded half up). */
export function payoutOf(netCents: Cents, feeBasisPoints: number): { amountCents: Cents; feeCents: Cents } {
  const feeCents = feeBasisPoints > 0 ? shareOfRounded(netCents, feeBasisPoints) : 0;
  return { amountCents: netCents - feeCents, feeCents };
}
