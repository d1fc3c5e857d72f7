/**
 * Stripe's notifications, applied to the ledger once each: by event id, and by PaymentIntent id for
 * the money, so a replayed or reordered delivery never counts twice.
 */
import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { DomainError } from '../../domain/errors.ts';
import type { App } from '../app.ts';
import { withTransaction, type Tx } from '../db/pool.ts';
import { applyReturn, type ReturnFact } from '../ledger/returns.ts';
import { recordDonation } from '../ledger/service.ts';
import { toLiveCampaign } from '../services/campaigns.ts';
import {
  findPledge,
  findPledgeByPaymentIntent,
  insertPledgeFromPayment,
  setPledgeStatus,
  type Pledge,
} from '../pledges/repository.ts';
import { isPledgeId } from '../pledges/service.ts';
import { queueDonationThanks } from '../mail/queue.ts';

export type EventOutcome = 'processed' | 'duplicate' | 'ignored';

/** Thrown when an event cannot be applied yet (a refund before its payment): Stripe will deliver it again. */
export class RetryLater extends Error {}

export function verifyEvent(app: App, rawBody: string, signature: string | null): Stripe.Event {
  const secret = app.config.webhookSecret;
  if (!secret) throw new DomainError('webhook_not_configured', 'STRIPE_WEBHOOK_SECRET is not set.');
  if (!signature) throw new DomainError('invalid_signature', 'Missing Stripe-Signature header.');
  try {
    // Verifying needs no API call; a client with any key does it when the real one is absent (demo mode).
    const stripe = app.stripe() ?? webhookVerifier();
    return stripe.webhooks.constructEvent(rawBody, signature, secret);
  } catch {
    throw new DomainError('invalid_signature', 'The Stripe-Signature does not match this body.');
  }
}

let verifier: Stripe | undefined;
function webhookVerifier(): Stripe {
  verifier ??= new Stripe('sk_verify_only', { telemetry: false });
  return verifier;
}

export async function applyEvent(app: App, event: Stripe.Event): Promise<EventOutcome> {
  return withTransaction(app.db(), async (tx) => {
    const { rowCount } = await tx.query(
      "INSERT INTO stripe_events (id, type, outcome) VALUES ($1, $2, 'processing') ON CONFLICT (id) DO NOTHING",
      [event.id, event.type],
    );
    if (rowCount === 0) return 'duplicate';
    const outcome = await dispatch(app, tx, event);
    await tx.query('UPDATE stripe_events SET outcome = $2 WHERE id = $1', [event.id, outcome]);
    return outcome;
  });
}

async function dispatch(app: App, tx: Tx, event: Stripe.Event): Promise<EventOutcome> {
  switch (event.type) {
    case 'payment_intent.succeeded':
      return paymentSucceeded(app, tx, event.data.object);
    case 'payment_intent.payment_failed':
      return paymentEnded(tx, event.data.object, 'failed');
    case 'payment_intent.canceled':
      return paymentEnded(tx, event.data.object, 'canceled');
    case 'charge.refunded':
      return chargeRefunded(app, tx, event.data.object);
    case 'refund.created':
    case 'refund.updated':
    case 'refund.failed':
    case 'charge.refund.updated':
      return refundChanged(app, tx, event.data.object);
    case 'charge.dispute.closed':
      return disputeClosed(app, tx, event.data.object);
    default:
      return 'ignored';
  }
}

async function paymentSucceeded(app: App, tx: Tx, paymentIntent: Stripe.PaymentIntent): Promise<EventOutcome> {
  const slug = paymentIntent.metadata['campaign'] ?? '';
  const entry = Object.hasOwn(app.catalog.campaigns, slug) ? app.catalog.campaigns[slug] : undefined;
  const campaign = entry && toLiveCampaign(entry, app.catalog);
  if (!campaign) {
    console.error(`stripe: PaymentIntent ${paymentIntent.id} names no live campaign ("${slug}"); reconciliation will list it`);
    return 'ignored';
  }
  const metadataId = paymentIntent.metadata['pledgeId'] ?? '';
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
    await tx.query('UPDATE pledges SET payment_intent_id = $2 WHERE id = $1 AND payment_intent_id IS NULL', [pledge.id, paymentIntent.id]);
  }
  const recorded = await recordDonation(tx, campaign, { externalKey: `payment:${paymentIntent.id}`, pledgeId: pledge.id, amountCents }, app.now());
  if (recorded === 'duplicate') return 'duplicate';
  await queueDonationThanks(app, tx, pledge.id);
  return 'processed';
}

async function paymentEnded(tx: Tx, paymentIntent: Stripe.PaymentIntent, status: 'failed' | 'canceled'): Promise<EventOutcome> {
  const pledge = await findPledgeByPaymentIntent(tx, paymentIntent.id, { forUpdate: true });
  // A failure never undoes a success that Stripe reported for the same PaymentIntent.
  if (!pledge || pledge.status !== 'pending') return 'ignored';
  await setPledgeStatus(tx, pledge.id, status);
  return 'processed';
}

const idOf = (value: string | { id: string } | null | undefined): string | null => (typeof value === 'string' ? value : (value?.id ?? null));

/** The donation a refund or dispute belongs to, locked; Stripe retries if its payment is not recorded yet. */
async function succeededPledge(app: App, tx: Tx, paymentIntentId: string | null, what: string): Promise<Pledge | null> {
  const pledge = paymentIntentId ? await findPledgeByPaymentIntent(tx, paymentIntentId, { forUpdate: true }) : null;
  if (!pledge || pledge.status !== 'succeeded') throw new RetryLater(`${what} of ${paymentIntentId} arrived before its payment`);
  const entry = Object.hasOwn(app.catalog.campaigns, pledge.campaign) ? app.catalog.campaigns[pledge.campaign] : undefined;
  return entry && toLiveCampaign(entry, app.catalog) ? pledge : null;
}

const refundFact = (refund: Stripe.Refund): ReturnFact => ({ id: refund.id, kind: 'refund', amountCents: refund.amount, status: refund.status ?? 'pending' });

/**
 * `charge.refunded` is sent for every refund of a charge. Each refund is applied by its own id, so
 * this event and the `refund.*` events of the same refunds never count one twice. API versions that
 * no longer embed the refunds in the charge get them from Stripe.
 */
async function chargeRefunded(app: App, tx: Tx, charge: Stripe.Charge): Promise<EventOutcome> {
  const paymentIntentId = idOf(charge.payment_intent);
  const pledge = await succeededPledge(app, tx, paymentIntentId, 'refund');
  if (!pledge) return 'ignored';
  let refunds = charge.refunds?.data;
  if (!refunds) {
    const stripe = app.stripe();
    if (!stripe) {
      console.error(`stripe: charge.refunded for ${charge.id} without its refunds and no Stripe client to ask; reconciliation will list it`);
      return 'ignored';
    }
    refunds = (await stripe.refunds.list({ charge: charge.id, limit: 100 })).data;
  }
  let outcome: EventOutcome = 'duplicate';
  // Oldest first, so that when refunds exceed what is left (a dispute took some), the first ones count.
  for (const refund of [...refunds].sort((a, b) => a.created - b.created)) {
    if ((await applyReturn(app, tx, pledge, refundFact(refund))) === 'processed') outcome = 'processed';
  }
  return outcome;
}

async function refundChanged(app: App, tx: Tx, refund: Stripe.Refund): Promise<EventOutcome> {
  const pledge = await succeededPledge(app, tx, idOf(refund.payment_intent), 'refund');
  if (!pledge) return 'ignored';
  return applyReturn(app, tx, pledge, refundFact(refund));
}

/** A lost dispute takes the disputed amount away from the donation, as a refund would. */
async function disputeClosed(app: App, tx: Tx, dispute: Stripe.Dispute): Promise<EventOutcome> {
  if (dispute.status !== 'lost') return 'ignored';
  let paymentIntentId = idOf(dispute.payment_intent);
  const stripe = app.stripe();
  if (!paymentIntentId && stripe) paymentIntentId = idOf((await stripe.charges.retrieve(idOf(dispute.charge) ?? '')).payment_intent);
  const pledge = await succeededPledge(app, tx, paymentIntentId, 'dispute');
  if (!pledge) return 'ignored';
  return applyReturn(app, tx, pledge, { id: dispute.id, kind: 'dispute', amountCents: dispute.amount, status: 'lost' });
}
