/** Integer euro cents. Every amount in the platform is one of these, from content to ledger to API. */
export type Cents = number;

/** No single payment to the platform is above one million euros: Stripe's own limit is just under it. */
export const MAX_PLEDGE_CENTS = 100_000_000;

const BASIS_POINTS = 10_000;

export function isCents(value: unknown): value is Cents {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

/**
 * Converts an amount typed by an editor in euros (e.g. `2500` or `12.5`) to cents.
 * Returns null when the amount has more than two decimals or is not a finite number,
 * so the caller can name the field at fault.
 */
export function eurosToCents(euros: number): Cents | null {
  if (!Number.isFinite(euros)) return null;
  const cents = Math.round(euros * 100);
  return Math.abs(euros * 100 - cents) < 1e-6 && Number.isSafeInteger(cents) ? cents : null;
}

/**
 * A share such as 0.5 or 0.4 as integer basis points, so that thresholds are computed exactly
 * (0.4 * 1000 is 400.00000000000006 in floating point). Null when finer than 0.01%.
 */
export function shareToBasisPoints(share: number): number | null {
  const bp = Math.round(share * BASIS_POINTS);
  return Math.abs(share * BASIS_POINTS - bp) < 1e-6 ? bp : null;
}

/** ceil(amount x share) in exact integer arithmetic. */
export function shareOfCeil(amount: Cents, basisPoints: number): Cents {
  return Math.floor((amount * basisPoints + BASIS_POINTS - 1) / BASIS_POINTS);
}

/** round(amount x share), halves away from zero, in exact integer arithmetic. */
export function shareOfRounded(amount: Cents, basisPoints: number): Cents {
  return Math.floor((amount * basisPoints + BASIS_POINTS / 2) / BASIS_POINTS);
}

export function sumCents(amounts: readonly Cents[]): Cents {
  return amounts.reduce((total, amount) => total + amount, 0);
}
