/**
 * The `close-campaigns` job: closes every campaign past its closing instant (or cancelled) once,
 * grants or releases the city's share, and for all-or-nothing failures refunds every succeeded
 * donation, once each. Safe to run again or twice at once: each campaign is closed under the lock
 * of its totals row and the outcome row is unique; each refund is issued under the lock of its
 * donation with the idempotency key `refund-<pledgeId>`, so Stripe too makes at most one.
 */
import { isDueForClosing } from '../../domain/outcome.ts';
import type { App } from '../app.ts';
import { withTransaction } from '../db/pool.ts';
import {
  closedCampaigns,
  lockClosingRefund,
  lockInOrder,
  markRefundAttemptFailed,
  markRefundIssued,
  markRefundNotNeeded,
  refundsToIssue,
} from '../ledger/repository.ts';
import { settleAtClosing, type ClosedCampaign } from '../ledger/service.ts';
import { issuePayouts, type PayoutReport } from '../payouts/service.ts';
import { findPledge } from '../pledges/repository.ts';
import { returnDonation } from '../pledges/returns.ts';
import { liveCampaigns, type LiveCampaign } from '../services/campaigns.ts';
import { queueCampaignOutcome } from '../mail/queue.ts';

export type { ClosedCampaign };

export interface ClosingReport {
  closed: ClosedCampaign[];
  refunds: { issued: number; failedAttempts: number; notNeeded: number };
  /** Transfers to the payees and reversals from them, issued by this run. */
  payouts: PayoutReport;
  buildHook: 'called' | 'failed' | 'not_configured' | 'not_needed';
}

/** Refunds issued per run; the rest wait for the next run, 15 minutes later. */
const REFUNDS_PER_RUN = 200;

export async function closeCampaigns(app: App): Promise<ClosingReport> {
  const now = app.now();
  const alreadyClosed = await closedCampaigns(app.db());
  const closed: ClosedCampaign[] = [];
  for (const campaign of liveCampaigns(app.catalog)) {
    if (alreadyClosed.has(campaign.slug) || !isDueForClosing(campaign.schedule, now)) continue;
    try {
      const result = await closeCampaign(app, campaign, now);
      if (result) closed.push(result);
    } catch (error) {
      // One campaign that cannot be closed now (e.g. a deadlock victim) must not hold up the others; the next run retries it.
      console.error(`close-campaigns: could not close ${campaign.slug}, will retry: ${(error as Error).message}`);
    }
  }
  const refunds = await issueClosingRefunds(app);
  const payouts = await issuePayouts(app);
  const buildHook = closed.length > 0 ? await callBuildHook(app.config.buildHookUrl) : 'not_needed';
  return { closed, refunds, payouts, buildHook };
}

/** Closes one campaign in one transaction; null when another run closed it first. */
export async function closeCampaign(app: App, campaign: LiveCampaign, now: Date): Promise<ClosedCampaign | null> {
  return withTransaction(app.db(), async (tx) => {
    // The ledger settles the money under the campaign's lock; the donors hear of it in the same transaction.
    const closed = await settleAtClosing(tx, campaign, now);
    if (!closed) return null;
    await queueCampaignOutcome(
      app,
      tx,
      campaign.slug,
      closed.outcome === 'succeeded'
        ? { kind: 'succeeded', raisedCents: closed.raisedCents, grantedCents: closed.grantedCents }
        : { kind: 'failed', raisedCents: closed.raisedCents, refundOnItsWay: closed.refundsOwed > 0 },
    );
    return closed;
  });
}

/**
 * Issues the refunds still owed. Each one runs in its own transaction holding the donation's row
 * (skipped if another run holds it), so the call to Stripe and the ledger entry for the refund it
 * returns land together; if we crash in between, the next run repeats the call with the same
 * idempotency key and Stripe answers with the same refund. The refund is counted from then on and
 * followed through the webhooks until Stripe confirms it.
 */
export async function issueClosingRefunds(app: App): Promise<ClosingReport['refunds']> {
  const report = { issued: 0, failedAttempts: 0, notNeeded: 0 };
  for (const pledgeId of await refundsToIssue(app.db(), REFUNDS_PER_RUN)) {
    const result = await issueOne(app, pledgeId).catch((error: unknown) => {
      console.error(`close-campaigns: refund of pledge ${pledgeId} not issued, will retry: ${(error as Error).message}`);
      return 'failed' as const;
    });
    if (result === 'issued') report.issued += 1;
    else if (result === 'failed') report.failedAttempts += 1;
    else if (result === 'not_needed') report.notNeeded += 1;
  }
  return report;
}

async function issueOne(app: App, pledgeId: string): Promise<'issued' | 'failed' | 'not_needed' | 'skipped'> {
  return withTransaction(app.db(), async (tx) => {
    // The donation first, as the ledger's lock order says; if another run (or a webhook) has it now, skip it.
    if (!(await lockInOrder(tx).pledgeIfFree(pledgeId))) return 'skipped';
    const owed = await lockClosingRefund(tx, pledgeId);
    const pledge = await findPledge(tx, pledgeId);
    if (!owed || owed.status !== 'to_issue' || !pledge) return 'skipped';
    const amountCents = pledge.amountCents - pledge.refundedCents;
    if (pledge.status !== 'succeeded' || amountCents <= 0) {
      // Refunded in full meanwhile (e.g. from the Stripe Dashboard): nothing left to give back.
      await markRefundNotNeeded(tx, pledgeId);
      return 'not_needed';
    }

    const stripe = app.stripe();
    if (!stripe || pledge.mode === 'demo' || !pledge.paymentIntentId) {
      // Demo mode: no money ever moved, so the refund is simulated and recorded as confirmed at once,
      // through the same ledger path as a real one.
      const refundId = `demo_refund_${pledge.id}`;
      await markRefundIssued(tx, pledgeId, refundId, amountCents, 'succeeded');
      await returnDonation(app, tx, pledge, { id: refundId, kind: 'refund', amountCents, status: 'succeeded' });
      return 'issued';
    }

    let refund;
    try {
      // No amount: Stripe refunds whatever the charge still holds, which also covers a partial refund it
      // made that our ledger has not heard of yet; and a retry sends the very same parameters, as the
      // idempotency key requires. The ledger counts what the refund says.
      refund = await stripe.refunds.create(
        { payment_intent: pledge.paymentIntentId, metadata: { pledgeId: pledge.id, campaign: pledge.campaign, reason: 'campaign_failed' } },
        { idempotencyKey: `refund-${pledge.id}` },
      );
    } catch (error) {
      console.error(`close-campaigns: refund of pledge ${pledge.id} failed, will retry: ${(error as Error).message}`);
      await markRefundAttemptFailed(tx, pledgeId, (error as Error).message);
      return 'failed';
    }
    await markRefundIssued(tx, pledgeId, refund.id, refund.amount, refund.status ?? 'pending');
    await returnDonation(app, tx, pledge, {
      id: refund.id,
      kind: 'refund',
      amountCents: refund.amount,
      status: refund.status ?? 'pending',
    });
    return 'issued';
  });
}

/** Asks Netlify to rebuild the site so the static pages show the outcome. Never fails the job. */
async function callBuildHook(url: string | undefined): Promise<ClosingReport['buildHook']> {
  if (!url) return 'not_configured';
  try {
    const response = await fetch(url, {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return 'called';
  } catch (error) {
    console.error(`close-campaigns: the build hook failed: ${(error as Error).message}`);
    return 'failed';
  }
}
