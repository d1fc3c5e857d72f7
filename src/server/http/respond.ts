/** The one place where failures become HTTP: `{ "error": { "code", "message", "field"? } }`. */
import { DomainError, type ErrorCode } from '../../domain/errors.ts';

const STATUS: Record<ErrorCode, number> = {
  invalid_body: 400,
  invalid_amount: 400,
  consent_required: 400,
  invalid_signature: 400,
  unauthorized: 401,
  forbidden: 403,
  csrf_failed: 403,
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
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}

export const statusOf = (code: ErrorCode) => STATUS[code];

export function errorResponse(code: ErrorCode | 'internal_error', message: string, field?: string): Response {
  const status = code === 'internal_error' ? 500 : STATUS[code];
  return json(status, { error: { code, message, ...(field && { field }) } });
}

/** Wraps a handler: domain failures become 4xx, anything else a logged 500 that tells nothing internal. */
export async function handle(work: () => Promise<Response>): Promise<Response> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DomainError) return errorResponse(error.code, error.message, error.field);
    console.error('unexpected error:', error);
    return errorResponse('internal_error', 'Something went wrong on our side. Nothing was charged twice; please try again in a moment.');
  }
}

export async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new DomainError('invalid_body', 'The request body must be JSON.');
  }
}
