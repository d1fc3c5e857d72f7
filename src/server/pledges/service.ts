/** Pledging: the server decides the amount, Stripe (or the demo) collects it, the ledger records it. */
import { createHash, randomUUID } from 'node:crypto';
import { isOpenAt } from '../../domain/campaign-state.ts';
import { DomainError } from '../../domain/errors.ts';
import { checkAmountWithinLimits, isPledgeId, parsePledgeRequest, type PledgeRequest } from '../../domain/pledge.ts';
import type { App } from '../app.ts';
import { isUniqueViolation, withTransaction } from '../db/pool.ts';
import { recordDonation } from '../ledger/service.ts';
import { findLiveCampaign } from '../services/campaigns.ts';
import { requirePayeeReady } from '../payouts/accounts.ts';
import { queueDonationThanks } from '../mail/queue.ts';
import { attachPaymentIntent, findPledge, findPledgeByIdempotencyKey, insertPledge, setPledgeStatus, type Pledge } from './repository.ts';
import type { Locale } from '../../i18n/locale.ts';

export type PledgeCreated =
  { pledgeId: string; mode: 'demo' } | { pledgeId: string; mode: 'stripe'; clientSecret: string; publishableKey: string };

const hashOf = (request: PledgeRequest) => createHash('sha256').update(JSON.stringify(request)).digest('hex');

export async function createPledge(app: App, body: unknown, idempotencyKey: string | null): Promise<PledgeCreated> {
  const { pledge, request } = await storePledge(app, body, idempotencyKey);
  return answerFor(app, pledge, request);
}

/** Validates a pledge request and stores the pledge (or finds the one stored under the same key). */
async function storePledge(app: App, body: unknown, idempotencyKey: string | null): Promise<{ pledge: Pledge; request: PledgeRequest }> {
  const request = parsePledgeRequest(body);
  const campaign = findLiveCampaign(app.catalog, request.campaign);
  if (!isOpenAt(campaign.schedule, app.now())) {
    throw new DomainError('campaign_not_open', 'This campaign is not collecting donations now.');
  }
  checkAmountWithinLimits(request.amountCents, campaign.call.donation);
  // The money goes to the payee's Stripe account: until it can receive it, the campaign takes no donations.
  if (app.config.payments.mode === 'stripe') await requirePayeeReady(app, campaign.payee);

  const requestHash = hashOf(request);
  const mode = app.config.payments.mode;
  let pledge = idempotencyKey ? await findPledgeByIdempotencyKey(app.db(), idempotencyKey) : null;
  if (!pledge) {
    try {
      pledge = await insertPledge(app.db(), { id: randomUUID(), mode, request, idempotencyKey, requestHash });
    } catch (error) {
      // Two retries with the same key raced: the other one stored the pledge, answer with it.
      if (!idempotencyKey || !isUniqueViolation(error)) throw error;
      pledge = await findPledgeByIdempotencyKey(app.db(), idempotencyKey);
      if (!pledge) throw error;
    }
  }
  if (pledge.requestHash !== requestHash) {
    throw new DomainError('idempotency_key_reused', 'This Idempotency-Key was already used for a different pledge.');
  }
  return { pledge, request };
}

export type CheckoutStarted = { pledgeId: string; mode: 'demo' } | { pledgeId: string; mode: 'stripe'; url: string };

export interface CheckoutPages {
  /** Where Stripe sends the donor after paying (the result page), for this pledge. */
  success: (pledgeId: string) => string;
  /** Where the donor goes back without paying. */
  cancel: string;
  /** The line the donor reads on Stripe's page. */
  productName: string;
  locale: Locale;
}

/**
 * The same pledge as `createPledge`, paid on Stripe's hosted Checkout page instead of the Payment Element:
 * for the donate form sent without JavaScript. The server fixes the amount; the session's PaymentIntent
 * carries the same metadata as the widget's, so the same webhooks count it.
 */
export async function startCheckout(app: App, body: unknown, pages: CheckoutPages): Promise<CheckoutStarted> {
  const { pledge, request } = await storePledge(app, body, null);
  const payments = app.config.payments;
  if (pledge.mode === 'demo' || payments.mode === 'demo') return { pledgeId: pledge.id, mode: 'demo' };
  const stripe = app.stripe()!;
  const metadata = { pledgeId: pledge.id, campaign: pledge.campaign };
  try {
    const session = await stripe.checkout.sessions.create(
      {
        mode: 'payment',
        submit_type: 'donate',
        line_items: [
          { quantity: 1, price_data: { currency: 'eur', unit_amount: pledge.amountCents, product_data: { name: pages.productName } } },
        ],
        customer_email: request.donor.email,
        client_reference_id: pledge.id,
        metadata,
        payment_intent_data: {
          metadata,
          receipt_email: request.donor.email,
          description: `Donazione alla campagna ${pledge.campaign}`,
          // As the widget's PaymentIntent: the group ties the charge to the transfer that pays the payee.
          transfer_group: pledge.campaign,
        },
        success_url: pages.success(pledge.id),
        cancel_url: pages.cancel,
        locale: pages.locale,
      },
      // One pledge, one session, however often the same pledge is started.
      { idempotencyKey: `checkout-${pledge.id}` },
    );
    if (!session.url) throw new Error(`Checkout Session ${session.id} has no url`);
    return { pledgeId: pledge.id, mode: 'stripe', url: session.url };
  } catch (error) {
    console.error('stripe: could not start Checkout:', (error as Error).message);
    throw new DomainError('payment_provider_unavailable', 'The payment service did not answer. Nothing was charged; please try again.');
  }
}

async function answerFor(app: App, pledge: Pledge, request: PledgeRequest): Promise<PledgeCreated> {
  const payments = app.config.payments;
  if (pledge.mode === 'demo' || payments.mode === 'demo') return { pledgeId: pledge.id, mode: 'demo' };
  const stripe = app.stripe()!;
  try {
    const paymentIntent = pledge.paymentIntentId
      ? await stripe.paymentIntents.retrieve(pledge.paymentIntentId)
      : await stripe.paymentIntents.create(
          {
            amount: pledge.amountCents,
            currency: 'eur',
            automatic_payment_methods: { enabled: true },
            receipt_email: request.donor.email,
            description: `Donazione alla campagna ${pledge.campaign}`,
            metadata: { pledgeId: pledge.id, campaign: pledge.campaign },
            // Separate charges and transfers: the charge is the platform's; the group ties it to the transfer
            // that pays the campaign's organisation.
            transfer_group: pledge.campaign,
          },
          // Keyed by the pledge: however often this runs, one pledge has one PaymentIntent.
          { idempotencyKey: `pledge-${pledge.id}` },
        );
    if (!pledge.paymentIntentId) await attachPaymentIntent(app.db(), pledge.id, paymentIntent.id);
    if (!paymentIntent.client_secret) throw new Error(`PaymentIntent ${paymentIntent.id} has no client secret`);
    return { pledgeId: pledge.id, mode: 'stripe', clientSecret: paymentIntent.client_secret, publishableKey: payments.publishableKey };
  } catch (error) {
    console.error('stripe: could not prepare the payment:', (error as Error).message);
    throw new DomainError('payment_provider_unavailable', 'The payment service did not answer. Nothing was charged; please try again.');
  }
}

export interface PledgeStatusView {
  pledgeId: string;
  campaign: string;
  status: Pledge['status'];
  amountCents: number;
}

export { isPledgeId } from '../../domain/pledge.ts';

export async function getPledgeStatus(app: App, pledgeId: string): Promise<PledgeStatusView> {
  const pledge = isPledgeId(pledgeId) ? await findPledge(app.db(), pledgeId) : null;
  if (!pledge) throw new DomainError('pledge_not_found', 'No pledge with this id.');
  return { pledgeId: pledge.id, campaign: pledge.campaign, status: pledge.status, amountCents: pledge.amountCents };
}

/** Demo mode only: plays the part of the payment provider and confirms the pledge at once. */
export async function confirmDemoPledge(app: App, pledgeId: string): Promise<{ status: 'succeeded' }> {
  if (app.config.payments.mode !== 'demo' || !isPledgeId(pledgeId)) {
    throw new DomainError('not_found', 'Demo confirmation exists only in demo mode.');
  }
  await withTransaction(app.db(), async (tx) => {
    const pledge = await findPledge(tx, pledgeId, { forUpdate: true });
    if (!pledge || pledge.mode !== 'demo') throw new DomainError('pledge_not_found', 'No demo pledge with this id.');
    if (pledge.status === 'succeeded') return;
    const campaign = findLiveCampaign(app.catalog, pledge.campaign);
    const now = app.now();
    if (!isOpenAt(campaign.schedule, now)) throw new DomainError('campaign_not_open', 'This campaign is not collecting donations now.');
    await setPledgeStatus(tx, pledge.id, 'succeeded');
    if (
      (await recordDonation(
        tx,
        campaign,
        { externalKey: `demo:${pledge.id}`, pledgeId: pledge.id, amountCents: pledge.amountCents },
        now,
      )) === 'recorded'
    ) {
      await queueDonationThanks(app, tx, pledge.id);
    }
  });
  return { status: 'succeeded' };
}
