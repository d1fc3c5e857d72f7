/**
 * Refunds and lost disputes, from whichever notification tells of them first (`charge.refunded`,
 * `refund.*`, `charge.dispute.closed`, or the closing job's own call to Stripe). Each is one row
 * under the provider's id: a refund counts against the donation from the moment it exists until it
 * fails, so a late or repeated notification of the same refund never counts it twice, and a failed
 * one gives its money back to the campaign exactly once.
 */
import type { Cents } from '../../domain/money.ts';
import type { App } from '../app.ts';
import type { Tx } from '../db/pool.ts';
import { findPledge, setRefunded, type Pledge } from '../pledges/repository.ts';
import { findLiveCampaign } from '../services/campaigns.ts';
import { syncClosingRefund } from '../closing/repository.ts';
import { recordReturn } from './service.ts';
import { scheduleReversalFor } from './transfers.ts';
import { voidReceiptsOf } from '../receipts/repository.ts';
import { queueRefundIssued } from '../mail/queue.ts';

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

interface ReturnRow {
  id: string;
  counted_cents: number;
  status: string;
}

/** Applies one refund or lost dispute to a succeeded donation whose row the caller has locked. */
export async function applyReturn(app: App, tx: Tx, locked: Pledge, fact: ReturnFact): Promise<'processed' | 'duplicate'> {
  // Read again: the caller's copy is stale once an earlier return of the same event moved the figures.
  const pledge = (await findPledge(tx, locked.id)) ?? locked;
  const campaign = findLiveCampaign(app.catalog, pledge.campaign);
  const { rows } = await tx.query<ReturnRow>('SELECT id, counted_cents, status FROM payment_returns WHERE id = $1 FOR UPDATE', [fact.id]);
  const known = rows[0];
  const entryKind = fact.kind === 'refund' ? 'refund' : 'dispute_lost';

  if (!known) {
    const countedCents = counts(fact.status) ? Math.max(0, Math.min(fact.amountCents, pledge.amountCents - pledge.refundedCents)) : 0;
    await tx.query(
      'INSERT INTO payment_returns (id, kind, pledge_id, campaign, amount_cents, counted_cents, status) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [fact.id, fact.kind, pledge.id, pledge.campaign, fact.amountCents, countedCents, fact.status],
    );
    if (countedCents > 0) {
      const refundedCents = pledge.refundedCents + countedCents;
      await setRefunded(tx, pledge.id, refundedCents);
      const donorDelta = refundedCents >= pledge.amountCents ? -1 : 0;
      await recordReturn(tx, campaign, { externalKey: `${entryKind}:${fact.id}`, kind: entryKind, pledgeId: pledge.id, amountCents: countedCents, donorDelta }, app.now());
      // The platform paid the donor back; what the organisation already received of it comes back too.
      await scheduleReversalFor(tx, pledge.id, fact.id, pledge.amountCents - refundedCents, campaign.call.platformFeeBasisPoints);
      // A receipt issued for more than the donation now holds is void; its number is never given again.
      await voidReceiptsOf(tx, pledge.id, app.now());
      if (fact.kind === 'refund') await queueRefundIssued(app, tx, pledge.id, fact.id, countedCents);
    }
    await syncClosingRefund(tx, fact.id, fact.status);
    return 'processed';
  }

  if (rank(fact.status) <= rank(known.status)) return 'duplicate';
  await tx.query('UPDATE payment_returns SET status = $2, counted_cents = $3, updated_at = now() WHERE id = $1', [
    fact.id,
    fact.status,
    counts(fact.status) ? known.counted_cents : 0,
  ]);
  if (!counts(fact.status) && known.counted_cents > 0) {
    // The refund did not reach the donor: its money is the campaign's again.
    const refundedCents = pledge.refundedCents - known.counted_cents;
    await setRefunded(tx, pledge.id, refundedCents);
    const donorDelta = pledge.refundedCents >= pledge.amountCents && refundedCents < pledge.amountCents ? 1 : 0;
    await recordReturn(
      tx,
      campaign,
      { externalKey: `refund_failed:${fact.id}`, kind: 'refund_failed', pledgeId: pledge.id, amountCents: known.counted_cents, donorDelta },
      app.now(),
    );
  }
  await syncClosingRefund(tx, fact.id, fact.status);
  return 'processed';
}
