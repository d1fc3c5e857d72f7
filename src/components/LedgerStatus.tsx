/** Renders a pledge's status as the ledger knows it, asked again until Stripe's webhook has been counted (ledger-status.ts). */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { fetchPledge, PLEDGE_SUCCEEDED_EVENT, type PledgeStatus } from './api.ts';
import { watchPledge } from './ledger-status.ts';

const browser = {
  fetchStatus: (pledgeId: string) => fetchPledge(pledgeId).then((pledge) => pledge.status),
  setTimer: (run: () => void, ms: number) => {
    const timer = setTimeout(run, ms);
    return () => clearTimeout(timer);
  },
  succeeded: () => window.dispatchEvent(new CustomEvent(PLEDGE_SUCCEEDED_EVENT)),
};

export function LedgerStatus({
  pledgeId,
  initial,
  children,
}: {
  pledgeId: string;
  initial: PledgeStatus;
  children: (status: PledgeStatus) => ComponentChildren;
}) {
  const [status, setStatus] = useState<PledgeStatus>(initial);
  useEffect(() => (initial === 'pending' ? watchPledge(pledgeId, setStatus, browser) : undefined), [pledgeId, initial]);
  return <>{children(status)}</>;
}
