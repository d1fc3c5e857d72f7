/**
 * Stripe's notifications, applied to the ledger once each: by event id, and by PaymentIntent id for
 * the money, so a replayed or reordered delivery never counts twice.
 */
import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { DomainError } from '../../domain/errors.ts';
import type { App } from '../app.ts';
import { withTransaction, type Tx } from '../db/pool.ts';
import { recordDonation } from '../ledger/service.ts';
import { toLiveCampaign } from '../services/campaigns.ts';
import {
  fillPaymentIntent,
  findPledge,
  findPledgeByPaymentIntent,
  insertPledgeFromPayment,
  setPledgeStatus,
  type Pledge,
} from '../pledges/repository.ts';
import { returnDonation, type ReturnFact } from '../pledges/returns.ts';
import { isPledgeId } from '../pledges/service.ts';
import {
  parseEvent,
  rejectedSummary,
  succeededPaymentSchema,
  type AppliedEvent,
  type CheckoutSessionObject,
  type ChargeObject,
  type DisputeObject,
  type EndedPayment,
  type RefundObject,
  type SucceededPayment,
} from './events.ts';
import { claimEvent, recordRejectedEvent, setEventOutcome } from './repository.ts';
import { accountUpdated } from '../payouts/accounts.ts';
import { issuePayouts } from '../payouts/service.ts';
import { queueDonationThanks } from '../mail/queue.ts';

export type EventOutcome = 'processed' | 'duplicate' | 'ignored' | 'rejected';

/** Thrown when an event cannot be applied yet (a refund before its payment): Stripe will deliver it again. */
export class RetryLater extends Error {}

/** Checks the signature over the raw body and gives the parsed JSON, whose shape is not yet known. */
export function verifyEvent(app: App, rawBody: string, signature: string | null): unknown {
  // Stripe signs the platform's endpoint and the connected accounts' endpoint with different secrets.
  const secrets = [app.config.webhookSecret, app.config.connectWebhookSecret].filter((secret): secret is string => Boolean(secret));
  if (secrets.length === 0) throw new DomainError('webhook_not_configured', 'STRIPE_WEBHOOK_SECRET is not set.');
  if (!signature) throw new DomainError('invalid_signature', 'Missing Stripe-Signature header.');
  // Verifying needs no API call; a client with any key does it when the real one is absent (demo mode).
  const stripe = app.stripe() ?? webhookVerifier();
  for (const secret of secrets) {
    try {
      return stripe.webhooks.constructEvent(rawBody, signature, secret);
    } catch {
      // Try the other registration's secret.
    }
  }
  throw new DomainError('invalid_signature', 'The Stripe-Signature does not match this body.');
}

let verifier: Stripe | undefined;
function webhookVerifier(): Stripe {
  verifier ??= new Stripe('sk_verify_only', { telemetry: false });
  return verifier;
}

/**
 * Applies a signed event once. One whose shape is wrong is stored aside for a person (and answered as
 * received, so that Stripe does not retry for days a delivery that can never succeed), never applied.
 */
export async function receiveEvent(app: App, signed: unknown): Promise<EventOutcome> {
  const parsed = parseEvent(signed);
  if (parsed.ok) return applyEvent(app, parsed.event);
  const summary = rejectedSummary(signed);
  await recordRejectedEvent(app.db(), { ...summary, reason: parsed.reason });
  console.error(`stripe: rejected event ${summary.eventId ?? '(no id)'} (${summary.type ?? 'no type'}): ${parsed.reason.slice(0, 300)}`);
  return 'rejected';
}

export async function applyEvent(app: App, event: AppliedEvent): Promise<EventOutcome> {
  const outcome = await recordEvent(app, event);
  // After commit: a donation now owed to its payee, or a refund to take back from it, moves at once; the
  // closing job retries whatever this could not do. Never fails the delivery: the ledger already holds it.
  if (outcome === 'processed' && app.stripe()) {
    await issuePayouts(app, 20).catch((error: unknown) =>
      console.error(`payouts: not issued after ${event.type}, the closing job retries: ${(error as Error).message}`),
    );
  }
  return outcome;
}

async function recordEvent(app: App, event: AppliedEvent): Promise<EventOutcome> {
  return withTransaction(app.db(), async (tx) => {
    if (!(await claimEvent(tx, event.id, event.type === 'other' ? event.stripeType : event.type))) return 'duplicate';
    const outcome = await dispatch(app, tx, event);
    await setEventOutcome(tx, event.id, outcome);
    return outcome;
  });
}

async function dispatch(app: App, tx: Tx, event: AppliedEvent): Promise<EventOutcome> {
  switch (event.type) {
    case 'payment_intent.succeeded':
      return paymentSucceeded(app, tx, event.object);
    case 'payment_intent.payment_failed':
      return paymentEnded(tx, event.object, 'failed');
    case 'payment_intent.canceled':
      return paymentEnded(tx, event.object, 'canceled');
    case 'charge.refunded':
      return chargeRefunded(app, tx, event.object);
    case 'refund.created':
    case 'refund.updated':
    case 'refund.failed':
    case 'charge.refund.updated':
      return refundChanged(app, tx, event.object);
    case 'charge.dispute.closed':
      return disputeClosed(app, tx, event.object);
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded':
      return checkoutPaid(app, tx, event.object);
    case 'account.updated':
      return accountUpdated(tx, event.object, event.created);
    case 'other':
      return 'ignored';
  }
}

async function paymentSucceeded(app: App, tx: Tx, paymentIntent: SucceededPayment): Promise<EventOutcome> {
  const slug = paymentIntent.metadata.campaign;
  const entry = Object.hasOwn(app.catalog.campaigns, slug) ? app.catalog.campaigns[slug] : undefined;
  const campaign = entry && toLiveCampaign(entry, app.catalog);
  if (!campaign) {
    console.error(`stripe: PaymentIntent ${paymentIntent.id} names no live campaign ("${slug}"); reconciliation will list it`);
    return 'ignored';
  }
  const metadataId = paymentIntent.metadata.pledgeId;
  const amountCents = paymentIntent.amount_received || paymentIntent.amount;
  const pledge =
    (await findPledgeByPaymentIntent(tx, paymentIntent.id, { forUpdate: true })) ??
    (isPledgeId(metadataId) ? await findPledge(tx, metadataId, { forUpdate: true }) : null) ??
    (await insertPledgeFromPayment(tx, {
      id: isPledgeId(metadataId) ? metadataId : randomUUID(),
      campaign: slug,
      amountCents,
      paymentIntentId: paymentIntent.id,
    }));
  if (pledge.status !== 'succeeded') {
    await setPledgeStatus(tx, pledge.id, 'succeeded');
    await fillPaymentIntent(tx, pledge.id, paymentIntent.id);
  }
  const recorded = await recordDonation(
    tx,
    campaign,
    { externalKey: `payment:${paymentIntent.id}`, pledgeId: pledge.id, amountCents, transferable: true },
    app.now(),
  );
  if (recorded === 'duplicate') return 'duplicate';
  await queueDonationThanks(app, tx, pledge.id);
  return 'processed';
}

/**
 * A donation given through Stripe Checkout (the form without JavaScript). The session carries only the id of
 * its PaymentIntent: the PaymentIntent itself, read from Stripe, is what counts, through the same path as
 * `payment_intent.succeeded` (which Stripe also sends; the ledger's key makes the second one change nothing).
 * A session completed with a delayed method is still unpaid: `async_payment_succeeded` follows.
 */
async function checkoutPaid(app: App, tx: Tx, session: CheckoutSessionObject): Promise<EventOutcome> {
  const paymentIntentId = session.payment_intent;
  if (session.mode !== 'payment' || session.payment_status !== 'paid' || !paymentIntentId) return 'ignored';
  const stripe = app.stripe();
  if (!stripe) return 'ignored';
  const paymentIntent = await stripe.paymentIntents.retrieve(paymentIntentId).catch((error: unknown) => {
    throw new RetryLater(`PaymentIntent ${paymentIntentId} of ${session.id} could not be read: ${(error as Error).message}`);
  });
  if (paymentIntent.status !== 'succeeded') return 'ignored';
  // The same checks as a PaymentIntent delivered in an event: Stripe's answer is parsed before it counts.
  const parsed = succeededPaymentSchema.safeParse(paymentIntent);
  if (!parsed.success) {
    console.error(`stripe: PaymentIntent ${paymentIntentId} of ${session.id} does not fit a donation; reconciliation will list it`);
    return 'ignored';
  }
  return paymentSucceeded(app, tx, parsed.data);
}

async function paymentEnded(tx: Tx, paymentIntent: EndedPayment, status: 'failed' | 'canceled'): Promise<EventOutcome> {
  const pledge = await findPledgeByPaymentIntent(tx, paymentIntent.id, { forUpdate: true });
  // A failure never undoes a success that Stripe reported for the same PaymentIntent.
  if (!pledge || pledge.status !== 'pending') return 'ignored';
  await setPledgeStatus(tx, pledge.id, status);
  return 'processed';
}

/** The donation a refund or dispute belongs to, locked; Stripe retries if its payment is not recorded yet. */
async function succeededPledge(app: App, tx: Tx, paymentIntentId: string | null, what: string): Promise<Pledge | null> {
  const pledge = paymentIntentId ? await findPledgeByPaymentIntent(tx, paymentIntentId, { forUpdate: true }) : null;
  if (!pledge || pledge.status !== 'succeeded') throw new RetryLater(`${what} of ${paymentIntentId} arrived before its payment`);
  const entry = Object.hasOwn(app.catalog.campaigns, pledge.campaign) ? app.catalog.campaigns[pledge.campaign] : undefined;
  return entry && toLiveCampaign(entry, app.catalog) ? pledge : null;
}

const refundFact = (refund: Pick<Stripe.Refund | RefundObject, 'id' | 'amount' | 'status'>): ReturnFact => ({
  id: refund.id,
  kind: 'refund',
  amountCents: refund.amount,
  status: refund.status ?? 'pending',
});

/**
 * `charge.refunded` is sent for every refund of a charge. Each refund is applied by its own id, so
 * this event and the `refund.*` events of the same refunds never count one twice. API versions that
 * no longer embed the refunds in the charge get them from Stripe.
 */
async function chargeRefunded(app: App, tx: Tx, charge: ChargeObject): Promise<EventOutcome> {
  const paymentIntentId = charge.payment_intent;
  const pledge = await succeededPledge(app, tx, paymentIntentId, 'refund');
  if (!pledge) return 'ignored';
  let refunds: Pick<Stripe.Refund | RefundObject, 'id' | 'amount' | 'status' | 'created'>[] | undefined = charge.refunds?.data;
  if (!refunds) {
    const stripe = app.stripe();
    if (!stripe) {
      console.error(
        `stripe: charge.refunded for ${charge.id} without its refunds and no Stripe client to ask; reconciliation will list it`,
      );
      return 'ignored';
    }
    refunds = (await stripe.refunds.list({ charge: charge.id, limit: 100 })).data;
  }
  let outcome: EventOutcome = 'duplicate';
  // Oldest first, so that when refunds exceed what is left (a dispute took some), the first ones count.
  for (const refund of [...refunds].sort((a, b) => a.created - b.created)) {
    if ((await returnDonation(app, tx, pledge, refundFact(refund))) === 'processed') outcome = 'processed';
  }
  return outcome;
}

async function refundChanged(app: App, tx: Tx, refund: RefundObject): Promise<EventOutcome> {
  const pledge = await succeededPledge(app, tx, refund.payment_intent, 'refund');
  if (!pledge) return 'ignored';
  return returnDonation(app, tx, pledge, refundFact(refund));
}

/** A lost dispute takes the disputed amount away from the donation, as a refund would. */
async function disputeClosed(app: App, tx: Tx, dispute: DisputeObject): Promise<EventOutcome> {
  if (dispute.status !== 'lost') return 'ignored';
  let paymentIntentId = dispute.payment_intent ?? null;
  const stripe = app.stripe();
  if (!paymentIntentId && stripe && dispute.charge) paymentIntentId = idOf((await stripe.charges.retrieve(dispute.charge)).payment_intent);
  const pledge = await succeededPledge(app, tx, paymentIntentId, 'dispute');
  if (!pledge) return 'ignored';
  return returnDonation(app, tx, pledge, { id: dispute.id, kind: 'dispute', amountCents: dispute.amount, status: 'lost' });
}

const idOf = (value: string | { id: string } | null | undefined): string | null =>
  typeof value === 'string' ? value : (value?.id ?? null);
