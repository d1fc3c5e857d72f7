/**
 * Refunds and lost disputes, from whichever notification tells of them first (`charge.refunded`,
 * `refund.*`, `charge.dispute.closed`, or the closing job's own call to Stripe). Each is one row
 * under the provider's id: a refund counts against the donation from the moment it exists until it
 * fails, so a late or repeated notification of the same refund never counts it twice, and a failed
 * one gives its money back to the campaign exactly once.
 */
import type { Catalog } from '../../content/catalog.ts';
import type { Cents } from '../../domain/money.ts';
import type { Tx } from '../db/pool.ts';
import { findPledge, setRefunded, type Pledge } from '../pledges/repository.ts';
import { findLiveCampaign } from '../services/campaigns.ts';
import { insertReturn, lockReturn, scheduleReversalFor, syncClosingRefund, updateReturn } from './repository.ts';
import { recordReturn } from './service.ts';

export interface ReturnFact {
  /** The provider's id: `re_…` for a refund, `du_…` for a dispute, `demo_refund_…` in demo mode. */
  id: string;
  kind: 'refund' | 'dispute';
  amountCents: Cents;
  /** The refund's status at the provider (`pending`, `requires_action`, `succeeded`, `failed`, `canceled`), or `lost` for a dispute. */
  status: string;
}

/** How far along a status is: a notification never moves a return backwards. */
function rank(status: string): number {
  if (status === 'succeeded' || status === 'lost') return 2;
  if (status === 'failed' || status === 'canceled') return 3;
  return 1;
}

const counts = (status: string): boolean => rank(status) < 3;

export interface AppliedReturn {
  outcome: 'processed' | 'duplicate';
  /** What this call took from the donation: above zero, the caller tells the donor and voids the receipts. */
  newlyCountedCents: Cents;
}

/** Applies one refund or lost dispute to a succeeded donation whose row the caller has locked. */
export async function applyReturn(tx: Tx, catalog: Catalog, locked: Pledge, fact: ReturnFact, now: Date): Promise<AppliedReturn> {
  // Read again: the caller's copy is stale once an earlier return of the same event moved the figures.
  const pledge = (await findPledge(tx, locked.id)) ?? locked;
  const campaign = findLiveCampaign(catalog, pledge.campaign);
  const known = await lockReturn(tx, fact.id);
  const entryKind = fact.kind === 'refund' ? 'refund' : 'dispute_lost';

  if (!known) {
    const countedCents = counts(fact.status) ? Math.max(0, Math.min(fact.amountCents, pledge.amountCents - pledge.refundedCents)) : 0;
    await insertReturn(tx, {
      id: fact.id,
      kind: fact.kind,
      pledgeId: pledge.id,
      campaign: pledge.campaign,
      amountCents: fact.amountCents,
      countedCents,
      status: fact.status,
    });
    if (countedCents > 0) {
      const refundedCents = pledge.refundedCents + countedCents;
      await setRefunded(tx, pledge.id, refundedCents);
      const donorDelta = refundedCents >= pledge.amountCents ? -1 : 0;
      await recordReturn(
        tx,
        campaign,
        { externalKey: `${entryKind}:${fact.id}`, kind: entryKind, pledgeId: pledge.id, amountCents: countedCents, donorDelta },
        now,
      );
      // The platform paid the donor back; what the organisation already received of it comes back too.
      await scheduleReversalFor(tx, pledge.id, fact.id, pledge.amountCents - refundedCents, campaign.call.platformFeeBasisPoints);
    }
    await syncClosingRefund(tx, fact.id, fact.status);
    return { outcome: 'processed', newlyCountedCents: countedCents };
  }

  if (rank(fact.status) <= rank(known.status)) return { outcome: 'duplicate', newlyCountedCents: 0 };
  await updateReturn(tx, fact.id, fact.status, counts(fact.status) ? known.countedCents : 0);
  if (!counts(fact.status) && known.countedCents > 0) {
    // The refund did not reach the donor: its money is the campaign's again.
    const refundedCents = pledge.refundedCents - known.countedCents;
    await setRefunded(tx, pledge.id, refundedCents);
    const donorDelta = pledge.refundedCents >= pledge.amountCents && refundedCents < pledge.amountCents ? 1 : 0;
    await recordReturn(
      tx,
      campaign,
      { externalKey: `refund_failed:${fact.id}`, kind: 'refund_failed', pledgeId: pledge.id, amountCents: known.countedCents, donorDelta },
      now,
    );
  }
  await syncClosingRefund(tx, fact.id, fact.status);
  return { outcome: 'processed', newlyCountedCents: 0 };
}
