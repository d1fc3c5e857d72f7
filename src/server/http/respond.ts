/** The one place where failures become HTTP: `{ "error": { "code", "message", "field"? } }`. */
import { DomainError, type ErrorCode } from '../../domain/errors.ts';
import { readBodyText } from './body.ts';
import { describeStorageError, isStorageUnavailable } from '../db/pool.ts';

const STATUS: Record<ErrorCode, number> = {
  invalid_body: 400,
  invalid_query: 400,
  invalid_amount: 400,
  consent_required: 400,
  invalid_signature: 400,
  unauthorized: 401,
  forbidden: 403,
  csrf_failed: 403,
  origin_not_allowed: 403,
  bad_request: 400,
  payload_too_large: 413,
  unsupported_media_type: 415,
  timeout: 504,
  campaign_not_found: 404,
  call_not_found: 404,
  pledge_not_found: 404,
  not_found: 404,
  demo_mode_only: 404,
  method_not_allowed: 405,
  campaign_not_open: 409,
  infoday_not_found: 404,
  path_not_found: 404,
  registration_not_found: 404,
  already_registered: 409,
  registration_closed: 409,
  organisation_not_found: 404,
  stripe_not_configured: 409,
  payee_not_ready: 409,
  receipt_not_available: 404,
  idempotency_key_reused: 422,
  rate_limited: 429,
  payment_provider_unavailable: 502,
  webhook_not_configured: 503,
  admin_disabled: 503,
  storage_unavailable: 503,
};

const NO_STORE = { 'cache-control': 'no-store' };

export function json(status: number, body: unknown, headers: Record<string, string> = NO_STORE): Response {
  return new Response(JSON.stringify(body), {
    status,
    // nosniff on every API answer, on Netlify as in the local server: a browser must not guess another type.
    headers: { 'content-type': 'application/json; charset=utf-8', 'x-content-type-options': 'nosniff', ...headers },
  });
}

/** Seconds a client should wait before trying again when the database is unreachable. */
export const STORAGE_RETRY_AFTER_SECONDS = 5;

export const statusOf = (code: ErrorCode) => STATUS[code];

export function errorResponse(code: ErrorCode | 'internal_error', message: string, field?: string): Response {
  const status = code === 'internal_error' ? 500 : STATUS[code];
  const headers = code === 'storage_unavailable' ? { ...NO_STORE, 'retry-after': String(STORAGE_RETRY_AFTER_SECONDS) } : NO_STORE;
  return json(status, { error: { code, message, ...(field && { field }) } }, headers);
}

const STORAGE_UNAVAILABLE_MESSAGE =
  'Our database cannot be reached just now. Nothing was lost or charged twice; please try again in a moment.';

/** Wraps a handler: domain failures become 4xx, anything else a logged 500 that tells nothing internal. */
export async function handle(work: () => Promise<Response>): Promise<Response> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DomainError) return errorResponse(error.code, error.message, error.field);
    if (isStorageUnavailable(error)) {
      // An outage fails every request the same way: one short line each, no stack trace.
      console.error(`storage unavailable: ${describeStorageError(error)}`);
      return errorResponse('storage_unavailable', STORAGE_UNAVAILABLE_MESSAGE);
    }
    console.error('unexpected error:', error);
    return errorResponse('internal_error', 'Something went wrong on our side. Nothing was charged twice; please try again in a moment.');
  }
}

export async function readJson(request: Request): Promise<unknown> {
  const text = await readBodyText(request);
  try {
    return JSON.parse(text);
  } catch {
    throw new DomainError('invalid_body', 'The request body must be JSON.');
  }
}
