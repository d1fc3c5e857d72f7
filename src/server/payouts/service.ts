/**
 * Pays the organisations: issues the transfers and reversals the ledger owes (src/server/ledger/repository.ts),
 * after the transaction that decided them has committed. Charges are the platform's (separate charges and
 * transfers, see docs/money.md): each donation's money goes to the payee's connected account with
 * `source_transaction` = its charge (so the transfer waits for those funds, never draws on others) and
 * `transfer_group` = the campaign. Each call runs in a transaction holding the donation's row, with the
 * ledger's key as Stripe's idempotency key: run twice, or crash between Stripe's answer and our commit, and
 * Stripe answers the same transfer again.
 */
import type Stripe from 'stripe';
import { payoutOf } from '../../domain/payee.ts';
import type { App } from '../app.ts';
import { withTransaction } from '../db/pool.ts';
import {
  lockInOrder,
  lockReversal,
  lockTransfer,
  markReversalAttemptFailed,
  markReversalIssued,
  markTransferAttemptFailed,
  markTransferIssued,
  markTransferNotNeeded,
  reversalsToIssue,
  transferKey,
  transfersToIssue,
} from '../ledger/repository.ts';
import { findPledge } from '../pledges/repository.ts';
import { findAccount } from './accounts.ts';

export interface PayoutReport {
  transfers: { issued: number; waiting: number; notNeeded: number };
  reversals: { issued: number; waiting: number };
}

const PER_RUN = 200;

/** Issues what is owed; in demo mode nothing moves (no money was ever taken) and nothing is owed. */
export async function issuePayouts(app: App, limit = PER_RUN): Promise<PayoutReport> {
  const report: PayoutReport = { transfers: { issued: 0, waiting: 0, notNeeded: 0 }, reversals: { issued: 0, waiting: 0 } };
  const stripe = app.stripe();
  if (!stripe) return report;
  for (const pledgeId of await transfersToIssue(app.db(), limit)) {
    const result = await issueTransfer(app, stripe, pledgeId).catch((error: unknown) => {
      console.error(`payouts: transfer of pledge ${pledgeId} not issued, will retry: ${(error as Error).message}`);
      return 'waiting' as const;
    });
    if (result === 'issued') report.transfers.issued += 1;
    else if (result === 'waiting') report.transfers.waiting += 1;
    else if (result === 'not_needed') report.transfers.notNeeded += 1;
  }
  for (const returnId of await reversalsToIssue(app.db(), limit)) {
    const result = await issueReversal(app, stripe, returnId).catch((error: unknown) => {
      console.error(`payouts: reversal for ${returnId} not issued, will retry: ${(error as Error).message}`);
      return 'waiting' as const;
    });
    if (result === 'issued') report.reversals.issued += 1;
    else if (result === 'waiting') report.reversals.waiting += 1;
  }
  return report;
}

const idOf = (value: string | { id: string } | null | undefined): string | null =>
  typeof value === 'string' ? value : (value?.id ?? null);

async function issueTransfer(app: App, stripe: Stripe, pledgeId: string): Promise<'issued' | 'waiting' | 'not_needed' | 'skipped'> {
  return withTransaction(app.db(), async (tx) => {
    // The donation first, as the ledger's lock order says; if a webhook or another run has it now, skip it.
    if (!(await lockInOrder(tx).pledgeIfFree(pledgeId))) return 'skipped';
    const owed = await lockTransfer(tx, pledgeId);
    const pledge = await findPledge(tx, pledgeId);
    if (!owed || owed.status !== 'to_issue' || !pledge) return 'skipped';
    const netCents = pledge.amountCents - pledge.refundedCents;
    if (pledge.status !== 'succeeded' || netCents <= 0 || !pledge.paymentIntentId) {
      await markTransferNotNeeded(tx, pledgeId);
      return 'not_needed';
    }
    const account = await findAccount(tx, owed.organisation);
    if (!account?.accountId || !account.transfersActive) {
      await markTransferAttemptFailed(tx, pledgeId, `the payee ${owed.organisation} has no connected account able to receive transfers`);
      return 'waiting';
    }
    const campaign = app.catalog.campaigns[owed.campaign];
    const feeBasisPoints = (campaign && app.catalog.calls[campaign.call]?.platformFeeBasisPoints) ?? 0;
    const { amountCents, feeCents } = payoutOf(netCents, feeBasisPoints);
    if (amountCents <= 0) {
      await markTransferNotNeeded(tx, pledgeId);
      return 'not_needed';
    }
    let transfer: Stripe.Transfer;
    try {
      const paymentIntent = await stripe.paymentIntents.retrieve(pledge.paymentIntentId);
      const charge = idOf(paymentIntent.latest_charge);
      if (!charge) throw new Error(`PaymentIntent ${paymentIntent.id} has no charge`);
      transfer = await stripe.transfers.create(
        {
          amount: amountCents,
          currency: 'eur',
          destination: account.accountId,
          source_transaction: charge,
          transfer_group: owed.campaign,
          description: `Donazione alla campagna ${owed.campaign}`,
          metadata: { pledgeId, campaign: owed.campaign, organisation: owed.organisation },
        },
        { idempotencyKey: transferKey(pledgeId) },
      );
    } catch (error) {
      await markTransferAttemptFailed(tx, pledgeId, (error as Error).message);
      console.error(`payouts: transfer of pledge ${pledgeId} failed, will retry: ${(error as Error).message}`);
      return 'waiting';
    }
    await markTransferIssued(tx, pledgeId, {
      transferId: transfer.id,
      accountId: account.accountId,
      amountCents: transfer.amount,
      feeCents,
    });
    return 'issued';
  });
}

async function issueReversal(app: App, stripe: Stripe, returnId: string): Promise<'issued' | 'waiting' | 'skipped'> {
  return withTransaction(app.db(), async (tx) => {
    const reversal = await lockReversal(tx, returnId);
    if (!reversal || reversal.status !== 'to_issue') return 'skipped';
    try {
      const created = await stripe.transfers.createReversal(
        reversal.transferId,
        { amount: reversal.amountCents, metadata: { pledgeId: reversal.pledgeId, return: returnId } },
        { idempotencyKey: `reversal-${returnId}` },
      );
      await markReversalIssued(tx, returnId, created.id);
      return 'issued';
    } catch (error) {
      await markReversalAttemptFailed(tx, returnId, (error as Error).message);
      console.error(`payouts: reversal for ${returnId} failed, will retry: ${(error as Error).message}`);
      return 'waiting';
    }
  });
}
