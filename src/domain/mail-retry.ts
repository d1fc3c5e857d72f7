/**
 * When a message that could not be delivered is tried again, and when the outbox gives up on it.
 * Pure: the sender passes the clock, the attempt count and what the SMTP server answered.
 */

/** After this long since the fact, a message still not accepted by the SMTP server is marked failed. */
export const GIVE_UP_AFTER_MS = 48 * 60 * 60_000;
const FIRST_DELAY_MS = 30_000;
const LONGEST_DELAY_MS = 60 * 60_000;

/**
 * What went wrong, as the sender saw it: no answer at all (connection refused, timeout, DNS), or an
 * SMTP reply code. 4xx replies are transient by RFC 5321; 5xx are permanent.
 */
export type DeliveryFailure = { kind: 'unreachable' } | { kind: 'reply'; code: number };

export type RetryDecision = { kind: 'retry'; at: Date } | { kind: 'give_up'; reason: 'permanent' | 'expired' };

/** 30 s, 1 min, 2 min, … doubling up to one hour between attempts. `attempts` counts the one that just failed. */
export function retryDelayMs(attempts: number): number {
  return Math.min(LONGEST_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.max(0, attempts - 1));
}

export function decideRetry(failure: DeliveryFailure, attempts: number, createdAt: Date, now: Date): RetryDecision {
  if (failure.kind === 'reply' && failure.code >= 500) return { kind: 'give_up', reason: 'permanent' };
  const at = new Date(now.getTime() + retryDelayMs(attempts));
  if (at.getTime() > createdAt.getTime() + GIVE_UP_AFTER_MS) return { kind: 'give_up', reason: 'expired' };
  return { kind: 'retry', at };
}
