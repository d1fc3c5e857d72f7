import { shareOfCeil, shareOfRounded, type Cents } from './money.ts';

/** The co-funding rule of a call, as data: Venice 2021 is 50% / 50% / EUR 5,000; Milan used 40% / 60%. */
export interface CofundingRule {
  /** Share of the goal citizens must raise, in basis points (5000 = 50%). */
  thresholdBasisPoints: number;
  /** Share of the goal the city adds, in basis points. */
  cofundingShareBasisPoints: number;
  maxCofundingPerProjectCents: Cents;
}

export type CofundingStatus = 'none' | 'reserved' | 'granted' | 'released' | 'pool_exhausted';

export interface Cofunding {
  status: CofundingStatus;
  cents: Cents;
}

export const NO_COFUNDING: Cofunding = Object.freeze({ status: 'none', cents: 0 });

export function thresholdCents(rule: CofundingRule, goalCents: Cents): Cents {
  return shareOfCeil(goalCents, rule.thresholdBasisPoints);
}

export function entitledCents(rule: CofundingRule, goalCents: Cents): Cents {
  return Math.min(shareOfRounded(goalCents, rule.cofundingShareBasisPoints), rule.maxCofundingPerProjectCents);
}

export interface CofundingSituation {
  rule: CofundingRule;
  goalCents: Cents;
  /** Succeeded citizens' money net of refunds. */
  raisedCents: Cents;
  /** Whether the campaign is still collecting: reservations and releases happen only while open. */
  open: boolean;
  current: Cofunding;
  poolRemainingCents: Cents;
}

/** What the ledger must do to the city's share after the citizens' money changed. */
export type CofundingMove =
  | { kind: 'none' }
  | { kind: 'reserve'; cents: Cents; next: Cofunding }
  | { kind: 'release'; cents: Cents; next: Cofunding }
  | { kind: 'mark_exhausted'; next: Cofunding };

/**
 * Decides the city's share for an open campaign: reserve it from the pool when the citizens reach
 * the threshold (as much as the pool still holds, topped up later if the pool recovers), release it
 * when refunds take them back under. Granted shares never move here: closing owns them.
 */
export function decideCofunding(situation: CofundingSituation): CofundingMove {
  const { rule, goalCents, raisedCents, open, current, poolRemainingCents } = situation;
  if (!open || current.status === 'granted') return { kind: 'none' };

  const held = current.cents;
  const reached = raisedCents >= thresholdCents(rule, goalCents);
  if (!reached) {
    return held > 0 ? { kind: 'release', cents: held, next: { status: 'released', cents: 0 } } : { kind: 'none' };
  }

  const entitled = entitledCents(rule, goalCents);
  const missing = entitled - held;
  if (missing <= 0) return { kind: 'none' };

  const cents = Math.min(missing, Math.max(poolRemainingCents, 0));
  const total = held + cents;
  const next: Cofunding = { status: total === entitled ? 'reserved' : 'pool_exhausted', cents: total };
  if (cents > 0) return { kind: 'reserve', cents, next };
  return current.status === 'pool_exhausted' ? { kind: 'none' } : { kind: 'mark_exhausted', next };
}
