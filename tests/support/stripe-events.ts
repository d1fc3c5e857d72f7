/**
 * What Stripe objects and webhook events look like, for tests: the objects the fake API serves
 * (typed as subsets of the SDK's own types), and events signed with the real SDK so that
 * `stripe.webhooks.constructEvent` in the app verifies them exactly as in production.
 * The builders work without a running fake, e.g. for unit tests of webhook handling.
 */
import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';

// Expandable fields hold bare ids, as Stripe returns them unless `expand` is asked for.
type Unexpanded<T, K extends keyof T> = Omit<T, K> & { [P in K]: Extract<T[P], string | null> };

export type FakePaymentIntent = Unexpanded<
  Pick<
    Stripe.PaymentIntent,
    | 'id'
    | 'object'
    | 'amount'
    | 'amount_capturable'
    | 'amount_received'
    | 'automatic_payment_methods'
    | 'canceled_at'
    | 'cancellation_reason'
    | 'capture_method'
    | 'client_secret'
    | 'confirmation_method'
    | 'created'
    | 'currency'
    | 'customer'
    | 'description'
    | 'last_payment_error'
    | 'latest_charge'
    | 'livemode'
    | 'metadata'
    | 'next_action'
    | 'payment_method'
    | 'payment_method_types'
    | 'receipt_email'
    | 'statement_descriptor'
    | 'statement_descriptor_suffix'
    | 'status'
    | 'transfer_group'
  >,
  'customer' | 'latest_charge' | 'payment_method'
>;

export type FakeRefund = Unexpanded<
  Pick<
    Stripe.Refund,
    | 'id'
    | 'object'
    | 'amount'
    | 'balance_transaction'
    | 'charge'
    | 'created'
    | 'currency'
    | 'failure_reason'
    | 'metadata'
    | 'payment_intent'
    | 'reason'
    | 'receipt_number'
    | 'status'
  >,
  'balance_transaction' | 'charge' | 'payment_intent'
>;

export type FakeCharge = Unexpanded<
  Pick<
    Stripe.Charge,
    | 'id'
    | 'object'
    | 'amount'
    | 'amount_captured'
    | 'amount_refunded'
    | 'balance_transaction'
    | 'captured'
    | 'created'
    | 'currency'
    | 'customer'
    | 'description'
    | 'failure_code'
    | 'failure_message'
    | 'livemode'
    | 'metadata'
    | 'paid'
    | 'payment_intent'
    | 'payment_method'
    | 'receipt_email'
    | 'refunded'
    | 'status'
  >,
  'balance_transaction' | 'customer' | 'payment_intent'
> & { refunds: Stripe.ApiList<FakeRefund> };

export type FakeCheckoutSession = Unexpanded<
  Pick<
    Stripe.Checkout.Session,
    | 'id'
    | 'object'
    | 'amount_subtotal'
    | 'amount_total'
    | 'cancel_url'
    | 'client_reference_id'
    | 'created'
    | 'currency'
    | 'customer'
    | 'customer_details'
    | 'customer_email'
    | 'expires_at'
    | 'livemode'
    | 'locale'
    | 'metadata'
    | 'mode'
    | 'payment_intent'
    | 'payment_method_types'
    | 'payment_status'
    | 'status'
    | 'submit_type'
    | 'success_url'
    | 'ui_mode'
    | 'url'
  >,
  'customer' | 'payment_intent'
>;

export type FakeAccount = Pick<
  Stripe.Account,
  | 'id'
  | 'object'
  | 'business_profile'
  | 'business_type'
  | 'capabilities'
  | 'charges_enabled'
  | 'controller'
  | 'country'
  | 'created'
  | 'default_currency'
  | 'details_submitted'
  | 'email'
  | 'metadata'
  | 'payouts_enabled'
  | 'requirements'
  | 'type'
>;

export type FakeAccountLink = Stripe.AccountLink;

export type FakeTransferReversal = Unexpanded<
  Pick<
    Stripe.TransferReversal,
    | 'id'
    | 'object'
    | 'amount'
    | 'balance_transaction'
    | 'created'
    | 'currency'
    | 'destination_payment_refund'
    | 'metadata'
    | 'source_refund'
    | 'transfer'
  >,
  'balance_transaction' | 'destination_payment_refund' | 'source_refund' | 'transfer'
>;

export type FakeTransfer = Unexpanded<
  Pick<
    Stripe.Transfer,
    | 'id'
    | 'object'
    | 'amount'
    | 'amount_reversed'
    | 'balance_transaction'
    | 'created'
    | 'currency'
    | 'description'
    | 'destination'
    | 'destination_payment'
    | 'livemode'
    | 'metadata'
    | 'reversed'
    | 'source_transaction'
    | 'source_type'
    | 'transfer_group'
  >,
  'balance_transaction' | 'destination' | 'destination_payment' | 'source_transaction'
> & { reversals: Stripe.ApiList<FakeTransferReversal> };

/** What Stripe asks of a new Express account before it may receive money. */
export const ONBOARDING_FIELDS = [
  'business_profile.mcc',
  'business_profile.url',
  'external_account',
  'representative.first_name',
  'representative.last_name',
  'tos_acceptance.date',
  'tos_acceptance.ip',
];

/** A connected account as `POST /v1/accounts` returns it: nothing enabled until onboarding is complete. */
export function buildAccount(fields: Partial<FakeAccount> & { capabilitiesRequested: string[] }): FakeAccount {
  const { capabilitiesRequested, ...rest } = fields;
  const id = rest.id ?? stripeId('acct', 16);
  return {
    id,
    object: 'account',
    business_profile: null,
    business_type: null,
    capabilities: Object.fromEntries(capabilitiesRequested.map((name) => [name, 'inactive'])),
    charges_enabled: false,
    controller: {
      fees: { payer: 'application' },
      is_controller: true,
      losses: { payments: 'application' },
      requirement_collection: 'stripe',
      stripe_dashboard: { type: 'express' },
      type: 'application',
    },
    country: 'IT',
    created: unixNow(),
    default_currency: 'eur',
    details_submitted: false,
    email: null,
    metadata: {},
    payouts_enabled: false,
    requirements: {
      alternatives: [],
      current_deadline: null,
      currently_due: [...ONBOARDING_FIELDS],
      disabled_reason: 'requirements.past_due',
      errors: [],
      eventually_due: [...ONBOARDING_FIELDS],
      past_due: [...ONBOARDING_FIELDS],
      pending_verification: [],
    },
    type: 'express',
    ...rest,
  };
}

export function buildTransfer(fields: Pick<FakeTransfer, 'amount' | 'currency' | 'destination'> & Partial<FakeTransfer>): FakeTransfer {
  const { amount, currency, destination, ...rest } = fields;
  const id = rest.id ?? stripeId('tr');
  return {
    id,
    object: 'transfer',
    amount,
    amount_reversed: 0,
    balance_transaction: stripeId('txn'),
    created: unixNow(),
    currency,
    description: null,
    destination,
    destination_payment: stripeId('py'),
    livemode: false,
    metadata: {},
    reversed: false,
    source_transaction: null,
    source_type: 'card',
    transfer_group: null,
    reversals: { object: 'list', data: [], has_more: false, url: `/v1/transfers/${id}/reversals` },
    ...rest,
  };
}

export function buildTransferReversal(
  transfer: FakeTransfer,
  fields: Pick<FakeTransferReversal, 'amount'> & Partial<FakeTransferReversal>,
): FakeTransferReversal {
  const { amount, ...rest } = fields;
  return {
    id: stripeId('trr'),
    object: 'transfer_reversal',
    amount,
    balance_transaction: stripeId('txn'),
    created: unixNow(),
    currency: transfer.currency,
    destination_payment_refund: stripeId('pyr'),
    metadata: {},
    source_refund: null,
    transfer: transfer.id,
    ...rest,
  };
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomToken(length: number): string {
  let token = '';
  for (const byte of randomBytes(length)) token += ALPHABET.charAt(byte % ALPHABET.length);
  return token;
}

export const stripeId = (prefix: string, length = 24): string => `${prefix}_${randomToken(length)}`;

export const unixNow = (): number => Math.floor(Date.now() / 1000);

/** A PaymentIntent as `POST /v1/payment_intents` returns it. */
export function buildPaymentIntent(fields: Pick<FakePaymentIntent, 'amount' | 'currency'> & Partial<FakePaymentIntent>): FakePaymentIntent {
  const { amount, currency, ...rest } = fields;
  const id = rest.id ?? stripeId('pi');
  return {
    id,
    object: 'payment_intent',
    amount,
    amount_capturable: 0,
    amount_received: 0,
    automatic_payment_methods: { enabled: true },
    canceled_at: null,
    cancellation_reason: null,
    capture_method: 'automatic_async',
    client_secret: `${id}_secret_${randomToken(25)}`,
    confirmation_method: 'automatic',
    created: unixNow(),
    currency,
    customer: null,
    description: null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    metadata: {},
    next_action: null,
    payment_method: null,
    payment_method_types: ['card'],
    receipt_email: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: 'requires_payment_method',
    transfer_group: null,
    ...rest,
  };
}

/**
 * A Checkout Session as `POST /v1/checkout/sessions` returns it: open, unpaid, with no PaymentIntent yet
 * (current API versions create it when the customer pays) and a hosted page on checkout.stripe.com.
 */
export function buildCheckoutSession(
  fields: Pick<FakeCheckoutSession, 'amount_total' | 'currency' | 'success_url'> & Partial<FakeCheckoutSession>,
): FakeCheckoutSession {
  const id = fields.id ?? stripeId('cs_test', 58);
  const created = unixNow();
  return {
    id,
    object: 'checkout.session',
    amount_subtotal: fields.amount_total,
    cancel_url: null,
    client_reference_id: null,
    created,
    customer: null,
    customer_details: null,
    customer_email: null,
    expires_at: created + 24 * 3600,
    livemode: false,
    locale: null,
    metadata: {},
    mode: 'payment',
    payment_intent: null,
    payment_method_types: ['card'],
    payment_status: 'unpaid',
    status: 'open',
    submit_type: null,
    ui_mode: 'hosted',
    url: `https://checkout.stripe.com/c/pay/${id}#${randomToken(40)}`,
    ...fields,
  };
}

/** The charge behind a payment attempt; a `failure` makes it a declined one. */
export function buildCharge(paymentIntent: FakePaymentIntent, failure?: { code: string; message: string }): FakeCharge {
  const id = stripeId('ch');
  const paid = failure === undefined;
  return {
    id,
    object: 'charge',
    amount: paymentIntent.amount,
    amount_captured: paid ? paymentIntent.amount : 0,
    amount_refunded: 0,
    balance_transaction: paid ? stripeId('txn') : null,
    captured: paid,
    created: unixNow(),
    currency: paymentIntent.currency,
    customer: paymentIntent.customer,
    description: paymentIntent.description,
    failure_code: failure?.code ?? null,
    failure_message: failure?.message ?? null,
    livemode: false,
    metadata: { ...paymentIntent.metadata },
    paid,
    payment_intent: paymentIntent.id,
    payment_method: stripeId('pm'),
    receipt_email: paymentIntent.receipt_email,
    refunded: false,
    status: paid ? 'succeeded' : 'failed',
    refunds: { object: 'list', data: [], has_more: false, url: `/v1/charges/${id}/refunds` },
  };
}

/** A refund on `charge`; booking it on the charge is the caller's job. */
export function buildRefund(charge: FakeCharge, fields: Pick<FakeRefund, 'amount'> & Partial<FakeRefund>): FakeRefund {
  const { amount, ...rest } = fields;
  return {
    id: stripeId('re'),
    object: 'refund',
    amount,
    balance_transaction: stripeId('txn'),
    charge: charge.id,
    created: unixNow(),
    currency: charge.currency,
    metadata: {},
    payment_intent: charge.payment_intent,
    reason: null,
    receipt_number: null,
    status: 'succeeded',
    ...rest,
  };
}

export interface FakeStripeEvent<T extends object = object> {
  id: string;
  object: 'event';
  /** Set on events of a connected account: the account the event happened on. */
  account?: string;
  api_version: string;
  created: number;
  data: { object: T; previous_attributes?: Record<string, unknown> };
  livemode: boolean;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: Stripe.Event.Type;
}

export interface EventOverrides {
  id?: string;
  account?: string;
  api_version?: string;
  created?: number;
  pending_webhooks?: number;
  request?: { id: string | null; idempotency_key: string | null };
  previous_attributes?: Record<string, unknown>;
}

export function stripeEvent<T extends object>(type: Stripe.Event.Type, object: T, overrides: EventOverrides = {}): FakeStripeEvent<T> {
  const { previous_attributes, ...rest } = overrides;
  return {
    id: stripeId('evt'),
    object: 'event',
    api_version: Stripe.API_VERSION,
    created: unixNow(),
    // An event is a snapshot: later changes to the fake's live objects must not leak into it.
    data: { object: structuredClone(object), ...(previous_attributes === undefined ? {} : { previous_attributes }) },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    ...rest,
  };
}

/** `charge.refunded` as sent right after the charge's most recent refund (`refunds.data[0]`). */
export function chargeRefundedEvent(charge: FakeCharge, overrides: EventOverrides = {}): FakeStripeEvent<FakeCharge> {
  const latest = charge.refunds.data[0];
  return stripeEvent('charge.refunded', charge, {
    previous_attributes: { amount_refunded: charge.amount_refunded - (latest?.amount ?? 0), refunded: false },
    ...overrides,
  });
}

/** The `Stripe-Signature` header value for `payload`; pass an old `timestamp` to test tolerance. */
export function signedWebhook(payload: string, secret: string, timestamp?: number): string {
  return Stripe.webhooks.generateTestHeaderString(timestamp === undefined ? { payload, secret } : { payload, secret, timestamp });
}

/**
 * Body and headers of a webhook delivery. The body is pretty-printed like Stripe's, so a handler
 * that verifies a re-serialised body instead of the raw bytes fails here as it would in production.
 */
export function webhookDelivery(event: FakeStripeEvent, secret: string): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify(event, null, 2);
  return {
    body,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'stripe-signature': signedWebhook(body, secret),
      'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
    },
  };
}
