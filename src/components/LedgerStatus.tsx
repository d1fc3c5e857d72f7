/**
 * Stripe has taken the payment; the ledger counts it when Stripe's webhook arrives. Until then the status
 * is asked again, and the progress islands refresh the moment the money is counted.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { fetchPledge, PLEDGE_SUCCEEDED_EVENT, type PledgeStatus } from './api.ts';
import { nextPollDelayMs } from './result-model.ts';

export function LedgerStatus({ pledgeId, initial, children }: { pledgeId: string; initial: PledgeStatus; children: (status: PledgeStatus) => ComponentChildren }) {
  const [status, setStatus] = useState<PledgeStatus>(initial);
  useEffect(() => {
    if (initial !== 'pending') return;
    let alive = true;
    let attempt = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const check = async () => {
      const found = await fetchPledge(pledgeId).then((pledge) => pledge.status, () => 'pending' as const);
      if (!alive) return;
      setStatus(found);
      if (found === 'succeeded') window.dispatchEvent(new CustomEvent(PLEDGE_SUCCEEDED_EVENT));
      const delay = attempt < 12 ? nextPollDelayMs({ kind: 'status', status: found }, attempt++) : null;
      if (delay !== null) timer = setTimeout(check, Math.min(delay, 5000));
    };
    timer = setTimeout(check, 1000);
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [pledgeId, initial]);
  return <>{children(status)}</>;
}
