/** The result page's reading of where a payment stands, after Stripe sends the donor back. */
import type { PledgeStatus } from './api.ts';

export type ResultView = { kind: 'checking' } | { kind: 'status'; status: PledgeStatus } | { kind: 'missing' } | { kind: 'unreachable' };

export interface ReturnParams {
  pledgeId: string | null;
  campaign: string | null;
  /** Stripe's `redirect_status` after a redirect: `succeeded`, `processing` or `failed`. */
  redirectStatus: string | null;
}

export function readReturnParams(search: string): ReturnParams {
  const params = new URLSearchParams(search);
  return { pledgeId: params.get('pledge'), campaign: params.get('campaign'), redirectStatus: params.get('redirect_status') };
}

/**
 * The ledger (through the webhook) is the truth; Stripe's redirect only says what the bank said so far.
 * A pending pledge is worth asking again, with a growing pause, until the webhook has arrived.
 */
export function nextPollDelayMs(view: ResultView, attempt: number): number | null {
  if (view.kind === 'unreachable') return attempt < 5 ? 3000 * (attempt + 1) : null;
  if (view.kind !== 'status' || view.status !== 'pending') return null;
  return Math.min(2000 * 2 ** Math.min(attempt, 4), 30_000);
}

/** A slug goes back into a link: keep only what a slug can hold. */
export function campaignPath(campaign: string | null): string | null {
  return campaign && /^[a-z0-9-]{1,120}$/.test(campaign) ? `/campagne/${campaign}/` : null;
}
