/**
 * The shape of every Stripe event the webhook applies. A valid signature says Stripe sent the bytes, not
 * that they hold what the ledger needs: `amount: "500"` would be concatenated, not added. Each object is
 * parsed here before anything is written; an event that does not fit is kept aside, never applied.
 */
import { z } from 'astro/zod';
import { MAX_PLEDGE_CENTS } from '../../domain/money.ts';

// eslint-disable-next-line no-control-regex -- control characters are what this replaces
const CONTROL_CHARACTERS = /[\u0000-\u001F\u007F]/g;

const id = (prefixes: string[]) =>
  z.string().regex(new RegExp(`^(?:${prefixes.join('|')})_[A-Za-z0-9]{1,200}$`), {
    error: `must be a Stripe id starting with ${prefixes.join('_ or ')}_`,
  });

/** An expandable field: the id alone, or the object when the event expanded it. */
const ref = (prefixes: string[]) =>
  z.union([
    id(prefixes),
    z
      .object({ id: id(prefixes) })
      .loose()
      .transform((value) => value.id),
  ]);

const cents = z.number({ error: 'must be a number of cents' }).int().min(0).max(MAX_PLEDGE_CENTS);
const positiveCents = cents.refine((value) => value > 0, { error: 'must be more than zero' });
const eur = z.literal('eur', { error: 'must be eur: the platform takes euros only' });

const paymentIntentId = id(['pi']);

export const succeededPaymentSchema = z
  .object({
    id: paymentIntentId,
    object: z.literal('payment_intent'),
    amount: positiveCents,
    amount_received: cents,
    currency: eur,
    metadata: z
      .object({
        campaign: z.string().min(1).max(120),
        pledgeId: z.uuid({ error: 'must be the pledge id the platform gave the PaymentIntent' }),
      })
      .loose(),
  })
  .loose()
  .refine((intent) => intent.amount_received <= intent.amount, { error: 'amount_received is more than amount', path: ['amount_received'] });

export const endedPaymentSchema = z.object({ id: paymentIntentId, object: z.literal('payment_intent') }).loose();

const refundStatus = z.enum(['pending', 'requires_action', 'succeeded', 'failed', 'canceled']);

export const refundSchema = z
  .object({
    id: id(['re', 'pyr']),
    object: z.literal('refund'),
    amount: positiveCents,
    currency: eur,
    status: refundStatus.nullable().transform((status) => status ?? 'pending'),
    payment_intent: ref(['pi']).nullable(),
    created: z.number().int().nonnegative(),
  })
  .loose();

export const chargeSchema = z
  .object({
    id: id(['ch', 'py']),
    object: z.literal('charge'),
    amount: positiveCents,
    currency: eur,
    payment_intent: ref(['pi']).nullable(),
    // Newer API versions leave the refunds out; they are then asked of Stripe.
    refunds: z
      .object({ data: z.array(refundSchema) })
      .loose()
      .nullish(),
  })
  .loose();

export const disputeSchema = z
  .object({
    id: id(['du', 'dp']),
    object: z.literal('dispute'),
    amount: positiveCents,
    currency: eur,
    status: z.string().min(1).max(50),
    charge: ref(['ch', 'py']).nullable(),
    payment_intent: ref(['pi']).nullable().optional(),
  })
  .loose();

/** A connected account, as `account.updated` carries it: only what tells whether it can receive money. */
export const accountSchema = z
  .object({
    id: id(['acct']),
    object: z.literal('account'),
    charges_enabled: z.boolean(),
    payouts_enabled: z.boolean(),
    details_submitted: z.boolean(),
    capabilities: z.record(z.string(), z.string()).optional(),
    requirements: z
      .object({
        currently_due: z.array(z.string()).nullish(),
        past_due: z.array(z.string()).nullish(),
        eventually_due: z.array(z.string()).nullish(),
        disabled_reason: z.string().nullish(),
        current_deadline: z.number().int().nullish(),
      })
      .loose()
      .nullish(),
  })
  .loose();

/**
 * A Checkout Session, as `checkout.session.completed` carries it (the donate form sent without JavaScript):
 * only the id of its PaymentIntent, which is read from Stripe and parsed as above before it counts.
 */
export const checkoutSessionSchema = z
  .object({
    id: id(['cs_test', 'cs_live', 'cs']),
    object: z.literal('checkout.session'),
    mode: z.string().min(1).max(30),
    payment_status: z.string().min(1).max(30),
    payment_intent: ref(['pi']).nullable(),
  })
  .loose();

export type SucceededPayment = z.output<typeof succeededPaymentSchema>;
export type CheckoutSessionObject = z.output<typeof checkoutSessionSchema>;
export type AccountObject = z.output<typeof accountSchema>;
export type EndedPayment = z.output<typeof endedPaymentSchema>;
export type RefundObject = z.output<typeof refundSchema>;
export type ChargeObject = z.output<typeof chargeSchema>;
export type DisputeObject = z.output<typeof disputeSchema>;

export type AppliedEvent =
  | { id: string; type: 'payment_intent.succeeded'; object: SucceededPayment }
  | { id: string; type: 'payment_intent.payment_failed' | 'payment_intent.canceled'; object: EndedPayment }
  | { id: string; type: 'charge.refunded'; object: ChargeObject }
  | { id: string; type: 'refund.created' | 'refund.updated' | 'refund.failed' | 'charge.refund.updated'; object: RefundObject }
  | { id: string; type: 'charge.dispute.closed'; object: DisputeObject }
  | { id: string; type: 'checkout.session.completed' | 'checkout.session.async_payment_succeeded'; object: CheckoutSessionObject }
  | { id: string; type: 'account.updated'; object: AccountObject; created: number }
  | { id: string; type: 'other'; stripeType: string };

const OBJECT_SCHEMAS: Record<string, z.ZodType> = {
  'payment_intent.succeeded': succeededPaymentSchema,
  'payment_intent.payment_failed': endedPaymentSchema,
  'payment_intent.canceled': endedPaymentSchema,
  'charge.refunded': chargeSchema,
  'refund.created': refundSchema,
  'refund.updated': refundSchema,
  'refund.failed': refundSchema,
  'charge.refund.updated': refundSchema,
  'charge.dispute.closed': disputeSchema,
  'checkout.session.completed': checkoutSessionSchema,
  'checkout.session.async_payment_succeeded': checkoutSessionSchema,
  'account.updated': accountSchema,
};

const envelopeSchema = z
  .object({
    id: id(['evt']),
    object: z.literal('event'),
    type: z
      .string()
      .regex(/^[a-z_]+(?:\.[a-z_]+){1,4}$/, { error: 'must be a Stripe event type' })
      .max(100),
    data: z.object({ object: z.object({}).loose() }, { error: 'must hold the event object' }),
    created: z.number().int().nonnegative().optional(),
    /** Set on events of a connected account (the Connect endpoint). */
    account: id(['acct']).optional(),
  })
  .loose();

export type ParsedEvent = { ok: true; event: AppliedEvent } | { ok: false; reason: string };

const describe = (error: z.ZodError, prefix: string) =>
  error.issues
    .slice(0, 5)
    .map((issue) => `${[prefix, ...issue.path.map(String)].filter(Boolean).join('.') || 'event'}: ${issue.message}`)
    .join('; ');

/** Parses a signed event: the envelope of any event, and the object of each event the ledger applies. */
export function parseEvent(raw: unknown): ParsedEvent {
  const envelope = envelopeSchema.safeParse(raw);
  if (!envelope.success) return { ok: false, reason: describe(envelope.error, '') };
  const { id: eventId, type, data, account, created } = envelope.data;
  // Of a connected account's events only account.updated matters: its money is tracked by the platform's own.
  if (account !== undefined && type !== 'account.updated') return { ok: true, event: { id: eventId, type: 'other', stripeType: type } };
  const schema = OBJECT_SCHEMAS[type];
  if (!schema) return { ok: true, event: { id: eventId, type: 'other', stripeType: type } };
  const object = schema.safeParse(data.object);
  if (!object.success) return { ok: false, reason: describe(object.error, 'data.object') };
  if (type === 'account.updated')
    return { ok: true, event: { id: eventId, type, object: object.data as AccountObject, created: created ?? 0 } };
  return { ok: true, event: { id: eventId, type, object: object.data } as AppliedEvent };
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * What is kept of a rejected event for the person who looks into it: ids, amounts, currency, status and
 * the platform's own metadata. No e-mail, name, address or card detail: the full event stays at Stripe.
 */
export function rejectedSummary(raw: unknown): {
  eventId: string | null;
  type: string | null;
  objectId: string | null;
  fields: Record<string, unknown>;
} {
  const record = (value: unknown): Record<string, unknown> =>
    value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  // Stored as text and jsonb: no control characters, and no lone surrogate (jsonb refuses `\ud800`).
  const text = (value: unknown) =>
    typeof value === 'string' ? value.slice(0, 255).replace(CONTROL_CHARACTERS, '?').replace(LONE_SURROGATE, '\ufffd') : null;
  const scalar = (value: unknown) =>
    typeof value === 'string'
      ? text(value)
      : typeof value === 'number' || typeof value === 'boolean' || value === null
        ? value
        : typeof value;
  const event = record(raw);
  const object = record(record(event['data'])['object']);
  const metadata = record(object['metadata']);
  const fields: Record<string, unknown> = {};
  for (const name of ['object', 'amount', 'amount_received', 'currency', 'status', 'payment_intent', 'charge', 'created']) {
    if (name in object) fields[name] = scalar(object[name]);
  }
  for (const name of ['campaign', 'pledgeId']) if (name in metadata) fields[`metadata.${name}`] = scalar(metadata[name]);
  if (!('data' in event) || event['data'] === null) fields['data'] = event['data'] === null ? null : 'missing';
  return { eventId: text(event['id']), type: text(event['type']), objectId: text(object['id']), fields };
}
