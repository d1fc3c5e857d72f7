/**
 * After Stripe takes a payment, the ledger counts it when Stripe's webhook arrives: until then the pledge's
 * status is asked again, with a growing pause (at most 5 s, 12 times), and the page's progress islands are
 * told the moment the money is counted. Timers and the network come in, so unit tests drive it.
 */
import type { PledgeStatus } from './api.ts';
import { nextPollDelayMs } from './result-model.ts';

export interface WatchDeps {
  fetchStatus(pledgeId: string): Promise<PledgeStatus>;
  setTimer(run: () => void, ms: number): () => void;
  succeeded(): void;
}

const FIRST_CHECK_MS = 1000;
const MAX_DELAY_MS = 5000;
const MAX_CHECKS = 12;

/** Watches a pending pledge; `onStatus` hears each answer. Returns the function that stops watching. */
export function watchPledge(pledgeId: string, onStatus: (status: PledgeStatus) => void, deps: WatchDeps): () => void {
  let alive = true;
  let attempt = 0;
  let cancel = deps.setTimer(() => void check(), FIRST_CHECK_MS);
  async function check() {
    // An unanswered request is no news: still pending.
    const found = await deps.fetchStatus(pledgeId).catch(() => 'pending' as const);
    if (!alive) return;
    onStatus(found);
    if (found === 'succeeded') deps.succeeded();
    const delay = attempt < MAX_CHECKS ? nextPollDelayMs({ kind: 'status', status: found }, attempt++) : null;
    if (delay !== null) cancel = deps.setTimer(() => void check(), Math.min(delay, MAX_DELAY_MS));
  }
  return () => {
    alive = false;
    cancel();
  };
}
