/**
 * A failure the caller can act on, with a permanent code. The HTTP layer maps codes to statuses in
 * one place (src/server/http/respond.ts); the domain never speaks HTTP.
 */
export type ErrorCode =
  | 'invalid_body'
  | 'invalid_query'
  | 'invalid_amount'
  | 'consent_required'
  | 'campaign_not_found'
  | 'campaign_not_open'
  | 'call_not_found'
  | 'pledge_not_found'
  | 'rate_limited'
  | 'invalid_signature'
  | 'webhook_not_configured'
  | 'demo_mode_only'
  | 'unauthorized'
  | 'admin_disabled'
  | 'not_found'
  | 'idempotency_key_reused'
  | 'storage_unavailable'
  | 'payment_provider_unavailable'
  | 'method_not_allowed'
  | 'infoday_not_found'
  | 'path_not_found'
  | 'registration_not_found'
  | 'already_registered'
  | 'registration_closed'
  | 'organisation_not_found'
  | 'stripe_not_configured'
  | 'payee_not_ready'
  | 'receipt_not_available'
  | 'forbidden'
  | 'csrf_failed'
  | 'bad_request'
  | 'origin_not_allowed'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'timeout';

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;

  constructor(code: ErrorCode, message: string, field?: string) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.field = field;
  }
}
