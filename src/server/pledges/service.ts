/** Pledging: the server decides the amount, Stripe (or the demo) collects it, the ledger records it. */
import { createHash, randomUUID } from 'node:crypto';
import { isOpenAt } from '../../domain/campaign-state.ts';
import { DomainError } from '../../domain/errors.ts';
import { checkAmountWithinLimits, parsePledgeRequest, type PledgeRequest } from '../../domain/pledge.ts';
import type { App } from '../app.ts';
import { isUniqueViolation, withTransaction } from '../db/pool.ts';
import { recordDonation } from '../ledger/service.ts';
import { findLiveCampaign } from '../services/campaigns.ts';
import { requirePayeeReady } from '../payouts/accounts.ts';
import { queueDonationThanks } from '../mail/queue.ts';
import {
  attachPaymentIntent,
  findPledge,
  findPledgeByIdempotencyKey,
  insertPledge,
  setPledgeStatus,
  type Pledge,
} from './repository.ts';

export type PledgeCreated =
  | { pledgeId: string; mode: 'demo' }
  | { pledgeId: string; mode: 'stripe'; clientSecret: string; publishableKey: string };

const hashOf = (request: PledgeRequest) => createHash('sha256').update(JSON.stringify(request)).digest('hex');

export async function createPledge(app: App, body: unknown, idempotencyKey: string | null): Promise<PledgeCreated> {
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
  return answerFor(app, pledge, request);
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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isPledgeId(value: string): boolean {
  return UUID.test(value);
}

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
    if ((await recordDonation(tx, campaign, { externalKey: `demo:${pledge.id}`, pledgeId: pledge.id, amountCents: pledge.amountCents }, now)) === 'recorded') {
      await queueDonationThanks(app, tx, pledge.id);
    }
  });
  return { status: 'succeeded' };
}
