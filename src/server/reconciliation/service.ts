/**
 * Reconciliation: recompute every total from the append-only entries and compare it with the
 * running totals kept beside them; in Stripe mode, compare the entries with the PaymentIntents and
 * refunds Stripe reports for the period. Every difference is listed with its likely cause; things
 * that are not wrong but need a person (refunds still pending or failed) are listed apart.
 */
import type Stripe from 'stripe';
import type { Cents } from '../../domain/money.ts';
import type { App } from '../app.ts';
import { payoutOf } from '../../domain/payee.ts';
import { donationsWithoutTransfer, listClosingRefunds, readTransferChecks } from '../ledger/repository.ts';
import {
  knownPaymentIntents,
  lastRun,
  paymentEntries,
  paymentEntriesBetween,
  readOutcomes,
  readPledgeChecks,
  readStoredPools,
  readStoredTotals,
  refundReturns,
  refundReturnsBetween,
  storeRun,
  sumEntriesByCampaign,
  type CampaignSums,
} from './repository.ts';

export interface Difference {
  scope: 'campaign' | 'call' | 'pledge' | 'transfer' | 'stripe';
  subject: string;
  field: string;
  /** The figure recomputed from the entries (or, for scope stripe, what Stripe reports). */
  expected: number | string | null;
  /** The figure stored in the running totals (or, for scope stripe, what the ledger holds). */
  actual: number | string | null;
  cause: string;
}

export interface OpenItem {
  kind: 'refund_to_issue' | 'refund_pending' | 'refund_failed' | 'transfer_to_issue' | 'reversal_to_issue';
  pledgeId: string;
  campaign: string;
  amountCents: Cents;
  refundId: string | null;
  note: string;
}

export interface ReconciliationReport {
  generatedAt: string;
  period: { from: string; to: string };
  stripe: 'checked' | 'demo_mode' | 'unavailable';
  stripeError?: string;
  checked: {
    campaigns: number;
    calls: number;
    pledges: number;
    transfers: number;
    stripePaymentIntents: number;
    stripeRefunds: number;
    stripeTransfers: number;
  };
  differences: Difference[];
  openItems: OpenItem[];
}

const DEFAULT_PERIOD_DAYS = 31;

export function parsePeriod(now: Date, from: string | null, to: string | null): { from: Date; to: Date } {
  const end = to ? new Date(to) : now;
  const start = from ? new Date(from) : new Date(end.getTime() - DEFAULT_PERIOD_DAYS * 86_400_000);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()) || start >= end) {
    return { from: new Date(now.getTime() - DEFAULT_PERIOD_DAYS * 86_400_000), to: now };
  }
  return { from: start, to: end };
}

const raisedOf = (sums: CampaignSums): Cents => sums.donations - sums.refunds + sums.refundsFailed - sums.disputesLost;
const heldOf = (sums: CampaignSums): Cents => sums.reservations - sums.releases;

export async function reconcile(app: App, period: { from: Date; to: Date }): Promise<ReconciliationReport> {
  const db = app.db();
  const differences: Difference[] = [];
  const diff = (difference: Difference) => differences.push(difference);

  const [sums, totals, pools, pledges, outcomes] = await Promise.all([
    sumEntriesByCampaign(db),
    readStoredTotals(db),
    readStoredPools(db),
    readPledgeChecks(db),
    readOutcomes(db),
  ]);

  // Campaigns: citizens' money, donors and the city's share, from the entries.
  const sumsByCampaign = new Map(sums.map((s) => [s.campaign, s]));
  const campaigns = new Set([...sumsByCampaign.keys(), ...totals.map((t) => t.campaign)]);
  const totalsByCampaign = new Map(totals.map((t) => [t.campaign, t]));
  const outcomeByCampaign = new Map(outcomes.map((o) => [o.campaign, o]));
  for (const campaign of campaigns) {
    const s = sumsByCampaign.get(campaign);
    const t = totalsByCampaign.get(campaign);
    const expected = {
      raisedCents: s ? raisedOf(s) : 0,
      donors: s?.donors ?? 0,
      cofundingCents: s ? heldOf(s) : 0,
    };
    const actual = { raisedCents: t?.raisedCents ?? 0, donors: t?.donors ?? 0, cofundingCents: t?.cofundingCents ?? 0 };
    const causes = {
      raisedCents:
        'the running total of citizens\u2019 money differs from donations minus refunds and lost disputes in the entries: a total was written without its entry, or by hand',
      donors: 'the donor count differs from the donations that still hold money in the entries',
      cofundingCents: 'the city\u2019s share held by the campaign differs from its reservations minus releases in the entries',
    };
    for (const field of ['raisedCents', 'donors', 'cofundingCents'] as const) {
      if (expected[field] !== actual[field])
        diff({ scope: 'campaign', subject: campaign, field, expected: expected[field], actual: actual[field], cause: causes[field] });
    }
    const granted = (s?.grants ?? 0) > 0;
    if (granted !== (t?.cofundingStatus === 'granted')) {
      diff({
        scope: 'campaign',
        subject: campaign,
        field: 'cofunding.status',
        expected: granted ? 'granted' : 'not granted',
        actual: t?.cofundingStatus ?? null,
        cause: 'the status of the city\u2019s share disagrees with the grant entries',
      });
    }
    if (granted && s && s.grants !== heldOf(s)) {
      diff({
        scope: 'campaign',
        subject: campaign,
        field: 'grantCents',
        expected: heldOf(s),
        actual: s.grants,
        cause: 'the grant differs from the share the campaign held at closing',
      });
    }
    const outcome = outcomeByCampaign.get(campaign);
    if (outcome && outcome.grantedCents !== (s?.grants ?? 0)) {
      diff({
        scope: 'campaign',
        subject: campaign,
        field: 'outcome.grantedCents',
        expected: s?.grants ?? 0,
        actual: outcome.grantedCents,
        cause: 'the recorded outcome grants a different amount than the grant entry',
      });
    }
  }

  // Calls: the pool, from the entries of all their campaigns.
  const byCall = new Map<string, { reserved: Cents; granted: Cents; heldByCampaigns: Cents }>();
  for (const s of sums) {
    const call = byCall.get(s.callId) ?? { reserved: 0, granted: 0, heldByCampaigns: 0 };
    call.reserved += s.reservations - s.releases - s.grants;
    call.granted += s.grants;
    byCall.set(s.callId, call);
  }
  for (const t of totals) {
    const call = byCall.get(t.callId) ?? { reserved: 0, granted: 0, heldByCampaigns: 0 };
    call.heldByCampaigns += t.cofundingCents;
    byCall.set(t.callId, call);
  }
  const poolsByCall = new Map(pools.map((p) => [p.callId, p]));
  for (const callId of new Set([...byCall.keys(), ...poolsByCall.keys()])) {
    const expected = byCall.get(callId) ?? { reserved: 0, granted: 0, heldByCampaigns: 0 };
    const stored = poolsByCall.get(callId);
    const catalogPool = app.catalog.calls[callId]?.poolCents ?? null;
    if (expected.reserved !== (stored?.reservedCents ?? 0)) {
      diff({
        scope: 'call',
        subject: callId,
        field: 'reservedCents',
        expected: expected.reserved,
        actual: stored?.reservedCents ?? 0,
        cause: 'the pool\u2019s reserved total differs from reservations minus releases and grants in the entries',
      });
    }
    if (expected.granted !== (stored?.grantedCents ?? 0)) {
      diff({
        scope: 'call',
        subject: callId,
        field: 'grantedCents',
        expected: expected.granted,
        actual: stored?.grantedCents ?? 0,
        cause: 'the pool\u2019s granted total differs from the grant entries',
      });
    }
    if (expected.heldByCampaigns !== expected.reserved + expected.granted) {
      diff({
        scope: 'call',
        subject: callId,
        field: 'campaignShares',
        expected: expected.reserved + expected.granted,
        actual: expected.heldByCampaigns,
        cause: 'the shares the campaigns show do not add up to what the pool has committed',
      });
    }
    if (catalogPool !== null && expected.reserved + expected.granted > catalogPool) {
      diff({
        scope: 'call',
        subject: callId,
        field: 'poolCents',
        expected: catalogPool,
        actual: expected.reserved + expected.granted,
        cause: 'the pool is over-committed: reservations and grants exceed it',
      });
    }
  }

  // Donations: each pledge's status and refunded amount against its entries and its refunds.
  for (const p of pledges) {
    if ((p.donatedCents !== null) !== (p.status === 'succeeded')) {
      diff({
        scope: 'pledge',
        subject: p.pledgeId,
        field: 'status',
        expected: p.donatedCents !== null ? 'succeeded' : 'not succeeded',
        actual: p.status,
        cause:
          p.donatedCents !== null
            ? 'the ledger holds a donation for a pledge not marked succeeded'
            : 'a pledge marked succeeded has no donation entry: its payment was never recorded',
      });
    }
    if (p.donatedCents !== null && p.donatedCents !== p.amountCents) {
      diff({
        scope: 'pledge',
        subject: p.pledgeId,
        field: 'amountCents',
        expected: p.donatedCents,
        actual: p.amountCents,
        cause: 'the payment recorded differs from the amount pledged',
      });
    }
    if (p.returnedCents !== p.refundedCents) {
      diff({
        scope: 'pledge',
        subject: p.pledgeId,
        field: 'refundedCents',
        expected: p.returnedCents,
        actual: p.refundedCents,
        cause: 'the refunded amount on the pledge differs from its refund entries',
      });
    }
    if (p.countedReturnsCents !== p.returnedCents) {
      diff({
        scope: 'pledge',
        subject: p.pledgeId,
        field: 'returns',
        expected: p.returnedCents,
        actual: p.countedReturnsCents,
        cause: 'the refunds and disputes tracked by provider id differ from the refund entries',
      });
    }
  }

  const openItems = (await listClosingRefunds(db, ['to_issue', 'pending', 'failed'])).map((r): OpenItem => ({
    kind: r.status === 'to_issue' ? 'refund_to_issue' : r.status === 'pending' ? 'refund_pending' : 'refund_failed',
    pledgeId: r.pledgeId,
    campaign: r.campaign,
    amountCents: r.amountCents,
    refundId: r.refundId,
    note:
      r.status === 'to_issue'
        ? `not issued yet (${r.attempts} attempts); the closing job retries every 15 minutes`
        : r.status === 'pending'
          ? 'issued, waiting for Stripe to confirm it'
          : 'Stripe could not return the money: the donor must be repaid by other means',
  }));

  // Transfers: what each payee holds of a donation is its due share of what the donation still holds.
  const transfers = await readTransferChecks(db);
  const feeOf = (campaign: string) => {
    const entry = app.catalog.campaigns[campaign];
    return (entry && app.catalog.calls[entry.call]?.platformFeeBasisPoints) ?? 0;
  };
  for (const t of transfers) {
    const net = t.pledgeStatus === 'succeeded' ? t.pledgeAmountCents - t.refundedCents : 0;
    const due = payoutOf(net, feeOf(t.campaign)).amountCents;
    if (t.status === 'issued') {
      const held = (t.amountCents ?? 0) - t.reversedCents - t.pendingReversalCents;
      if (held !== due) {
        diff({
          scope: 'transfer',
          subject: t.pledgeId,
          field: 'payeeHolds',
          expected: due,
          actual: held,
          cause:
            held > due
              ? 'the payee holds more of this donation than the donation still holds (a refund failed after its reversal, or a reversal is missing): reverse the difference from the Stripe Dashboard'
              : 'the payee holds less of this donation than it is owed (a refund taken back from it failed afterwards): transfer the difference from the Stripe Dashboard',
        });
      }
    } else if (t.status === 'not_needed' && due > 0) {
      diff({
        scope: 'transfer',
        subject: t.pledgeId,
        field: 'status',
        expected: 'to_issue',
        actual: 'not_needed',
        cause: 'a transfer was judged not needed for a donation that still holds money',
      });
    }
  }
  // Donations that owe their payee money with no transfer scheduled: keep-it-all ones, and all-or-nothing ones once their campaign succeeded.
  const owing = Object.values(app.catalog.campaigns)
    .filter((c) => app.catalog.calls[c.call]?.fundingModel === 'keep-it-all' || outcomeByCampaign.get(c.slug)?.outcome === 'succeeded')
    .map((c) => c.slug);
  for (const missing of await donationsWithoutTransfer(db, owing)) {
    diff({
      scope: 'transfer',
      subject: missing.pledgeId,
      field: 'transfer',
      expected: 'scheduled',
      actual: null,
      cause: `a succeeded donation to ${missing.campaign} owes its payee a transfer that the ledger never scheduled`,
    });
  }
  const transferItems = transfers.flatMap((t): OpenItem[] => [
    ...(t.status === 'to_issue'
      ? [
          {
            kind: 'transfer_to_issue' as const,
            pledgeId: t.pledgeId,
            campaign: t.campaign,
            amountCents: t.pledgeAmountCents - t.refundedCents,
            refundId: null,
            note: `not transferred to ${t.organisation} yet; the closing job retries every 15 minutes`,
          },
        ]
      : []),
    ...(t.pendingReversalCents > 0
      ? [
          {
            kind: 'reversal_to_issue' as const,
            pledgeId: t.pledgeId,
            campaign: t.campaign,
            amountCents: t.pendingReversalCents,
            refundId: null,
            note: `to take back from ${t.organisation} after a refund; the closing job retries every 15 minutes`,
          },
        ]
      : []),
  ]);
  openItems.push(...transferItems);

  const report: ReconciliationReport = {
    generatedAt: app.now().toISOString(),
    period: { from: period.from.toISOString(), to: period.to.toISOString() },
    stripe: 'demo_mode',
    checked: {
      campaigns: campaigns.size,
      calls: byCall.size,
      pledges: pledges.length,
      transfers: transfers.length,
      stripePaymentIntents: 0,
      stripeRefunds: 0,
      stripeTransfers: 0,
    },
    differences,
    openItems,
  };

  const stripe = app.stripe();
  if (stripe) {
    try {
      const counts = await compareWithStripe(app, stripe, period, diff);
      report.stripe = 'checked';
      report.checked.stripePaymentIntents = counts.paymentIntents;
      report.checked.stripeRefunds = counts.refunds;
      report.checked.stripeTransfers = await compareTransfersWithStripe(stripe, period, transfers, diff);
    } catch (error) {
      report.stripe = 'unavailable';
      report.stripeError = (error as Error).message;
    }
  }
  return report;
}

const unix = (date: Date) => Math.floor(date.getTime() / 1000);
const idOf = (value: string | { id: string } | null | undefined): string | null =>
  typeof value === 'string' ? value : (value?.id ?? null);
const countsAsReturned = (status: string | null) => status !== 'failed' && status !== 'canceled';

async function compareWithStripe(
  app: App,
  stripe: Stripe,
  period: { from: Date; to: Date },
  diff: (difference: Difference) => void,
): Promise<{ paymentIntents: number; refunds: number }> {
  const db = app.db();
  // Whole seconds at Stripe: the last second is included, so an object created as the run starts is not missed.
  const created = { gte: unix(period.from), lte: unix(period.to) };

  // Stripe -> ledger: every succeeded PaymentIntent of a campaign is a donation entry of the same amount.
  const intents: Stripe.PaymentIntent[] = [];
  for await (const intent of stripe.paymentIntents.list({ created, limit: 100 })) {
    if (intent.metadata['campaign']) intents.push(intent);
  }
  const recorded = await paymentEntries(
    db,
    intents.map((intent) => intent.id),
  );
  for (const intent of intents) {
    const entry = recorded.get(intent.id);
    if (intent.status === 'succeeded' && entry === undefined) {
      diff({
        scope: 'stripe',
        subject: intent.id,
        field: 'donation',
        expected: intent.amount_received,
        actual: null,
        cause: 'succeeded at Stripe but missing from the ledger: its webhook was lost or failed; resend it from the Stripe Dashboard',
      });
    } else if (intent.status === 'succeeded' && entry !== intent.amount_received) {
      diff({
        scope: 'stripe',
        subject: intent.id,
        field: 'donation',
        expected: intent.amount_received,
        actual: entry ?? null,
        cause: 'the ledger recorded a different amount than Stripe received',
      });
    } else if (intent.status !== 'succeeded' && entry !== undefined) {
      diff({
        scope: 'stripe',
        subject: intent.id,
        field: 'donation',
        expected: null,
        actual: entry,
        cause: `the ledger holds a donation for a PaymentIntent that is ${intent.status} at Stripe`,
      });
    }
  }
  // Ledger -> Stripe: donations recorded in the period whose PaymentIntent Stripe did not list (created earlier, or unknown).
  const listed = new Set(intents.map((intent) => intent.id));
  for (const [paymentIntentId, amount] of await paymentEntriesBetween(db, period.from, period.to)) {
    if (listed.has(paymentIntentId)) continue;
    const intent = await stripe.paymentIntents.retrieve(paymentIntentId).catch(() => null);
    if (!intent || intent.status !== 'succeeded' || intent.amount_received !== amount) {
      diff({
        scope: 'stripe',
        subject: paymentIntentId,
        field: 'donation',
        expected: intent?.status === 'succeeded' ? intent.amount_received : null,
        actual: amount,
        cause: intent
          ? `the ledger holds a donation that Stripe reports as ${intent.status}, ${intent.amount_received} cents`
          : 'the ledger holds a donation whose PaymentIntent Stripe does not know',
      });
    }
  }

  // Refunds: each one Stripe counts is counted once in the ledger, each failed one not at all.
  const refunds: Stripe.Refund[] = [];
  for await (const refund of stripe.refunds.list({ created, limit: 100 })) refunds.push(refund);
  const ours = await knownPaymentIntents(
    db,
    refunds.flatMap((refund) => idOf(refund.payment_intent) ?? []),
  );
  const relevant = refunds.filter((refund) => ours.has(idOf(refund.payment_intent) ?? ''));
  const stored = await refundReturns(
    db,
    relevant.map((refund) => refund.id),
  );
  const checkRefund = (id: string, stripeAmount: Cents | null, stripeStatus: string | null, counted: Cents) => {
    const expected = stripeStatus !== null && countsAsReturned(stripeStatus) ? stripeAmount : 0;
    if (counted !== expected) {
      diff({
        scope: 'stripe',
        subject: id,
        field: 'refund',
        expected,
        actual: counted,
        cause:
          stripeStatus === null
            ? 'the ledger counts a refund that Stripe does not know'
            : counted === 0
              ? `a ${stripeStatus} refund at Stripe is not counted in the ledger: its webhook was lost or failed`
              : `the ledger counts ${counted} cents of a refund that is ${stripeStatus} at Stripe for ${stripeAmount} cents`,
      });
    }
  };
  for (const refund of relevant) checkRefund(refund.id, refund.amount, refund.status, stored.get(refund.id)?.countedCents ?? 0);
  const listedRefunds = new Set(relevant.map((refund) => refund.id));
  for (const [id, row] of await refundReturnsBetween(db, period.from, period.to)) {
    if (listedRefunds.has(id)) continue;
    const refund = await stripe.refunds.retrieve(id).catch(() => null);
    checkRefund(id, refund?.amount ?? null, refund?.status ?? null, row.countedCents);
  }
  return { paymentIntents: intents.length, refunds: relevant.length };
}

/** Every transfer Stripe made for a donation of ours is the one the ledger recorded, to the same account, holding the same. */
async function compareTransfersWithStripe(
  stripe: Stripe,
  period: { from: Date; to: Date },
  ours: Awaited<ReturnType<typeof readTransferChecks>>,
  diff: (difference: Difference) => void,
): Promise<number> {
  const byTransfer = new Map(ours.filter((t) => t.transferId).map((t) => [t.transferId!, t]));
  let checked = 0;
  for await (const transfer of stripe.transfers.list({ created: { gte: unix(period.from), lte: unix(period.to) }, limit: 100 })) {
    const pledgeId = transfer.metadata['pledgeId'];
    if (!pledgeId) continue;
    checked += 1;
    const recorded = byTransfer.get(transfer.id);
    const held = transfer.amount - transfer.amount_reversed;
    if (!recorded) {
      diff({
        scope: 'stripe',
        subject: transfer.id,
        field: 'transfer',
        expected: held,
        actual: null,
        cause: `Stripe transferred ${transfer.amount} cents for pledge ${pledgeId} that the ledger does not record`,
      });
      continue;
    }
    const ledgerHeld = (recorded.amountCents ?? 0) - recorded.reversedCents;
    if (held !== ledgerHeld || idOf(transfer.destination) !== recorded.accountId) {
      diff({
        scope: 'stripe',
        subject: transfer.id,
        field: 'transfer',
        expected: held,
        actual: ledgerHeld,
        cause:
          idOf(transfer.destination) !== recorded.accountId
            ? 'the transfer went to another account than the ledger records'
            : 'Stripe and the ledger disagree on what the payee holds of this donation',
      });
    }
  }
  return checked;
}

/** The nightly run: reconcile the last day and a half (overlapping runs miss nothing) and store the result. */
export async function runNightlyReconciliation(app: App): Promise<{ id: number; differences: number }> {
  const startedAt = app.now();
  const report = await reconcile(app, { from: new Date(startedAt.getTime() - 36 * 3_600_000), to: startedAt });
  const id = await storeRun(app.db(), startedAt, report.differences.length, report);
  if (report.differences.length > 0) console.error(`reconciliation: ${report.differences.length} differences (run ${id})`);
  return { id, differences: report.differences.length };
}

export { lastRun };
