/**
 * A local fake of the Stripe v1 HTTP API for tests, spoken on the real wire format so the
 * real `stripe` SDK can be pointed at it (`host: '127.0.0.1', port, protocol: 'http'`).
 * It models only what the app uses: PaymentIntents, their charges, refunds, and Connect's connected
 * accounts, account links, transfers and transfer reversals; the shape
 * of those objects lives in `stripe-events.ts`, next to the webhook events that carry them.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type Stripe from 'stripe';
import {
  buildAccount,
  buildCharge,
  buildCheckoutSession,
  buildPaymentIntent,
  buildRefund,
  buildTransfer,
  buildTransferReversal,
  stripeEvent,
  stripeId,
  unixNow,
  type FakeAccount,
  type FakeAccountLink,
  type FakeCharge,
  type FakeCheckoutSession,
  type FakePaymentIntent,
  type FakeRefund,
  type FakeStripeEvent,
  type FakeTransfer,
  type FakeTransferReversal,
} from './stripe-events.ts';

export type {
  FakeAccount,
  FakeAccountLink,
  FakeCharge,
  FakeCheckoutSession,
  FakePaymentIntent,
  FakeRefund,
  FakeTransfer,
  FakeTransferReversal,
};

/** A form-encoded parameter after `a[b][0]=c` nesting has been resolved. */
export type FormValue = string | FormValue[] | FormObject;
export interface FormObject {
  [key: string]: FormValue;
}

/** The `error` member of a Stripe error response. */
export interface StripeErrorBody {
  type: 'api_error' | 'card_error' | 'idempotency_error' | 'invalid_request_error';
  message: string;
  code?: string | undefined;
  decline_code?: string | undefined;
  param?: string | undefined;
}

export interface InjectedError extends StripeErrorBody {
  status: number;
  /** Sent as `Stripe-Should-Retry`, which the SDK obeys before looking at the status code. */
  shouldRetry?: boolean;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  query: FormObject;
  body: FormObject;
  rawBody: string;
  idempotencyKey: string | undefined;
  /** 0 until the response has been written. */
  status: number;
}

export interface FakeStripeOptions {
  /** Accept only this key; by default any `sk_test_`/`rk_test_` key is accepted. */
  secretKey?: string;
}

class ApiError extends Error {
  readonly status: number;
  readonly body: StripeErrorBody;
  constructor(status: number, body: StripeErrorBody) {
    super(body.message);
    this.status = status;
    this.body = body;
  }
}

const invalidRequest = (message: string, param?: string, code?: string, status = 400): ApiError =>
  new ApiError(status, { type: 'invalid_request_error', message, param, code });

const noSuch = (resource: string, id: string, param: string, status = 400): ApiError =>
  invalidRequest(`No such ${resource}: '${id}'`, param, 'resource_missing', status);

/** Decodes `a[b][c]=v` / `list[0]=v` form encoding (body or query string) into nested values. */
export function parseForm(encoded: string): FormObject {
  const root: FormObject = {};
  for (const [key, value] of new URLSearchParams(encoded)) {
    const segments = [/^[^[]*/.exec(key)?.[0] ?? key, ...Array.from(key.matchAll(/\[([^\]]*)\]/g), (m) => m[1] ?? '')];
    const last = segments.pop() ?? key;
    let node = root;
    for (const segment of segments) {
      const name = segment === '' ? String(Object.keys(node).length) : segment;
      const child = node[name];
      if (typeof child === 'object' && !Array.isArray(child)) {
        node = child;
      } else {
        const created: FormObject = {};
        node[name] = created;
        node = created;
      }
    }
    node[last === '' ? String(Object.keys(node).length) : last] = value;
  }
  return toArrays(root) as FormObject;
}

function toArrays(value: FormValue): FormValue {
  if (typeof value === 'string' || Array.isArray(value)) return value;
  const entries = Object.entries(value).map(([k, v]) => [k, toArrays(v)] as const);
  const indexed = entries.length > 0 && entries.every(([k], i) => k === String(i));
  return indexed ? entries.map(([, v]) => v) : Object.fromEntries(entries);
}

// Idempotency compares parameters, not bytes, so key order in the body must not matter.
function canonical(value: FormValue): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

function rejectUnknown(params: FormObject, allowed: readonly string[], prefix = ''): void {
  const unknown = Object.keys(params).find((key) => !allowed.includes(key));
  const name = prefix === '' ? unknown : `${prefix}[${unknown}]`;
  if (unknown !== undefined) throw invalidRequest(`Received unknown parameter: ${name}`, name, 'parameter_unknown');
}

function required<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw invalidRequest(`Missing required param: ${name}.`, name, 'parameter_missing');
  return value;
}

function optString(params: FormObject, key: string, name = key): string | undefined {
  const value = params[key];
  if (value === undefined || typeof value === 'string') return value;
  throw invalidRequest(`Invalid string: ${JSON.stringify(value)}`, name);
}

function optObject(params: FormObject, key: string): FormObject | undefined {
  const value = params[key];
  if (value === undefined || (typeof value === 'object' && !Array.isArray(value))) return value;
  throw invalidRequest('Invalid hash', key);
}

function optInteger(params: FormObject, key: string, name = key): number | undefined {
  const value = optString(params, key, name);
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value)) throw invalidRequest(`Invalid integer: ${value}`, name, 'parameter_invalid_integer');
  return Number(value);
}

function optAmount(params: FormObject, key = 'amount'): number | undefined {
  const amount = optInteger(params, key);
  if (amount !== undefined && amount < 1) {
    throw invalidRequest('This value must be greater than or equal to 1.', key, 'amount_too_small');
  }
  return amount;
}

function optEnum<T extends string>(params: FormObject, key: string, allowed: readonly T[], name = key): T | undefined {
  const value = optString(params, key, name);
  if (value === undefined || allowed.some((option) => option === value)) return value as T | undefined;
  throw invalidRequest(`Invalid ${name}: must be one of ${allowed.join(', ')}`, name);
}

function optCurrency(params: FormObject): string | undefined {
  const value = optString(params, 'currency');
  if (value !== undefined && !/^[a-z]{3}$/i.test(value)) throw invalidRequest(`Invalid currency: ${value}.`, 'currency');
  return value?.toLowerCase();
}

/** Stripe reads an empty string as "unset", i.e. `null`. */
function optNullable(params: FormObject, key: string): string | null | undefined {
  const value = optString(params, key);
  return value === '' ? null : value;
}

function optEmail(params: FormObject, key: string): string | null | undefined {
  const value = optNullable(params, key);
  if (typeof value === 'string' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) {
    throw invalidRequest(`Invalid email address: ${value}`, key, 'email_invalid');
  }
  return value;
}

/** `null` is `metadata=`, which Stripe reads as "clear every key". */
function optMetadata(params: FormObject): Record<string, string> | null | undefined {
  if (params.metadata === '') return null;
  const metadata = optObject(params, 'metadata');
  if (metadata === undefined) return undefined;
  if (Object.keys(metadata).length > 50) throw invalidRequest('Metadata can have up to 50 keys.', 'metadata');
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(metadata)) {
    if (typeof value !== 'string') throw invalidRequest('Invalid hash', `metadata[${key}]`);
    if (key.length > 40) throw invalidRequest('Metadata keys can be up to 40 characters long.', `metadata[${key}]`);
    if (value.length > 500) throw invalidRequest('Metadata values can be up to 500 characters long.', `metadata[${key}]`);
    result[key] = value;
  }
  return result;
}

function applyMetadata(target: Stripe.Metadata, update: Record<string, string> | null | undefined): void {
  // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- Stripe's metadata is a map of arbitrary keys, unset here as Stripe does
  if (update === null) for (const key of Object.keys(target)) delete target[key];
  for (const [key, value] of Object.entries(update ?? {})) {
    // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- an empty value unsets that metadata key, as at Stripe
    if (value === '') delete target[key];
    else target[key] = value;
  }
}

const money = (amount: number, currency: string): string =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency: currency.toUpperCase() }).format(amount / 100);

function paginate<T extends { id: string; created: number }>(
  items: T[],
  params: FormObject,
  url: string,
  resource: string,
): Stripe.ApiList<T> {
  const limit = optInteger(params, 'limit') ?? 10;
  if (limit < 1 || limit > 100) throw invalidRequest('Invalid limit: must be between 1 and 100', 'limit');
  // Newest first, like Stripe; items created within the same second keep creation order (reversed).
  const sorted = items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => b.item.created - a.item.created || b.index - a.index)
    .map(({ item }) => item);
  const after = optString(params, 'starting_after');
  const cursor = after === undefined ? -1 : sorted.findIndex((item) => item.id === after);
  if (after !== undefined && cursor < 0) throw noSuch(resource, after, 'starting_after');
  const inCreated = createdFilter(params);
  const rest = sorted.slice(cursor + 1).filter((item) => inCreated(item.created));
  return { object: 'list', data: rest.slice(0, limit), has_more: rest.length > limit, url };
}

function createdFilter(params: FormObject): (created: number) => boolean {
  if (typeof params.created === 'string') {
    const exact = optInteger(params, 'created');
    return (created) => created === exact;
  }
  const range = optObject(params, 'created');
  if (range === undefined) return () => true;
  rejectUnknown(range, ['gt', 'gte', 'lt', 'lte'], 'created');
  const [gt, gte, lt, lte] = (['gt', 'gte', 'lt', 'lte'] as const).map((op) => optInteger(range, op, `created[${op}]`));
  return (created) =>
    (gt === undefined || created > gt) &&
    (gte === undefined || created >= gte) &&
    (lt === undefined || created < lt) &&
    (lte === undefined || created <= lte);
}

const DECLINE_MESSAGES: Record<string, string> = {
  insufficient_funds: 'Your card has insufficient funds.',
  expired_card: 'Your card has expired.',
};
const CANCELABLE = ['requires_payment_method', 'requires_capture', 'requires_confirmation', 'requires_action', 'processing'];
const AMOUNT_EDITABLE = ['requires_payment_method', 'requires_confirmation', 'requires_action'];
const LIST_PARAMS = ['created', 'limit', 'starting_after'];

interface Route {
  method: string;
  pattern: string;
  regex: RegExp;
  handler: (params: FormObject, id: string) => object;
}

const route = (method: string, pattern: string, handler: Route['handler']): Route => ({
  method,
  pattern,
  handler,
  regex: new RegExp(`^${pattern.replace(':id', '([^/]+)')}$`),
});

export async function startFakeStripe(options: FakeStripeOptions = {}): Promise<FakeStripe> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return new FakeStripe(server, options);
}

/** Create with `startFakeStripe()`. State is public and live so tests can inspect and adjust it. */
export class FakeStripe {
  readonly port: number;
  readonly apiBase: string;
  readonly requests: RecordedRequest[] = [];
  readonly paymentIntents = new Map<string, FakePaymentIntent>();
  readonly charges = new Map<string, FakeCharge>();
  readonly refunds = new Map<string, FakeRefund>();
  readonly checkoutSessions = new Map<string, FakeCheckoutSession>();
  /** What each session will give its PaymentIntent (`payment_intent_data`), kept apart as Stripe does. */
  readonly #sessionIntentData = new Map<
    string,
    { metadata: Stripe.Metadata; description: string | null; receipt_email: string | null; transfer_group: string | null }
  >();
  readonly accounts = new Map<string, FakeAccount>();
  readonly accountLinks: FakeAccountLink[] = [];
  readonly transfers = new Map<string, FakeTransfer>();
  /** Status given to refunds created from now on; `settleRefund` moves pending ones along. */
  refundStatus: 'succeeded' | 'pending' = 'succeeded';

  readonly #server: Server;
  readonly #secretKey: string | undefined;
  readonly #idempotent = new Map<string, { fingerprint: string; body: string; requestId: string }>();
  readonly #failures: Array<{ method: string | undefined; path: string; error: InjectedError; remaining: number }> = [];
  readonly #routes: Route[] = [
    route('POST', '/v1/payment_intents', (params) => this.#createPaymentIntent(params)),
    route('GET', '/v1/payment_intents', (params) => this.#listPaymentIntents(params)),
    route('GET', '/v1/payment_intents/:id', (params, id) => this.#retrieve(params, this.paymentIntents, 'payment_intent', id, 'intent')),
    route('POST', '/v1/payment_intents/:id', (params, id) => this.#updatePaymentIntent(params, id)),
    route('POST', '/v1/payment_intents/:id/cancel', (params, id) => this.#cancelPaymentIntent(params, id)),
    route('GET', '/v1/charges/:id', (params, id) => this.#retrieve(params, this.charges, 'charge', id)),
    route('POST', '/v1/refunds', (params) => this.#createRefund(params)),
    route('GET', '/v1/refunds', (params) => this.#listRefunds(params)),
    route('GET', '/v1/refunds/:id', (params, id) => this.#retrieve(params, this.refunds, 'refund', id)),
    route('POST', '/v1/checkout/sessions', (params) => this.#createCheckoutSession(params)),
    route('GET', '/v1/checkout/sessions/:id', (params, id) => this.#retrieve(params, this.checkoutSessions, 'checkout.session', id)),
    route('POST', '/v1/accounts', (params) => this.#createAccount(params)),
    route('GET', '/v1/accounts/:id', (params, id) => this.#retrieve(params, this.accounts, 'account', id, 'account')),
    route('POST', '/v1/account_links', (params) => this.#createAccountLink(params)),
    route('POST', '/v1/transfers', (params) => this.#createTransfer(params)),
    route('GET', '/v1/transfers', (params) => this.#listTransfers(params)),
    route('GET', '/v1/transfers/:id', (params, id) => this.#retrieve(params, this.transfers, 'transfer', id)),
    route('POST', '/v1/transfers/:id/reversals', (params, id) => this.#createTransferReversal(params, id)),
  ];

  constructor(server: Server, options: FakeStripeOptions = {}) {
    this.#server = server;
    this.#secretKey = options.secretKey;
    this.port = (server.address() as AddressInfo).port;
    this.apiBase = `http://127.0.0.1:${this.port}`;
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      // Only an aborted upload gets here; there is nobody left to answer.
      this.#handle(req, res).catch(() => res.destroy());
    });
  }

  /** Payment confirmed by the customer: a succeeded charge becomes `latest_charge`. */
  succeed(paymentIntentId: string): FakePaymentIntent {
    const pi = this.#payable(paymentIntentId);
    const charge = buildCharge(pi);
    this.charges.set(charge.id, charge);
    Object.assign(pi, {
      status: 'succeeded',
      amount_received: pi.amount,
      latest_charge: charge.id,
      payment_method: charge.payment_method,
      last_payment_error: null,
    } satisfies Partial<FakePaymentIntent>);
    return pi;
  }

  /**
   * The customer pays on the hosted page: Stripe creates the session's PaymentIntent (with the session's
   * `payment_intent_data`), the payment succeeds, and the session becomes complete and paid. The caller
   * sends `checkout.session.completed` with the returned session.
   */
  completeCheckoutSession(sessionId: string): { session: FakeCheckoutSession; paymentIntent: FakePaymentIntent } {
    const session = this.#find(this.checkoutSessions, 'checkout.session', sessionId);
    if (session.status !== 'open') throw new Error(`fake-stripe: ${session.id} is ${session.status}`);
    const data = this.#sessionIntentData.get(session.id) ?? { metadata: {}, description: null, receipt_email: null, transfer_group: null };
    const pi = buildPaymentIntent({
      amount: session.amount_total ?? 0,
      currency: session.currency ?? 'eur',
      metadata: { ...data.metadata },
      description: data.description,
      receipt_email: data.receipt_email ?? session.customer_email,
      transfer_group: data.transfer_group,
    });
    this.paymentIntents.set(pi.id, pi);
    this.succeed(pi.id);
    Object.assign(session, {
      status: 'complete',
      payment_status: 'paid',
      payment_intent: pi.id,
      url: null,
      customer_details: {
        email: session.customer_email,
        name: null,
        phone: null,
        address: null,
        tax_exempt: 'none',
        tax_ids: [],
        business_name: null,
        individual_name: null,
      },
    } satisfies Partial<FakeCheckoutSession>);
    return { session, paymentIntent: pi };
  }

  /** A declined attempt: Stripe records a failed charge and returns the intent to `requires_payment_method`. */
  fail(paymentIntentId: string, declineCode = 'generic_decline'): FakePaymentIntent {
    const pi = this.#payable(paymentIntentId);
    const message = DECLINE_MESSAGES[declineCode] ?? 'Your card was declined.';
    const charge = buildCharge(pi, { code: 'card_declined', message });
    this.charges.set(charge.id, charge);
    Object.assign(pi, {
      status: 'requires_payment_method',
      latest_charge: charge.id,
      payment_method: null,
      last_payment_error: {
        type: 'card_error',
        code: 'card_declined',
        decline_code: declineCode,
        message,
        charge: charge.id,
        doc_url: 'https://stripe.com/docs/error-codes/card-declined',
        payment_method_type: 'card',
      },
    } satisfies Partial<FakePaymentIntent>);
    return pi;
  }

  /** Resolves a pending refund; a failed one gives the amount back to the charge, as Stripe does. */
  settleRefund(refundId: string, status: 'succeeded' | 'failed'): FakeRefund {
    const refund = this.#find(this.refunds, 'refund', refundId);
    if (refund.status !== 'pending') throw new Error(`fake-stripe: ${refund.id} is not pending`);
    refund.status = status;
    const charge = refund.charge === null ? undefined : this.charges.get(refund.charge);
    if (status === 'failed' && charge !== undefined) {
      refund.failure_reason = 'expired_or_canceled_card';
      charge.amount_refunded -= refund.amount;
      charge.refunded = false;
    }
    return refund;
  }

  /**
   * Test hook: the organisation finished Stripe's onboarding. The account can take charges, receive
   * transfers and be paid out; the answer is the `account.updated` event Stripe would send to the
   * Connect endpoint (with `account` set), for the test to deliver.
   */
  completeOnboarding(accountId: string): FakeStripeEvent<FakeAccount> {
    const account = this.#find(this.accounts, 'account', accountId);
    const previous = {
      charges_enabled: account.charges_enabled,
      details_submitted: account.details_submitted,
      payouts_enabled: account.payouts_enabled,
    };
    Object.assign(account, {
      charges_enabled: true,
      details_submitted: true,
      payouts_enabled: true,
      capabilities: Object.fromEntries(Object.keys(account.capabilities ?? {}).map((name) => [name, 'active'])),
      requirements: {
        ...account.requirements!,
        currently_due: [],
        eventually_due: [],
        past_due: [],
        disabled_reason: null,
        current_deadline: null,
      },
    } satisfies Partial<FakeAccount>);
    return stripeEvent('account.updated', account, { account: account.id, previous_attributes: previous });
  }

  /** What a connected account holds from the platform: transfers to it, net of their reversals. */
  transferredTo(accountId: string): number {
    let total = 0;
    for (const transfer of this.transfers.values())
      if (transfer.destination === accountId) total += transfer.amount - transfer.amount_reversed;
    return total;
  }

  /**
   * The next `times` requests to `target` get `error` instead of being handled. `target` is a path
   * or a route pattern, optionally prefixed by a method: `'POST /v1/payment_intents/:id/cancel'`.
   * Nothing is stored for idempotency, so an SDK retry with the same key then goes through.
   */
  failNext(target: string, error: InjectedError, times = 1): void {
    const match = /^(?:(GET|POST|DELETE) )?(\/\S*)$/.exec(target);
    if (match === null) throw new Error(`fake-stripe: bad failNext target '${target}'`);
    this.#failures.push({ method: match[1], path: match[2] ?? target, error, remaining: times });
  }

  reset(): void {
    this.requests.length = 0;
    this.paymentIntents.clear();
    this.charges.clear();
    this.refunds.clear();
    this.checkoutSessions.clear();
    this.#sessionIntentData.clear();
    this.accounts.clear();
    this.accountLinks.length = 0;
    this.transfers.clear();
    this.#idempotent.clear();
    this.#failures.length = 0;
    this.refundStatus = 'succeeded';
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#server.close((error) => (error ? reject(error) : resolve()));
      // The SDK keeps sockets alive; without this, close() would wait for them to time out.
      this.#server.closeAllConnections();
    });
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', this.apiBase);
    const method = req.method ?? 'GET';
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    const record: RecordedRequest = {
      method,
      path: url.pathname,
      headers,
      query: parseForm(url.search.slice(1)),
      body: method === 'POST' ? parseForm(rawBody) : {},
      rawBody,
      // Stripe ignores idempotency keys on GET and DELETE.
      idempotencyKey: method === 'POST' ? headers['idempotency-key'] : undefined,
      status: 0,
    };
    this.requests.push(record);
    const requestId = stripeId('req', 14);
    const reply = (status: number, body: string, extra: Record<string, string> = {}): void => {
      record.status = status;
      res.writeHead(status, {
        'Content-Type': 'application/json',
        'Request-Id': requestId,
        ...(record.idempotencyKey === undefined ? {} : { 'Idempotency-Key': record.idempotencyKey }),
        ...(headers['stripe-version'] === undefined ? {} : { 'Stripe-Version': headers['stripe-version'] }),
        ...extra,
      });
      res.end(body);
    };
    const errorJson = (error: StripeErrorBody): string =>
      JSON.stringify({
        error: {
          ...(error.code === undefined ? {} : { doc_url: `https://stripe.com/docs/error-codes/${error.code.replaceAll('_', '-')}` }),
          ...error,
          request_log_url: `https://dashboard.stripe.com/test/logs/${requestId}`,
        },
      });

    try {
      this.#authenticate(headers.authorization);
      const matched = this.#routes.find((r) => r.method === method && r.regex.test(url.pathname));
      const injected = this.#takeFailure(method, url.pathname, matched?.pattern);
      if (injected !== undefined) {
        const { status, shouldRetry, ...error } = injected;
        reply(status, errorJson(error), shouldRetry === undefined ? {} : { 'Stripe-Should-Retry': String(shouldRetry) });
        return;
      }
      if (matched === undefined) {
        throw invalidRequest(
          `Unrecognized request URL (${method}: ${url.pathname}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
          undefined,
          undefined,
          404,
        );
      }
      const key = record.idempotencyKey;
      const fingerprint = `${method} ${url.pathname} ${canonical(record.body)}`;
      const stored = key === undefined ? undefined : this.#idempotent.get(key);
      if (stored !== undefined) {
        if (stored.fingerprint !== fingerprint) {
          throw new ApiError(400, {
            type: 'idempotency_error',
            message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
          });
        }
        reply(200, stored.body, { 'Idempotent-Replayed': 'true', 'Original-Request': stored.requestId });
        return;
      }
      const params = method === 'POST' ? record.body : record.query;
      const id = decodeURIComponent(matched.regex.exec(url.pathname)?.[1] ?? '');
      const body = JSON.stringify(matched.handler(params, id));
      // Only successes are stored: Stripe saves no result when validation rejects the request.
      if (key !== undefined) this.#idempotent.set(key, { fingerprint, body, requestId });
      reply(200, body);
    } catch (error) {
      if (error instanceof ApiError) {
        reply(error.status, errorJson(error.body));
      } else {
        // A bug in the fake: fail loudly and tell the SDK not to retry it.
        reply(500, errorJson({ type: 'api_error', message: `fake-stripe crashed: ${String(error)}` }), { 'Stripe-Should-Retry': 'false' });
      }
    }
  }

  #authenticate(authorization: string | undefined): void {
    if (authorization === undefined) {
      throw invalidRequest(
        "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
        undefined,
        undefined,
        401,
      );
    }
    const key = /^Bearer (\S+)$/.exec(authorization)?.[1] ?? '';
    if (!/^(sk|rk)_test_\w+$/.test(key) || (this.#secretKey !== undefined && key !== this.#secretKey)) {
      const redacted = `${key.slice(0, 8)}${'*'.repeat(Math.max(0, key.length - 12))}${key.slice(-4)}`;
      throw invalidRequest(`Invalid API Key provided: ${redacted}`, undefined, undefined, 401);
    }
  }

  #takeFailure(method: string, path: string, pattern: string | undefined): InjectedError | undefined {
    const entry = this.#failures.find((f) => (f.method ?? method) === method && (f.path === path || f.path === pattern));
    if (entry === undefined) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.#failures.splice(this.#failures.indexOf(entry), 1);
    return entry.error;
  }

  #payable(id: string): FakePaymentIntent {
    const pi = this.#find(this.paymentIntents, 'payment_intent', id);
    if (pi.status === 'succeeded' || pi.status === 'canceled') throw new Error(`fake-stripe: ${pi.id} is already ${pi.status}`);
    return pi;
  }

  /** 404 when `id` is in the URL, 400 when it came as a parameter, like Stripe. */
  #find<T>(map: Map<string, T>, resource: string, id: string, param = 'id', status = 404): T {
    const found = map.get(id);
    if (found === undefined) throw noSuch(resource, id, param, status);
    return found;
  }

  #retrieve<T>(params: FormObject, map: Map<string, T>, resource: string, id: string, param = 'id'): T {
    rejectUnknown(params, resource === 'payment_intent' ? ['client_secret'] : []);
    return this.#find(map, resource, id, param);
  }

  #createPaymentIntent(params: FormObject): FakePaymentIntent {
    rejectUnknown(params, [
      'amount',
      'automatic_payment_methods',
      'currency',
      'description',
      'metadata',
      'receipt_email',
      'statement_descriptor_suffix',
      'transfer_group',
    ]);
    const amount = required(optAmount(params), 'amount');
    const currency = required(optCurrency(params), 'currency');
    const automatic = optObject(params, 'automatic_payment_methods');
    if (automatic !== undefined) rejectUnknown(automatic, ['enabled', 'allow_redirects'], 'automatic_payment_methods');
    const enabled =
      automatic === undefined
        ? undefined
        : required(
            optEnum(automatic, 'enabled', ['true', 'false'], 'automatic_payment_methods[enabled]'),
            'automatic_payment_methods[enabled]',
          );
    const redirects =
      automatic === undefined
        ? undefined
        : optEnum(automatic, 'allow_redirects', ['always', 'never'], 'automatic_payment_methods[allow_redirects]');
    const metadata: Stripe.Metadata = {};
    applyMetadata(metadata, optMetadata(params));
    const pi = buildPaymentIntent({
      amount,
      currency,
      metadata,
      // Current API versions enable automatic payment methods unless told otherwise.
      automatic_payment_methods:
        enabled === 'false' ? null : { enabled: true, ...(redirects === undefined ? {} : { allow_redirects: redirects }) },
      description: optNullable(params, 'description') ?? null,
      receipt_email: optEmail(params, 'receipt_email') ?? null,
      statement_descriptor_suffix: optNullable(params, 'statement_descriptor_suffix') ?? null,
      transfer_group: optNullable(params, 'transfer_group') ?? null,
    });
    this.paymentIntents.set(pi.id, pi);
    return pi;
  }

  /** Only the one-off payment with inline `price_data` the app uses; anything else is refused by name. */
  #createCheckoutSession(params: FormObject): FakeCheckoutSession {
    rejectUnknown(params, [
      'cancel_url',
      'client_reference_id',
      'customer_email',
      'line_items',
      'locale',
      'metadata',
      'mode',
      'payment_intent_data',
      'submit_type',
      'success_url',
    ]);
    const mode = required(optEnum(params, 'mode', ['payment', 'setup', 'subscription']), 'mode');
    if (mode !== 'payment') throw invalidRequest(`fake-stripe models only mode=payment, not ${mode}.`, 'mode');
    const successUrl = optString(params, 'success_url');
    if (successUrl === undefined) throw invalidRequest('Missing required param: success_url.', 'success_url', 'parameter_missing');
    const items = params['line_items'];
    if (!Array.isArray(items) || items.length === 0)
      throw invalidRequest('Missing required param: line_items.', 'line_items', 'parameter_missing');
    let amountTotal = 0;
    let currency: string | undefined;
    items.forEach((item, index) => {
      const prefix = `line_items[${index}]`;
      if (typeof item !== 'object' || Array.isArray(item)) throw invalidRequest(`Invalid object`, prefix);
      rejectUnknown(item, ['price_data', 'quantity'], prefix);
      const quantity = required(optInteger(item, 'quantity', `${prefix}[quantity]`), `${prefix}[quantity]`);
      const price = optObject(item, 'price_data');
      if (price === undefined) throw invalidRequest(`You must specify either \`price\` or \`price_data\` in each line item.`, prefix);
      rejectUnknown(price, ['currency', 'product_data', 'unit_amount'], `${prefix}[price_data]`);
      const unit = required(optAmount(price, 'unit_amount'), `${prefix}[price_data][unit_amount]`);
      const itemCurrency = required(optCurrency(price), `${prefix}[price_data][currency]`);
      const product = optObject(price, 'product_data');
      if (product === undefined || typeof product['name'] !== 'string' || product['name'] === '') {
        throw invalidRequest(
          'Missing required param: line_items[0][price_data][product_data][name].',
          `${prefix}[price_data][product_data][name]`,
          'parameter_missing',
        );
      }
      if (currency !== undefined && currency !== itemCurrency)
        throw invalidRequest('All line items must use the same currency.', `${prefix}[price_data][currency]`);
      currency = itemCurrency;
      amountTotal += unit * quantity;
    });
    const intentData = optObject(params, 'payment_intent_data');
    if (intentData !== undefined)
      rejectUnknown(intentData, ['description', 'metadata', 'receipt_email', 'transfer_group'], 'payment_intent_data');
    const intentMetadata: Stripe.Metadata = {};
    if (intentData !== undefined) applyMetadata(intentMetadata, optMetadata(intentData));
    const metadata: Stripe.Metadata = {};
    applyMetadata(metadata, optMetadata(params));
    const locale = optString(params, 'locale');
    const session = buildCheckoutSession({
      amount_total: amountTotal,
      currency: currency ?? 'eur',
      success_url: successUrl,
      metadata,
      cancel_url: optString(params, 'cancel_url') ?? null,
      client_reference_id: optString(params, 'client_reference_id') ?? null,
      customer_email: optEmail(params, 'customer_email') ?? null,
      locale: locale ?? null,
      submit_type: optEnum(params, 'submit_type', ['auto', 'book', 'donate', 'pay', 'subscribe']) ?? null,
    });
    this.checkoutSessions.set(session.id, session);
    this.#sessionIntentData.set(session.id, {
      metadata: intentMetadata,
      description: intentData === undefined ? null : (optNullable(intentData, 'description') ?? null),
      receipt_email: intentData === undefined ? null : (optEmail(intentData, 'receipt_email') ?? null),
      transfer_group: intentData === undefined ? null : (optNullable(intentData, 'transfer_group') ?? null),
    });
    return session;
  }

  #updatePaymentIntent(params: FormObject, id: string): FakePaymentIntent {
    rejectUnknown(params, ['amount', 'currency', 'description', 'metadata', 'receipt_email', 'statement_descriptor_suffix']);
    const pi = this.#find(this.paymentIntents, 'payment_intent', id, 'intent');
    const locked = ['amount', 'currency', 'statement_descriptor_suffix'].find((k) => k in params);
    if (locked !== undefined && !AMOUNT_EDITABLE.includes(pi.status)) {
      throw invalidRequest(
        `This PaymentIntent's ${locked} could not be updated because it has a status of ${pi.status}. You may only update the ${locked} of a PaymentIntent with one of the following statuses: ${AMOUNT_EDITABLE.join(', ')}.`,
        locked,
        'payment_intent_unexpected_state',
      );
    }
    const changes = {
      amount: optAmount(params),
      currency: optCurrency(params),
      description: optNullable(params, 'description'),
      receipt_email: optEmail(params, 'receipt_email'),
      statement_descriptor_suffix: optNullable(params, 'statement_descriptor_suffix'),
    };
    const metadata = optMetadata(params);
    // Parameters that were not sent leave the field alone.
    for (const [field, value] of Object.entries(changes)) if (value !== undefined) Object.assign(pi, { [field]: value });
    applyMetadata(pi.metadata, metadata);
    return pi;
  }

  #cancelPaymentIntent(params: FormObject, id: string): FakePaymentIntent {
    rejectUnknown(params, ['cancellation_reason']);
    const pi = this.#find(this.paymentIntents, 'payment_intent', id, 'intent');
    const reason = optEnum(params, 'cancellation_reason', ['abandoned', 'duplicate', 'fraudulent', 'requested_by_customer']);
    if (!CANCELABLE.includes(pi.status)) {
      throw invalidRequest(
        `You cannot cancel this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be canceled: ${CANCELABLE.join(', ')}.`,
        undefined,
        'payment_intent_unexpected_state',
      );
    }
    Object.assign(pi, {
      status: 'canceled',
      canceled_at: unixNow(),
      cancellation_reason: reason ?? null,
    } satisfies Partial<FakePaymentIntent>);
    return pi;
  }

  #listPaymentIntents(params: FormObject): Stripe.ApiList<FakePaymentIntent> {
    rejectUnknown(params, LIST_PARAMS);
    return paginate([...this.paymentIntents.values()], params, '/v1/payment_intents', 'payment_intent');
  }

  #createRefund(params: FormObject): FakeRefund {
    rejectUnknown(params, ['amount', 'charge', 'metadata', 'payment_intent', 'reason']);
    const piId = optString(params, 'payment_intent');
    const chargeId = optString(params, 'charge');
    if (piId === undefined && chargeId === undefined) {
      throw invalidRequest(
        'One of the following params should be provided for this request: payment_intent or charge.',
        undefined,
        'parameter_missing',
      );
    }
    const pi = piId === undefined ? undefined : this.#find(this.paymentIntents, 'payment_intent', piId, 'payment_intent', 400);
    const charge =
      chargeId !== undefined
        ? this.#find(this.charges, 'charge', chargeId, 'charge', 400)
        : pi?.latest_charge
          ? this.charges.get(pi.latest_charge)
          : undefined;
    if (charge?.status !== 'succeeded') {
      const subject = piId === undefined ? `Charge ${chargeId}` : `This PaymentIntent (${piId})`;
      throw invalidRequest(
        `${subject} does not have a successful charge to refund.`,
        piId === undefined ? 'charge' : 'payment_intent',
        'charge_not_refundable',
      );
    }
    if (pi !== undefined && charge.payment_intent !== pi.id) {
      throw invalidRequest(`The charge ${charge.id} does not belong to the PaymentIntent ${pi.id}.`, 'charge');
    }
    const refundable = charge.amount_captured - charge.amount_refunded;
    if (refundable <= 0) throw invalidRequest(`Charge ${charge.id} has already been refunded.`, undefined, 'charge_already_refunded');
    const amount = optAmount(params) ?? refundable;
    if (amount > refundable) {
      throw invalidRequest(
        `Refund amount (${money(amount, charge.currency)}) is greater than unrefunded amount on charge (${money(refundable, charge.currency)})`,
        'amount',
        'amount_too_large',
      );
    }
    const metadata: Stripe.Metadata = {};
    applyMetadata(metadata, optMetadata(params));
    const reason = optEnum(params, 'reason', ['duplicate', 'fraudulent', 'requested_by_customer']) ?? null;
    const refund = buildRefund(charge, { amount, metadata, reason, status: this.refundStatus });
    this.refunds.set(refund.id, refund);
    // Pending refunds already count against the charge, so a second refund cannot overdraw it.
    charge.amount_refunded += amount;
    charge.refunded = charge.amount_refunded === charge.amount_captured;
    charge.refunds.data.unshift(refund);
    return refund;
  }

  #listRefunds(params: FormObject): Stripe.ApiList<FakeRefund> {
    rejectUnknown(params, [...LIST_PARAMS, 'charge', 'payment_intent']);
    const charge = optString(params, 'charge');
    const paymentIntent = optString(params, 'payment_intent');
    const items = [...this.refunds.values()].filter(
      (r) => (charge === undefined || r.charge === charge) && (paymentIntent === undefined || r.payment_intent === paymentIntent),
    );
    return paginate(items, params, '/v1/refunds', 'refund');
  }

  #createAccount(params: FormObject): FakeAccount {
    rejectUnknown(params, ['business_profile', 'business_type', 'capabilities', 'controller', 'country', 'email', 'metadata', 'type']);
    const type = optEnum(params, 'type', ['custom', 'express', 'standard']);
    const controller = optObject(params, 'controller');
    if (type !== undefined && controller !== undefined) {
      throw invalidRequest('You cannot specify both `type` and `controller`. Use `controller` to configure the account.', 'controller');
    }
    if (controller !== undefined) rejectUnknown(controller, ['fees', 'losses', 'requirement_collection', 'stripe_dashboard'], 'controller');
    const capabilities = optObject(params, 'capabilities') ?? {};
    const requested = Object.entries(capabilities).map(([name, value]) => {
      if (typeof value !== 'object' || Array.isArray(value) || value['requested'] !== 'true')
        throw invalidRequest('Invalid capabilities', `capabilities[${name}][requested]`);
      return name;
    });
    if (requested.includes('card_payments') && !requested.includes('transfers')) {
      throw invalidRequest('Accounts requesting `card_payments` must also request `transfers`.', 'capabilities');
    }
    const profile = optObject(params, 'business_profile');
    if (profile !== undefined) rejectUnknown(profile, ['name', 'url', 'mcc', 'product_description'], 'business_profile');
    const metadata: Stripe.Metadata = {};
    applyMetadata(metadata, optMetadata(params));
    const dashboard = (controller?.['stripe_dashboard'] as FormObject | undefined)?.['type'];
    const account = buildAccount({
      capabilitiesRequested: requested,
      business_type: optEnum(params, 'business_type', ['company', 'government_entity', 'individual', 'non_profit']) ?? null,
      business_profile:
        profile === undefined
          ? null
          : ({ name: optString(profile, 'name') ?? null, url: optString(profile, 'url') ?? null } as Stripe.Account.BusinessProfile),
      country: optString(params, 'country') ?? 'IT',
      email: optEmail(params, 'email') ?? null,
      metadata,
      type: type ?? (dashboard === 'express' ? 'express' : dashboard === 'full' ? 'standard' : 'custom'),
    });
    this.accounts.set(account.id, account);
    return account;
  }

  #createAccountLink(params: FormObject): FakeAccountLink {
    rejectUnknown(params, ['account', 'collect', 'collection_options', 'refresh_url', 'return_url', 'type']);
    const account = required(optString(params, 'account'), 'account');
    this.#find(this.accounts, 'account', account, 'account', 400);
    required(optEnum(params, 'type', ['account_onboarding', 'account_update']), 'type');
    for (const name of ['refresh_url', 'return_url']) {
      const url = optString(params, name);
      if (url !== undefined && !/^https?:\/\//.test(url)) throw invalidRequest('Not a valid URL', name, 'url_invalid');
    }
    const created = unixNow();
    const link: FakeAccountLink = {
      object: 'account_link',
      created,
      expires_at: created + 300,
      url: `https://connect.stripe.com/setup/e/${account}/${stripeId('link', 20).slice(5)}`,
    };
    this.accountLinks.push(link);
    return link;
  }

  #createTransfer(params: FormObject): FakeTransfer {
    rejectUnknown(params, ['amount', 'currency', 'description', 'destination', 'metadata', 'source_transaction', 'transfer_group']);
    const amount = required(optAmount(params), 'amount');
    const currency = required(optCurrency(params), 'currency');
    const destination = required(optString(params, 'destination'), 'destination');
    const account = this.#find(this.accounts, 'account', destination, 'destination', 400);
    if (account.capabilities?.transfers !== 'active') {
      throw invalidRequest(
        'Your destination account needs to have at least one of the following capabilities enabled: transfers, crypto_transfers, legacy_payments',
        'destination',
        'insufficient_capabilities_for_transfer',
      );
    }
    const source = optString(params, 'source_transaction');
    if (source !== undefined) {
      const charge = this.#find(this.charges, 'charge', source, 'source_transaction', 400);
      const used = [...this.transfers.values()].filter((t) => t.source_transaction === source).reduce((sum, t) => sum + t.amount, 0);
      const available = charge.amount_captured - charge.amount_refunded - used;
      if (charge.status !== 'succeeded' || amount > available) {
        throw invalidRequest(
          `The transfer amount (${amount}) exceeds the amount available from the source transaction ${source} (${Math.max(0, available)}).`,
          'amount',
          'transfer_source_balance_parameters_mismatch',
        );
      }
    }
    const metadata: Stripe.Metadata = {};
    applyMetadata(metadata, optMetadata(params));
    const transfer = buildTransfer({
      amount,
      currency,
      destination,
      metadata,
      description: optNullable(params, 'description') ?? null,
      source_transaction: source ?? null,
      transfer_group: optNullable(params, 'transfer_group') ?? null,
    });
    this.transfers.set(transfer.id, transfer);
    return transfer;
  }

  #listTransfers(params: FormObject): Stripe.ApiList<FakeTransfer> {
    rejectUnknown(params, [...LIST_PARAMS, 'destination', 'transfer_group']);
    const destination = optString(params, 'destination');
    const group = optString(params, 'transfer_group');
    const items = [...this.transfers.values()].filter(
      (t) => (destination === undefined || t.destination === destination) && (group === undefined || t.transfer_group === group),
    );
    return paginate(items, params, '/v1/transfers', 'transfer');
  }

  #createTransferReversal(params: FormObject, id: string): FakeTransferReversal {
    rejectUnknown(params, ['amount', 'description', 'metadata', 'refund_application_fee']);
    const transfer = this.#find(this.transfers, 'transfer', id);
    const reversible = transfer.amount - transfer.amount_reversed;
    const amount = optAmount(params) ?? reversible;
    if (reversible <= 0)
      throw invalidRequest(`Transfer ${transfer.id} has already been fully reversed.`, undefined, 'transfer_already_reversed');
    if (amount > reversible) {
      throw invalidRequest(
        `Reversal amount (${money(amount, transfer.currency)}) is greater than the remaining transfer amount (${money(reversible, transfer.currency)}).`,
        'amount',
      );
    }
    const metadata: Stripe.Metadata = {};
    applyMetadata(metadata, optMetadata(params));
    const reversal = buildTransferReversal(transfer, { amount, metadata });
    transfer.amount_reversed += amount;
    transfer.reversed = transfer.amount_reversed === transfer.amount;
    transfer.reversals.data.unshift(reversal);
    return reversal;
  }
}
